// Verifications per second in Node, edgeguard against jose (WebCrypto,
// asynchronous), per algorithm, same token and equivalent options, on each
// of edgeguard's signature paths (docs/jwt.md, "Host signatures"):
//
//   module          signatures: 'module' — the signature in pure Go inside wasm
//   verify          the default in Node: the module prepares, node:crypto checks
//                   the signature synchronously (HS* stays in the module)
//   verifyAsync     the same through the promise-returning method
//   WebCrypto       verifyAsync on an engine without node:crypto: the path of
//                   browsers and workerd, measured here in Node's WebCrypto
//
//   node bench.mjs [--ms 300] [--rounds 5] [--algs HS256,RS256,ES256,EdDSA]
//
// Contenders run interleaved, round after round, and the median round is
// reported, which keeps a shared machine's noise out of the ratios. Rates
// are per second of the process's CPU time (all threads: WebCrypto works on
// libuv's pool) and, after them, per wall-clock second; on a loaded machine
// the first is the one to trust, as descheduled time counts for nobody.

import assert from 'node:assert/strict'
import { ALGORITHMS, eg, egWeb, goodClaims, jose, keysFor, options, signClaims } from './harness.mjs'

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : dflt
}
const MS = Number(arg('ms', 300))
const ROUNDS = Number(arg('rounds', 5))
const ALGS = arg('algs', 'HS256,RS256,ES256,EdDSA').split(',')
for (const a of ALGS) if (!ALGORITHMS.includes(a)) throw new Error(`unknown algorithm ${a}`)

// Runs fn (sync or async) repeatedly for about MS milliseconds of CPU
// time; returns operations per CPU second and per wall second.
async function measure(fn) {
  let n = 0
  const batch = 16
  const start = performance.now()
  const cpu0 = process.cpuUsage()
  let cpu = 0
  while (cpu < MS) {
    for (let i = 0; i < batch; i++) await fn()
    n += batch
    const d = process.cpuUsage(cpu0)
    cpu = (d.user + d.system) / 1000
  }
  return { cpu: (n / cpu) * 1000, wall: (n / (performance.now() - start)) * 1000 }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const PATHS = ['module', 'verify', 'verifyAsync', 'WebCrypto']

const rows = []
for (const alg of ALGS) {
  const keys = await keysFor(alg)
  const token = await signClaims(alg, keys, goodClaims())
  const o = options(alg)
  const moduleOnly = eg.jwtVerifier({ ...o.eg, ...keys.egKey, signatures: 'module' })
  const host = eg.jwtVerifier({ ...o.eg, ...keys.egKey })
  const web = egWeb.jwtVerifier({ ...o.eg, ...keys.egKey })
  const contenders = {
    jose: () => jose.jwtVerify(token, keys.verify, o.jose),
    module: () => moduleOnly.verify(token),
    verify: () => host.verify(token),
    verifyAsync: () => host.verifyAsync(token),
    WebCrypto: () => web.verifyAsync(token),
  }
  // Every contender accepts the token with the same claims: a benchmark
  // of rejections, or of different work, would mean nothing.
  const expected = (await contenders.jose()).payload
  for (const [name, fn] of Object.entries(contenders)) {
    const got = await fn()
    assert.deepEqual(got.payload ?? got.claims, expected, `${alg} ${name}`)
  }
  // Warm-up: V8 tiers up, WebCrypto imports, the module's first calls.
  for (const fn of Object.values(contenders)) for (let i = 0; i < 200; i++) await fn()
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(contenders)) samples[name].push(await measure(fn))
  }
  const med = (k, unit) => median(samples[k].map((s) => s[unit]))
  rows.push({ alg, cpu: Object.fromEntries(Object.keys(contenders).map((k) => [k, med(k, 'cpu')])), wall: Object.fromEntries(Object.keys(contenders).map((k) => [k, med(k, 'wall')])) })
  moduleOnly.close()
  host.close()
  web.close()
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(11)
const ratio = (a, b) => `${(a / b).toFixed(2)}×`.padStart(7)
console.log(`Node ${process.version}, ${ROUNDS} rounds of ${MS} ms CPU time each, median round`)
for (const unit of ['cpu', 'wall']) {
  console.log(`\nverifications per ${unit === 'cpu' ? 'CPU' : 'wall-clock'} second, and ÷ jose`)
  console.log(`alg            jose  ${PATHS.map((p) => `${p.padStart(11)}   ÷jose`).join('  ')}`)
  for (const { alg, [unit]: r } of rows) {
    console.log(`${alg.padEnd(7)} ${fmt(r.jose)}  ${PATHS.map((p) => `${fmt(r[p])} ${ratio(r[p], r.jose)}`).join('  ')}`)
  }
}
eg.close()
egWeb.close()
