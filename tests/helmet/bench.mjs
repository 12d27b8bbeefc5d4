// Per-response cost of security headers in Node: helmet's middleware vs
// edgeguard's eg.securityHeaders (docs/headers.md, "Performance"), and the
// CSP evaluator's throughput. Every way is first checked to produce the same
// header set as helmet, so the numbers compare equal work.
//
//   cd tests/helmet && npm ci && node bench.mjs [--quick]
//
// Needs js/dist/edgeguard.wasm (make build).

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import helmet from 'helmet'
import { createEdgeguard } from '../../js/src/core.js'

const quick = process.argv.includes('--quick')
const ROUNDS = quick ? 2 : 7
const N = quick ? 2_000 : 50_000

const eg = await createEdgeguard(await WebAssembly.compile(await readFile(new URL('../../js/dist/edgeguard.wasm', import.meta.url))))

// A response stand-in with the two methods helmet calls.
function fakeResponse() {
  return {
    headers: Object.create(null),
    locals: {},
    setHeader(name, value) {
      this.headers[name.toLowerCase()] = value
    },
    removeHeader(name) {
      delete this.headers[name.toLowerCase()]
    },
  }
}

// Applies one edgeguard header set to a response, as a middleware would.
function apply(res, set) {
  for (const name in set.headers) res.setHeader(name, set.headers[name])
  for (const name of set.remove) res.removeHeader(name)
}

const STRICT = { contentSecurityPolicy: { preset: 'strict' } }
// helmet written to give the same policy: the nonce function reads the
// nonce a preceding middleware put in res.locals (helmet's documented way).
const helmetStrict = helmet({
  contentSecurityPolicy: {
    directives: {
      baseUri: ["'none'"],
      scriptSrc: [(_req, res) => `'nonce-${res.locals.nonce}'`, "'strict-dynamic'", 'https:', "'unsafe-inline'"],
    },
  },
})
const helmetDefault = helmet()
const req = {}

function helmetResponse(mw, withNonce) {
  const res = fakeResponse()
  if (withNonce) res.locals.nonce = randomBytes(16).toString('base64')
  mw(req, res, () => {})
  return res
}

// Same headers (the nonce aside) before anything is timed.
{
  const h = helmetResponse(helmetStrict, true)
  const e = fakeResponse()
  const set = eg.securityHeaders(STRICT)
  apply(e, set)
  const unNonce = (hs, n) => ({ ...hs, 'content-security-policy': hs['content-security-policy'].replace(n, 'N') })
  assert.deepEqual(unNonce(e.headers, set.nonce), unNonce(h.headers, h.locals.nonce), 'strict: edgeguard and helmet differ')
  const d = fakeResponse()
  apply(d, eg.securityHeaders())
  assert.deepEqual(d.headers, helmetResponse(helmetDefault, false).headers, 'defaults: edgeguard and helmet differ')
}

// Best of ROUNDS rounds of n calls, in ns per call. The best round is the
// one least disturbed by other processes on a shared machine.
function bench(fn, n = N) {
  for (let i = 0; i < n / 10; i++) fn() // warm up the JIT
  let best = Infinity
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n)
  }
  return best
}

const compiled = eg.compileSecurityHeaders(STRICT)
const rows = [
  ['helmet 8.3.0 middleware, strict CSP, nonce from randomBytes(16)', () => helmetResponse(helmetStrict, true)],
  ['eg.securityHeaders(strict) + apply (template, getRandomValues nonce)', () => apply(fakeResponse(), eg.securityHeaders(STRICT))],
  ['eg.compileSecurityHeaders(strict).build() + apply', () => apply(fakeResponse(), compiled.build())],
  ['eg.securityHeaders(strict, {nonce}) + apply (module build call)', () => apply(fakeResponse(), eg.securityHeaders(STRICT, { nonce: randomBytes(16).toString('base64') }))],
  ['helmet 8.3.0 middleware, defaults', () => helmetResponse(helmetDefault, false)],
  ['eg.securityHeaders() + apply, defaults', () => apply(fakeResponse(), eg.securityHeaders())],
]
const results = rows.map(([name, fn]) => [name, bench(fn)])
const base = results[0][1]
console.log(`per response, best of ${ROUNDS} × ${N} (Node ${process.version})`)
for (const [name, ns] of results) {
  const vs = name.includes('defaults') ? results[4][1] / ns : base / ns
  console.log(`${ns.toFixed(0).padStart(7)} ns  ${vs.toFixed(2)}× helmet  ${name}`)
}

const policies = {
  "helmet's default policy": eg.securityHeaders().headers['Content-Security-Policy'],
  'strict preset policy': compiled.build().headers['Content-Security-Policy'],
  'weak allowlist policy (many findings)': "script-src 'self' 'unsafe-inline' 'unsafe-eval' https://ajax.googleapis.com https://www.google.com http: 10.0.0.1; default-src *; report-uri /csp",
}
console.log('\nCSP evaluator (default + strict checks), one module call per policy')
for (const [name, policy] of Object.entries(policies)) {
  const ns = bench(() => eg.evaluateCsp(policy, { strict: true }), N / 25)
  console.log(`${ns.toFixed(0).padStart(7)} ns  ${(1e9 / ns).toFixed(0).padStart(7)} policies/s  ${name} (${policy.length} bytes)`)
}
eg.close()
