// Every signature path gives the module's verdict: the module alone,
// node:crypto through verify and verifyAsync, and WebCrypto through
// verifyAsync, on every JWT conformance vector's token and on tokens of
// every algorithm made here (valid, tampered, another key's, expired or
// failing a claim with a good or a bad signature). The same verdicts,
// exactly (result, or code, message and detail), in Node, and in Deno, Bun,
// workerd and Chromium (those two: module and WebCrypto) when they are
// installed (../tests/node_modules, /usr/bin/chromium; skipped otherwise).

import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createEdgeguard } from '../src/core.js'
import { jwtConfig } from '../src/jwt.js'
import { nodeJwtCrypto } from '../src/jwt-sig-node.js'
import { selfTest } from '../src/jwt-sig-selftest.js'
import { webJwtCrypto } from '../src/jwt-sig-webcrypto.js'
import { pathVerdicts } from './fixtures/jwt-paths.js'
import { workerdPath } from '../../tests/workerd-ratelimit/start.mjs'
import { serveWorkerd, workerConfig } from '../../tests/runners/workerd.mjs'
import { wasmModule } from './helpers.js'

const NOW = 1_800_000_000
const ISSUER = 'https://idp.test'
const b64 = (b) => Buffer.from(b).toString('base64url')

// The conformance vectors' verifications (tests/vectors/jwt*.json).
function vectorCases() {
  const dir = new URL('../../tests/vectors/', import.meta.url)
  const cases = []
  for (const file of readdirSync(dir).filter((f) => /^jwt.*\.json$/.test(f)).sort()) {
    for (const v of JSON.parse(readFileSync(new URL(file, dir), 'utf8')).vectors) {
      if (v.kind !== 'jwt' || (v.op !== 'verify' && v.op !== 'verify_prepare') || typeof v.config !== 'object' || v.config === null) continue
      const token = v.input ?? Buffer.from(v.input_b64, 'base64').toString('latin1')
      // A verify_prepare answer is not the verdict: only its errors are.
      const expected = v.error ?? (v.op === 'verify' ? 'ok' : undefined)
      cases.push({ name: v.name, config: v.config, token, expected })
    }
  }
  return cases
}

// alg → [key type, node:crypto hash, sign options]
const ALGS = {
  HS256: ['oct', 'sha256'],
  RS256: ['rsa', 'sha256'], RS384: ['rsa', 'sha384'], RS512: ['rsa', 'sha512'],
  PS256: ['rsa', 'sha256', { padding: 6, saltLength: 32 }],
  PS384: ['rsa', 'sha384', { padding: 6, saltLength: 48 }],
  PS512: ['rsa', 'sha512', { padding: 6, saltLength: 64 }],
  ES256: ['P-256', 'sha256', { dsaEncoding: 'ieee-p1363' }],
  ES384: ['P-384', 'sha384', { dsaEncoding: 'ieee-p1363' }],
  ES512: ['P-521', 'sha512', { dsaEncoding: 'ieee-p1363' }],
  EdDSA: ['ed25519', null], Ed25519: ['ed25519', null],
}

// Two test-only keys per type: the verifier's, and another one.
function keyPair(type) {
  if (type === 'oct') return { secret: randomBytes(32) }
  if (type === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 })
  if (type === 'ed25519') return generateKeyPairSync('ed25519')
  return generateKeyPairSync('ec', { namedCurve: type })
}
const pairs = {}
const pairOf = (type, which) => (pairs[`${type} ${which}`] ??= keyPair(type))

function jws(alg, header, claims, pair) {
  return jwsText(alg, header, JSON.stringify(claims), pair)
}

// A token over exact payload text.
function jwsText(alg, header, payload, pair) {
  const input = `${b64(JSON.stringify({ alg, ...header }))}.${b64(payload)}`
  const [, hash, opts] = ALGS[alg]
  const sig = pair.secret
    ? createHmac(hash, pair.secret).update(input).digest()
    : sign(hash, Buffer.from(input), { key: pair.privateKey, ...opts })
  return `${input}.${b64(sig)}`
}

// The same token with one signature bit flipped (the first byte: no
// unused bits, so the string stays canonical).
function flipSignature(token) {
  const dot = token.lastIndexOf('.')
  const sig = Buffer.from(token.slice(dot + 1), 'base64url')
  sig[0] ^= 1
  return `${token.slice(0, dot)}.${b64(sig)}`
}

