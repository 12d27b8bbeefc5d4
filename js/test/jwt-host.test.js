// The host side of the JWT signature protocol (jwt-host.js) against a fake
// engine that answers verify_prepare, keys and verify with canned values:
// which path answers, what is cached, and that every failure of a host
// primitive ends in the module's verdict. The real module's agreement across
// paths is jwt-paths.test.js.

import assert from 'node:assert/strict'
import { generateKeyPairSync, sign } from 'node:crypto'
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { describe, test } from 'node:test'
import { EdgeguardError, createEdgeguard } from '../src/core.js'
import { HostVerifier, checkJwtCrypto, defaultJwtCrypto } from '../src/jwt-host.js'
import { jwtConfig } from '../src/jwt.js'
import { nodeJwtCrypto } from '../src/jwt-sig-node.js'
import { selfTest } from '../src/jwt-sig-selftest.js'
import { webJwtCrypto } from '../src/jwt-sig-webcrypto.js'
import { runAsync, runSync } from '../src/jwt-steps.js'
import { wasmModule } from './helpers.js'

const b64 = (b) => Buffer.from(b).toString('base64url')
const node = nodeJwtCrypto()
const web = webJwtCrypto(globalThis.crypto.subtle)

const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwk = (({ kty, crv, x, y }) => ({ kty, crv, x, y }))(pair.publicKey.export({ format: 'jwk' }))
const header = { alg: 'ES256' }
const claims = { sub: 'u1' }
const signed = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`
const good = `${signed}.${b64(sign('sha256', Buffer.from(signed), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }))}`
const bad = `${signed}.${b64(sign('sha256', Buffer.from(`${signed}x`), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }))}`
const MODULE = Object.freeze({ from: 'module' })

/**
 * A stand-in for the engine: verify_prepare answers `prepare(token)` (or
 * throws it when it is an error), verify answers MODULE, keys the one JWK.
 * `ops` records the operations called.
 */
function fakeEngine(prepare) {
  const ops = []
  return {
    ops,
    call(handle, op, token) {
      ops.push(op)
      if (op === 'verify') return MODULE
      if (op === 'keys') return { keys: [{ jwk }] }
      if (op !== 'verify_prepare') throw new EdgeguardError('unknown_op', op)
      const p = typeof prepare === 'function' ? prepare(token) : prepare
      if (p instanceof Error) throw p
      return p
    },
  }
}

const then = { header, claims }
const needsHost = (extra = {}) => ({ key: 0, alg: 'ES256', signed: signed.length, then, ...extra })
const needsHostError = (error) => ({ key: 0, alg: 'ES256', signed: signed.length, error })

/** A primitive wrapping `base`, counting imports and verifications, with overrides. */
function spy(base, overrides = {}) {
  const counts = { importKey: 0, verify: 0 }
  const c = {
    name: `spy(${base.name})`,
    sync: base.sync,
    importKey(...a) {
      counts.importKey++
      return (overrides.importKey ?? base.importKey)(...a)
    },
    verify(...a) {
      counts.verify++
      return (overrides.verify ?? base.verify)(...a)
    },
  }
  return { c, counts }
}

// Both drivers, so that every case runs the synchronous and the
// asynchronous path; verify() only uses synchronous primitives.
const paths = [
  ['verify', (h, t) => h.verify(t), node],
  ['verifyAsync (node:crypto)', (h, t) => h.verifyAsync(t), node],
  ['verifyAsync (WebCrypto)', (h, t) => h.verifyAsync(t), web],
]

/** The outcome of run(): {value} or {code, message, detail}. */
async function outcome(run) {
  try {
    return { value: await run() }
  } catch (e) {
    assert.ok(e instanceof EdgeguardError, `not an EdgeguardError: ${e}`)
    return { code: e.code, message: e.message, detail: e.detail }
  }
}

describe('HostVerifier', () => {
  for (const [name, run, base] of paths) {
    test(`${name}: the host verifies; keys are read and imported once`, async () => {
      const engine = fakeEngine(needsHost())
      const { c, counts } = spy(base)
      const h = new HostVerifier(engine, {}, [c])
      assert.deepEqual(await run(h, good), then)
      assert.deepEqual(await run(h, good), then)
      assert.deepEqual(engine.ops, ['verify_prepare', 'keys', 'verify_prepare'])
      assert.equal(counts.importKey, 1 + 1) // the known answers' key, then the verifier's
      assert.ok(counts.verify >= 2)
    })

    test(`${name}: a bad signature is the signature error, and wins over a claims error`, async () => {
      const claimsError = { code: 'expired', message: 'token expired at …', detail: { claim: 'exp' } }
      const signatureError = { code: 'signature', message: 'ES256 signature does not verify', detail: undefined }
      assert.deepEqual(await outcome(() => run(new HostVerifier(fakeEngine(needsHost()), {}, [base]), bad)), signatureError)
      const failing = needsHostError(claimsError)
      assert.deepEqual(await outcome(() => run(new HostVerifier(fakeEngine(failing), {}, [base]), bad)), signatureError)
      assert.deepEqual(await outcome(() => run(new HostVerifier(fakeEngine(failing), {}, [base]), good)), claimsError)
      const noDetail = needsHostError({ code: 'issuer', message: 'm' })
      assert.deepEqual(await outcome(() => run(new HostVerifier(fakeEngine(noDetail), {}, [base]), good)), { code: 'issuer', message: 'm', detail: undefined })
    })

    test(`${name}: done and errors before the signature come from the module, no primitive runs`, async () => {
      const { c, counts } = spy(base)
      const engine = fakeEngine((t) => (t === 'x' ? new EdgeguardError('malformed', 'no dots') : { done: then }))
      const h = new HostVerifier(engine, {}, [c])
      assert.deepEqual(await run(h, good), then)
      assert.deepEqual(await outcome(() => run(h, 'x')), { code: 'malformed', message: 'no dots', detail: undefined })
      assert.deepEqual(counts, { importKey: 0, verify: 0 })
      assert.deepEqual(engine.ops, ['verify_prepare', 'verify_prepare'])
    })

    test(`${name}: a failing primitive hands the token to the module`, async () => {
      // Each failure hits the tokens' own verification only, not the
      // known answers, which must pass for the token to reach it.
      const ours = (token) => token.startsWith(signed)
      const failures = {
        'verify throws': { verify: (alg, key, token, n) => { if (ours(token)) throw new Error('boom'); return base.verify(alg, key, token, n) } },
        'verify rejects or answers a non-boolean': { verify: (alg, key, token, n) => (ours(token) ? (base.sync ? 1 : Promise.reject(new Error('boom'))) : base.verify(alg, key, token, n)) },
        'import throws': { importKey: (k, alg) => { if (k === jwk) throw new Error('no JWK import'); return base.importKey(k, alg) } },
      }
      for (const [what, overrides] of Object.entries(failures)) {
        const { c } = spy(base, overrides)
        const h = new HostVerifier(fakeEngine(needsHost()), {}, [c])
        assert.deepEqual(await run(h, good), MODULE, what)
        assert.deepEqual(await run(h, bad), MODULE, what)
        assert.equal(await selfTest(c, 'ES256'), true, `${what}: the known answers passed`)
      }
    })
  }

  test('an import that failed is not retried; the next primitive is tried first', async () => {
    const { c: broken, counts } = spy(node, { importKey: (k, alg) => { if (k === jwk) throw new Error('no'); return node.importKey(k, alg) } })
    const h = new HostVerifier(fakeEngine(needsHost()), {}, [broken, web])
    for (let i = 0; i < 3; i++) assert.deepEqual(await h.verifyAsync(good), then)
    assert.equal(counts.importKey, 2) // the known answers' key once, the token's key once
    // verify() has only the broken synchronous primitive: the module answers.
    assert.deepEqual(h.verify(good), MODULE)
  })

  test('a primitive that fails its known answers is never used', async () => {
    const liar = { name: 'liar', sync: true, importKey: () => ({}), verify: () => true }
    const h = new HostVerifier(fakeEngine(needsHost()), {}, [liar])
    assert.deepEqual(h.verify(bad), MODULE)
    assert.deepEqual(await h.verifyAsync(bad), MODULE)
  })

  test('a closed verifier answers bad_handle on both paths', async () => {
    const eg = await createEdgeguard(wasmModule, { jwtCrypto: [node] })
    const v = eg.jwtVerifier({ algorithms: ['ES256'], key: jwk, require_exp: false })
    assert.deepEqual(v.verify(good), then)
    v.close()
    assert.throws(() => v.verify(good), (e) => e.code === 'bad_handle')
    await assert.rejects(v.verifyAsync(good), (e) => e.code === 'bad_handle')
    eg.close()
  })

  test('no primitives, or a module without verify_prepare: the module verifies', async () => {
    const none = fakeEngine(needsHost())
    assert.deepEqual(new HostVerifier(none, {}, []).verify(good), MODULE)
    assert.deepEqual(await new HostVerifier(none, {}, []).verifyAsync(good), MODULE)
    assert.deepEqual(none.ops, ['verify', 'verify'])
    const old = fakeEngine(new EdgeguardError('unknown_op', 'unknown operation "verify_prepare"'))
    const h = new HostVerifier(old, {}, [node])
    assert.deepEqual(h.verify(good), MODULE)
    assert.deepEqual(await h.verifyAsync(good), MODULE)
    assert.deepEqual(old.ops, ['verify_prepare', 'verify', 'verify'])
    // A synchronous verify with only WebCrypto: the module, without a prepare.
    const webOnly = fakeEngine(needsHost())
    assert.deepEqual(new HostVerifier(webOnly, {}, [web]).verify(good), MODULE)
    assert.deepEqual(webOnly.ops, ['verify'])
  })
})

describe('known answers (jwt-sig-selftest.js)', () => {
  const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']

  test('node:crypto and WebCrypto pass for every asymmetric algorithm, never for HS* or unknown ones', async () => {
    for (const alg of ASYMMETRIC) {
      assert.equal(selfTest(node, alg), true, `node:crypto ${alg}`)
      assert.equal(await selfTest(web, alg), true, `WebCrypto ${alg}`)
    }
    for (const alg of ['HS256', 'none', 'RS1']) {
      assert.equal(selfTest(node, alg), false, alg)
      assert.equal(await selfTest(web, alg), false, alg)
    }
  })

  test('a primitive that accepts too much, or refuses good signatures, fails', () => {
    const make = (verify) => ({ name: 'x', sync: true, importKey: node.importKey, verify })
    const always = make(() => true)
    const never = make(() => false)
    // PSS with the salt length left to OpenSSL (auto): salt 20 passes too.
    const autoSalt = make((alg, key, token, n) => node.verify(alg, { ...key, params: { ...key.params, saltLength: undefined } }, token, n))
    // ECDSA expecting DER (dsaEncoding ignored).
    const der = make((alg, key, token, n) => node.verify(alg, { ...key, params: { key: key.params.key } }, token, n))
    for (const alg of ASYMMETRIC) {
      assert.equal(selfTest(always, alg), false, alg)
      assert.equal(selfTest(never, alg), false, alg)
    }
    assert.equal(selfTest(autoSalt, 'RS256'), true, 'PKCS#1 v1.5 is not affected')
    for (const alg of ['PS256', 'PS384', 'PS512']) assert.equal(selfTest(autoSalt, alg), false, alg)
    for (const alg of ['ES256', 'ES384', 'ES512']) assert.equal(selfTest(der, alg), false, alg)
  })

  test('each primitive and algorithm is tested once', () => {
    const { c, counts } = spy(node)
    selfTest(c, 'ES256')
    selfTest(c, 'ES256')
    assert.equal(counts.importKey, 1)
  })
})

describe('step drivers (jwt-steps.js)', () => {
  function* steps(values) {
    const got = []
    for (const v of values) {
      try {
        got.push(yield v)
      } catch (e) {
        got.push(`caught ${e.message}`)
      }
    }
    return got
  }

  test('runSync passes values back; runAsync awaits them and throws rejections in', async () => {
    assert.deepEqual(runSync(steps([1, 'a'])), [1, 'a'])
    assert.deepEqual(await runAsync(steps([1, Promise.resolve(2), Promise.reject(new Error('r'))])), [1, 2, 'caught r'])
  })
})

describe('options', () => {
  test('signatures must be host or module; it is not passed to the module', () => {
    assert.equal(jwtConfig({ algorithms: ['ES256'], signatures: 'module' }).signatures, 'module')
    assert.equal(jwtConfig({ algorithms: ['ES256'] }).signatures, 'host')
    assert.deepEqual(jwtConfig({ algorithms: ['ES256'], signatures: 'host' }).config, { algorithms: ['ES256'] })
    assert.throws(() => jwtConfig({ algorithms: ['ES256'], signatures: 'webcrypto' }), (e) => e.code === 'bad_config' && /signatures/.test(e.message))
  })

  test('jwtCrypto is an array of primitives; the default is WebCrypto', async () => {
    assert.deepEqual(defaultJwtCrypto().map((c) => c.name), ['webcrypto'])
    assert.deepEqual(checkJwtCrypto(undefined).map((c) => c.name), ['webcrypto'])
    assert.deepEqual(checkJwtCrypto([]), [])
    for (const bad of [null, node, [{}], [{ importKey() {}, verify() {} }]]) {
      assert.throws(() => checkJwtCrypto(bad), (e) => e.code === 'bad_request', String(bad))
      await assert.rejects(createEdgeguard(wasmModule, { lazy: true, jwtCrypto: bad }), (e) => e.code === 'bad_request')
    }
  })

  test("the Node entry's load passes jwtCrypto, the caller's own winning", async () => {
    const { load } = await import('../src/entry-node.js')
    await assert.rejects(load(undefined, { jwtCrypto: 'node' }), (e) => e.code === 'bad_request' && /jwtCrypto/.test(e.message))
    await assert.rejects(load(undefined, null), (e) => e.code === 'bad_request' && /options/.test(e.message))
    const { c, counts } = spy(node)
    const eg = await load(undefined, { jwtCrypto: [c] })
    const v = eg.jwtVerifier({ algorithms: ['ES256'], key: jwk, require_exp: false })
    assert.deepEqual(v.verify(good), then)
    eg.close()
    // Two known answers and the token.
    assert.equal(counts.verify, 3, 'the given primitive was not used')
  })

  test("the Node entry's load uses node:crypto by default", async () => {
    const { load } = await import('../src/entry-node.js')
    // node:crypto's verify, counted: its ESM bindings follow the CommonJS
    // exports after syncBuiltinESMExports.
    const cjs = createRequire(import.meta.url)('node:crypto')
    const original = cjs.verify
    let calls = 0
    cjs.verify = (...args) => {
      calls++
      return original(...args)
    }
    syncBuiltinESMExports()
    try {
      for (const options of [{}, { jwtCrypto: undefined }]) {
        const eg = await load(undefined, options)
        const v = eg.jwtVerifier({ algorithms: ['ES256'], key: jwk, require_exp: false })
        assert.deepEqual(v.verify(good), then) // the first may run the known answers too
        const before = calls
        assert.deepEqual(v.verify(good), then)
        assert.equal(calls - before, 1, JSON.stringify(options))
        eg.close()
      }
    } finally {
      cjs.verify = original
      syncBuiltinESMExports()
    }
  })
})

// A module answering outside the protocol must never yield a verdict: with
// a good signature a missing `then` used to come back as an undefined
// result, which a caller may read as success.
describe('verify_prepare answers outside the protocol fail closed', () => {
  const cases = [
    ['no then and no error', { key: 0, alg: 'ES256', signed: signed.length }],
    ['then and error', needsHost({ error: { code: 'expired', message: 'x' } })],
    ['then without claims', needsHost({ then: { header } })],
    ['a stray member', needsHost({ extra: 1 })],
    ['signed not at the second dot', needsHost({ signed: signed.length - 1 })],
    ['signed at the first dot', needsHost({ signed: signed.indexOf('.') })],
    ['a fractional key index', needsHost({ key: 0.5 })],
    ['done without a result', { done: true }],
    ['done beside then', { done: then, then }],
    ['an array', [then]],
    ['null', null],
  ]
  for (const [name, answer] of cases) {
    for (const [path, run, base] of paths) {
      test(`${name} (${path})`, async () => {
        const got = await outcome(() => run(new HostVerifier(fakeEngine(answer), {}, [base]), good))
        assert.equal(got.code, 'internal', JSON.stringify(got))
      })
    }
  }
})
