// Verifications per second in Node: edgeguard's module (wasm, pure-Go
// crypto, synchronous) against jose (WebCrypto, asynchronous), per
// algorithm, same token and equivalent options; and edgeguard with its
// verified-token cache (cache_size) answering a repeated token.
//
//   node bench.mjs [--ms 300] [--rounds 5] [--algs HS256,RS256,ES256,EdDSA]
//
// Contenders run interleaved, round after round, and the median round is
// reported, which keeps a shared machine's noise out of the ratios.

import { ALGORITHMS, eg, goodClaims, jose, keysFor, options, signClaims } from './harness.mjs'

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : dflt
}
const MS = Number(arg('ms', 300))
const ROUNDS = Number(arg('rounds', 5))
const ALGS = arg('algs', 'HS256,RS256,ES256,EdDSA').split(',')
for (const a of ALGS) if (!ALGORITHMS.includes(a)) throw new Error(`unknown algorithm ${a}`)

// Runs fn (sync or async) repeatedly for about MS milliseconds; returns
// operations per second.
async function measure(fn) {
  let n = 0
  const batch = 16
  const start = performance.now()
  let elapsed = 0
  while (elapsed < MS) {
    for (let i = 0; i < batch; i++) await fn()
    n += batch
    elapsed = performance.now() - start
  }
  return (n / elapsed) * 1000
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const rows = []
for (const alg of ALGS) {
  const keys = await keysFor(alg)
  const token = await signClaims(alg, keys, goodClaims())
  const o = options(alg)
  const plain = eg.jwtVerifier({ ...o.eg, ...keys.egKey })
  const cached = eg.jwtVerifier({ ...o.eg, ...keys.egKey, cache_size: 16 })
  const contenders = {
    jose: () => jose.jwtVerify(token, keys.verify, o.jose),
    edgeguard: () => plain.verify(token),
    'edgeguard (cache)': () => cached.verify(token),
  }
  // Warm-up: V8 tiers up, WebCrypto imports, the module's first calls.
  for (const fn of Object.values(contenders)) for (let i = 0; i < 200; i++) await fn()
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(contenders)) samples[name].push(await measure(fn))
  }
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]))
  rows.push({ alg, ...med })
  plain.close()
  cached.close()
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(9)
console.log(`Node ${process.version}, ${ROUNDS} rounds of ${MS} ms, median; verifications per second`)
console.log('alg      jose        edgeguard   ratio   edgeguard (cache)  ratio')
for (const r of rows) {
  console.log(`${r.alg.padEnd(7)} ${fmt(r.jose)}   ${fmt(r.edgeguard)}   ${(r.edgeguard / r.jose).toFixed(2).padStart(5)}×  ${fmt(r['edgeguard (cache)'])}          ${(r['edgeguard (cache)'] / r.jose).toFixed(2).padStart(5)}×`)
}
eg.close()