function generatedCases() {
  const cases = []
  const good = { sub: 'u1', iss: ISSUER, aud: 'api', iat: NOW - 60, exp: NOW + 3600 }
  for (const alg of Object.keys(ALGS)) {
    const [type] = ALGS[alg]
    const mine = pairOf(type, 'mine')
    const other = pairOf(type, 'other')
    const key = mine.secret ? { secret: b64(mine.secret) } : { key: mine.publicKey.export({ format: 'jwk' }) }
    const config = { algorithms: [alg], issuer: ISSUER, audience: 'api', now: NOW, ...key }
    const add = (what, token, expected, cfg = config) => cases.push({ name: `${alg} ${what}`, config: cfg, token, expected })
    const valid = jws(alg, { typ: 'JWT' }, good, mine)
    const expired = jws(alg, {}, { ...good, exp: NOW - 1 }, mine)
    const wrongIssuer = jws(alg, {}, { ...good, iss: 'https://evil.test' }, mine)
    add('valid', valid, 'ok')
    add('tampered signature', flipSignature(valid), 'signature')
    add('payload of another token', `${valid.split('.').slice(0, 1)}.${expired.split('.')[1]}.${valid.split('.')[2]}`, 'signature')
    add("another key's signature", jws(alg, {}, good, other), 'signature')
    add('expired, good signature', expired, 'expired')
    add('expired, bad signature', flipSignature(expired), 'signature')
    add('wrong issuer, good signature', wrongIssuer, 'issuer')
    add('wrong issuer, bad signature', flipSignature(wrongIssuer), 'signature')
    add('no exp', jws(alg, {}, { ...good, exp: undefined }, mine), 'claim_missing')
    add('duplicate claim names', jwsText(alg, {}, `{"sub":"a","sub":"b","exp":${NOW + 60}}`, mine), 'malformed')
    if (!mine.secret) {
      // A JWK Set: the token's key is the second one, by kid.
      const jwks = { keys: [{ ...other.publicKey.export({ format: 'jwk' }), kid: 'a' }, { ...mine.publicKey.export({ format: 'jwk' }), kid: 'b' }] }
      const setConfig = { algorithms: [alg], issuer: ISSUER, audience: 'api', now: NOW, jwks }
      add('JWK Set, second key', jws(alg, { kid: 'b' }, good, mine), 'ok', setConfig)
      add('JWK Set, first key named, second key signed', jws(alg, { kid: 'a' }, good, mine), 'signature', setConfig)
    }
  }
  return cases
}

const cases = [...vectorCases(), ...generatedCases()]

// The algorithm whose primitive a case needs (verify_prepare names a key),
// or null: HS*, or refused before the signature (or at open).
const engine = await createEdgeguard(wasmModule, { jwtCrypto: [] })
after(() => engine.close())
function hostAlg(c) {
  let h
  try {
    h = engine.open('jwt', jwtConfig(c.config).config)
    return engine.call(h, 'verify_prepare', c.token).alg ?? null
  } catch {
    return null
  } finally {
    h?.close()
  }
}

/**
 * Checks one runtime's verdicts: every path equals the module's, which
 * equals the expectation, and each path ran its primitive exactly for the
 * cases that need one with an algorithm whose known answers it passes.
 * Returns how many cases each path checked in the host.
 */
function checkVerdicts(runtime, { usable, results }, expectedPaths) {
  assert.equal(results.length, cases.length)
  const hostChecked = Object.fromEntries(expectedPaths.slice(1).map((p) => [p, 0]))
  for (const [i, { name, verdicts, hostCalls }] of results.entries()) {
    const c = cases[i]
    assert.equal(name, c.name)
    assert.deepEqual(Object.keys(verdicts), expectedPaths, `${runtime}: ${name}: paths`)
    const reference = verdicts.module
    if (c.expected !== undefined) assert.equal(reference.ok ? 'ok' : reference.code, c.expected, `${runtime}: ${name}: the module's verdict`)
    for (const [path, v] of Object.entries(verdicts)) {
      assert.deepEqual(v, reference, `${runtime}: ${name}: ${path} differs from the module`)
    }
    const alg = hostAlg(c)
    assert.equal(hostCalls.module, 0)
    for (const path of expectedPaths.slice(1)) {
      const host = alg !== null && usable[path.startsWith('node') ? 'node' : 'web'][alg]
      assert.equal(hostCalls[path], host ? 1 : 0, `${runtime}: ${name}: ${path} ${host ? 'did not run' : 'ran'} the host primitive`)
      if (host) hostChecked[path]++
    }
  }
  return hostChecked
}

// Where node:crypto and WebCrypto are complete, every algorithm must pass.
function allUsable(runtime, usable) {
  for (const [label, algs] of Object.entries(usable)) {
    for (const [alg, ok] of Object.entries(algs)) assert.equal(ok, true, `${runtime}: ${label} fails its known answers for ${alg}`)
  }
}

const ALL_PATHS = ['module', 'node:crypto verify', 'node:crypto verifyAsync', 'WebCrypto verifyAsync']

