// Benchmark: the 10-field sign-up form (validate/testdata/signup.json)
// through express-validator and through edgeguard's module, both in this Node
// process. Prints one line per contender and request, and the ratio.
//
//   node bench.mjs            (npm run bench; after `make build`)
//
// Each contender validates a fresh request object per iteration, as Express
// hands each middleware a new req: express-validator runs checkSchema's
// chains then validationResult(req).array() and matchedData(req); edgeguard
// runs schema.validate(req) (serialize, call the module, parse). Median of
// BENCH_SAMPLES samples (default 5) of BENCH_SAMPLE_MS each (default 1000),
// after BENCH_WARMUP_MS (default 4000) of warm-up per contender.
// GOGC=N passes the Go garbage collector's target to the module.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { load } from '../../js/src/entry-node.js'

const require = createRequire(import.meta.url)
const { checkSchema, matchedData, validationResult } = require('express-validator')

const form = JSON.parse(readFileSync(new URL('../../validate/testdata/signup.json', import.meta.url), 'utf8'))
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5)
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 1000)
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 4000)

// A request as Express builds it: a new object per request (express-validator
// writes sanitized values into it).
const request = (r) => ({ body: { ...r.body }, query: {}, params: {}, headers: {}, cookies: {} })

// The machine this runs on is shared, so each sample records CPU time
// (process.cpuUsage: this process's user + system time) next to wall time;
// the report's rate is per CPU second, which other processes disturb far
// less than wall time.
/** Rates of fn (ops per CPU second and per wall second): medians of SAMPLES samples. */
async function measure(fn) {
  // Warm up for WARMUP_MS: V8 compiles a module this size with its baseline
  // compiler first and moves hot functions to the optimizing one in the
  // background, which takes seconds (and CPU time) under load.
  const warmEnd = performance.now() + WARMUP_MS
  while (performance.now() < warmEnd) for (let i = 0; i < 50; i++) await fn()
  const cpu = []
  const wall = []
  for (let s = 0; s < SAMPLES; s++) {
    let n = 0
    const cpu0 = process.cpuUsage()
    const start = process.hrtime.bigint()
    const end = start + BigInt(SAMPLE_MS) * 1_000_000n
    let now = start
    while (now < end) {
      for (let i = 0; i < 50; i++) await fn()
      n += 50
      now = process.hrtime.bigint()
    }
    const used = process.cpuUsage(cpu0)
    cpu.push(n / ((used.user + used.system) / 1e6))
    wall.push(n / (Number(now - start) / 1e9))
  }
  const median = (a) => a.sort((x, y) => x - y)[a.length >> 1]
  return { cpu: median(cpu), wall: median(wall) }
}

const eg = await load(new URL('../../js/dist/edgeguard.wasm', import.meta.url), { env: process.env.GOGC ? { GOGC: process.env.GOGC } : {} })
const schema = eg.schema(form.schema)
const chains = checkSchema(form.schema)

const contenders = {
  'express-validator 7.3.2': async (r) => {
    const req = request(r)
    await chains.run(req)
    return { errors: validationResult(req).array(), data: matchedData(req) }
  },
  'edgeguard (wasm in Node), eg.schema().validate': (r) => schema.validate(request(r)),
  'edgeguard (wasm in Node), eg.validate (cached)': (r) => eg.validate(form.schema, request(r)),
}

const fmt = (ops) => `${Math.round(ops).toLocaleString('en-US').padStart(7)} req/s (${(1e6 / ops).toFixed(1).padStart(6)} µs)`
console.log(`Node ${process.version}, ${SAMPLES} × ${SAMPLE_MS} ms samples, medians; per CPU second | per wall second`)
for (const which of ['valid', 'invalid']) {
  const r = form[which]
  const results = {}
  for (const [name, fn] of Object.entries(contenders)) {
    const out = await fn(r)
    if (which === 'invalid' && out.errors.length === 0) throw new Error(`${name}: the invalid request passed`)
    if (which === 'valid' && out.errors.length !== 0) throw new Error(`${name}: the valid request failed: ${JSON.stringify(out.errors)}`)
    results[name] = await measure(() => fn(r))
    console.log(`${which.padEnd(8)} ${name.padEnd(48)} ${fmt(results[name].cpu)} | ${fmt(results[name].wall)}`)
  }
  const ev = results['express-validator 7.3.2']
  const ours = results['edgeguard (wasm in Node), eg.schema().validate']
  console.log(`${which.padEnd(8)} edgeguard / express-validator: ${(ours.cpu / ev.cpu).toFixed(2)}× per CPU second, ${(ours.wall / ev.wall).toFixed(2)}× per wall second`)
}
schema.close()
eg.close()