// The workerd worker: POST the cases, get the verdicts of the module and
// WebCrypto paths. 'edgeguard' is the package's workerd entry and
// 'edgeguard-jwt-sig' a shim over its WebCrypto primitive and known answers
// (both named in the capnp configuration). Engines are made per request:
// workerd refuses random bytes, which Go's runtime needs, at global scope.
const WORKER = `
import { load } from 'edgeguard'
import { selfTest, webJwtCrypto } from 'edgeguard-jwt-sig'
import { pathVerdicts } from './jwt-paths.js'
export default {
  async fetch(request) {
    const cases = await request.json()
    const makeEngine = async (options) => {
      const eg = await load(undefined, options)
      await eg.ready()
      return eg
    }
    return Response.json(await pathVerdicts({ makeEngine, cryptos: { web: webJwtCrypto(crypto.subtle) }, selfTest }, cases))
  },
}
`

// The Chromium page's script: the same, POSTed back to the page server,
// which maps /edgeguard.mjs to the browser entry and /jwt-sig.mjs to the
// WebCrypto primitive and known answers.
const PAGE = `
import { load } from '/edgeguard.mjs'
import { selfTest, webJwtCrypto } from '/jwt-sig.mjs'
import { pathVerdicts } from '/js/test/fixtures/jwt-paths.js'
const post = (body) => fetch('/results', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
try {
  const cases = await (await fetch('/cases.json')).json()
  const cryptos = { web: webJwtCrypto(globalThis.crypto.subtle) }
  await post(await pathVerdicts({ makeEngine: (options) => load(undefined, options), cryptos, selfTest }, cases))
} catch (err) {
  await post({ error: String(err?.stack ?? err) })
}
`
const nodeRuntime = {
  makeEngine: (options) => createEdgeguard(wasmModule, options),
  cryptos: { node: nodeJwtCrypto(), web: webJwtCrypto(globalThis.crypto.subtle) },
  selfTest,
}

describe('signature paths', () => {
  test(`node: ${cases.length} cases, every path gives the module's verdict`, async () => {
    const out = await pathVerdicts(nodeRuntime, cases)
    allUsable('node', out.usable)
    const hostChecked = checkVerdicts('node', out, ALL_PATHS)
    // Generated: 11 asymmetric algorithms × 9 host-checked tokens, plus the vectors' share.
    for (const [path, n] of Object.entries(hostChecked)) assert.ok(n >= 11 * 9 + 20, `${path}: only ${n} cases reached the host primitive`)
  })

  const installed = (rel) => {
    const p = fileURLToPath(new URL(`../../tests/node_modules/${rel}`, import.meta.url))
    return existsSync(p) ? p : null
  }
  const runtimes = [
    { name: 'deno', bin: installed('@deno/linux-x64-glibc/deno'), args: ['eval', '--node-modules-dir=manual'] },
    { name: 'bun', bin: installed('@oven/bun-linux-x64/bin/bun'), args: ['-e'] },
  ]
  const dir = mkdtempSync(join(tmpdir(), 'edgeguard-jwt-paths-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const casesFile = join(dir, 'cases.json')
  writeFileSync(casesFile, JSON.stringify(cases))
  const src = (f) => new URL(`../src/${f}`, import.meta.url).href
  const script = `
import { readFile } from 'node:fs/promises'
import { createEdgeguard } from '${src('core.js')}'
import { nodeJwtCrypto } from '${src('jwt-sig-node.js')}'
import { selfTest } from '${src('jwt-sig-selftest.js')}'
import { webJwtCrypto } from '${src('jwt-sig-webcrypto.js')}'
import { pathVerdicts } from '${new URL('fixtures/jwt-paths.js', import.meta.url).href}'
const cases = JSON.parse(await readFile(${JSON.stringify(casesFile)}, 'utf8'))
const module = await WebAssembly.compile(await readFile(new URL('${new URL('../dist/edgeguard.wasm', import.meta.url).href}')))
const makeEngine = (options) => createEdgeguard(module, options)
const out = await pathVerdicts({ makeEngine, cryptos: { node: nodeJwtCrypto(), web: webJwtCrypto(globalThis.crypto.subtle) }, selfTest }, cases)
console.log(JSON.stringify(out))
`
  for (const rt of runtimes) {
    test(`${rt.name}: the same verdicts on every path`, { skip: rt.bin ? false : `${rt.name} is not installed in ../tests/node_modules` }, () => {
      const stdout = execFileSync(rt.bin, [...rt.args, script], { cwd: dir, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 })
      const out = JSON.parse(stdout.trim().split('\n').pop())
      allUsable(rt.name, out.usable)
      checkVerdicts(rt.name, out, ALL_PATHS)
    })
  }

  // workerd: the module and WebCrypto. An algorithm whose known answers
  // WebCrypto fails there is verified by the module (same verdicts); the
  // test reports which.
  test('workerd: the same verdicts on the module and WebCrypto paths', { skip: workerdPath() ? false : 'workerd is not installed in ../tests/node_modules' }, async (t) => {
    const configDir = join(dir, 'workerd')
    // The worker and the runtime-neutral fixture sit together in a
    // directory of their own (test/ holds no worker-only module, as
    // node --test would run it).
    const workerDir = join(dir, 'worker')
    mkdirSync(workerDir)
    writeFileSync(join(workerDir, 'worker.mjs'), WORKER)
    copyFileSync(fileURLToPath(new URL('fixtures/jwt-paths.js', import.meta.url)), join(workerDir, 'jwt-paths.js'))
    const repoDir = fileURLToPath(new URL('../../', import.meta.url))
    const config = workerConfig({
      generatedBy: 'js/test/jwt-paths.test.js',
      configDir,
      workerDir,
      roots: [join(workerDir, 'worker.mjs'), join(repoDir, 'js/src/entry-workerd.js'), join(repoDir, 'js/src/jwt-sig-webcrypto.js'), join(repoDir, 'js/src/jwt-sig-selftest.js')],
      shims: {
        edgeguard: 'export * from "./js/src/entry-workerd.js"',
        'edgeguard-jwt-sig': 'export { webJwtCrypto } from "./js/src/jwt-sig-webcrypto.js"; export { selfTest } from "./js/src/jwt-sig-selftest.js"',
      },
    })
    const server = await serveWorkerd(configDir, config)
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', body: JSON.stringify(cases) })
      const body = await res.text()
      assert.equal(res.status, 200, `${body.slice(0, 2000)}\n${server.output()}`)
      const out = JSON.parse(body)
      const refused = Object.entries(out.usable.web).filter(([, ok]) => !ok).map(([alg]) => alg)
      t.diagnostic(`workerd WebCrypto: known answers fail for ${refused.join(', ') || 'no algorithm'} (the module verifies those)`)
      const hostChecked = checkVerdicts('workerd', out, ['module', 'WebCrypto verifyAsync'])
      assert.ok(hostChecked['WebCrypto verifyAsync'] >= 50, `only ${hostChecked['WebCrypto verifyAsync']} cases reached WebCrypto`)
    } finally {
      server.stop()
    }
  })

  // Chromium (Debian's, driven by playwright-core from ../tests), under the
  // conformance page's strict CSP: the module and WebCrypto.
  const chromiumBin = '/usr/bin/chromium'
  const playwright = installed('playwright-core/package.json')
  test('chromium: the same verdicts on the module and WebCrypto paths', { skip: existsSync(chromiumBin) && playwright ? false : 'chromium or playwright-core (../tests/node_modules) is not installed' }, async (t) => {
    const { chromiumArgs, chromiumPath, closeServer, contentSecurityPolicy, startPageServer } = await import('../../tests/runners/chromium.mjs')
    const { chromium } = await import('../../tests/node_modules/playwright-core/index.mjs')
    let deliver
    const delivered = new Promise((resolve) => { deliver = resolve })
    const server = await startPageServer({
      '/': { text: '<!doctype html><meta charset="utf-8"><title>jwt paths</title><script type="module" src="/page.mjs"></script>', type: '.html' },
      '/page.mjs': { text: PAGE, type: '.mjs' },
      '/edgeguard.mjs': { text: "export * from '/js/src/entry-browser.js'\n", type: '.mjs' },
      '/jwt-sig.mjs': { text: "export { webJwtCrypto } from '/js/src/jwt-sig-webcrypto.js'\nexport { selfTest } from '/js/src/jwt-sig-selftest.js'\n", type: '.mjs' },
      '/cases.json': { text: JSON.stringify(cases), type: '.json' },
    }, { headers: { 'content-security-policy': contentSecurityPolicy }, onPost: deliver })
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 })
    try {
      const page = await browser.newPage()
      const errors = []
      page.on('pageerror', (err) => errors.push(String(err)))
      await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load', timeout: 30_000 })
      const out = await Promise.race([delivered, new Promise((resolve, reject) => setTimeout(() => reject(new Error(`no results within 180 s; page errors: ${errors.join('; ')}`)), 180_000).unref())])
      assert.equal(out.error, undefined, out.error)
      assert.deepEqual(errors, [])
      const refused = Object.entries(out.usable.web).filter(([, ok]) => !ok).map(([alg]) => alg)
      t.diagnostic(`chromium ${browser.version()} WebCrypto: known answers fail for ${refused.join(', ') || 'no algorithm'} (the module verifies those)`)
      const hostChecked = checkVerdicts('chromium', out, ['module', 'WebCrypto verifyAsync'])
      assert.ok(hostChecked['WebCrypto verifyAsync'] >= 50, `only ${hostChecked['WebCrypto verifyAsync']} cases reached WebCrypto`)
    } finally {
      await browser.close()
      await closeServer(server)
    }
  })
})
