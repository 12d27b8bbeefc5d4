// A tiny benchmark harness: warm up, then time `samples` samples of at least
// `sampleMs` each and report the median time per operation. Iterations run
// in batches sized so that reading the clock costs nothing measurable, even
// for a call of a few nanoseconds.

const now = () => process.hrtime.bigint()

/** Defaults; BENCH_SAMPLE_MS shortens a run while developing the benchmarks. */
export const defaults = {
  samples: 5,
  sampleMs: Number(process.env.BENCH_SAMPLE_MS) || 1000,
  warmupMs: 250,
}

// The results go here so that no engine can prove a call useless.
let sink = 0
export function consume(x) {
  sink = (sink + (typeof x === 'string' ? x.length : 1)) | 0
  return sink
}

/**
 * Times fn. Returns the median nanoseconds per call, the per-sample
 * medians' spread, and how many calls were made.
 * @param {() => unknown} fn
 * @param {Partial<typeof defaults>} [options]
 */
export function measure(fn, options = {}) {
  const { samples, sampleMs, warmupMs } = { ...defaults, ...options }
  // Warm-up (lets V8 tier up), which also sizes the batch: enough calls to
  // last about a millisecond.
  let batch = 1
  const warmEnd = now() + BigInt(warmupMs * 1e6)
  let warmCalls = 0
  for (;;) {
    const t0 = now()
    for (let i = 0; i < batch; i++) consume(fn())
    warmCalls += batch
    const dt = now() - t0
    if (now() >= warmEnd && warmCalls >= 2) break
    if (dt < 1_000_000n) batch *= 2
  }
  const perOp = []
  let calls = 0
  for (let s = 0; s < samples; s++) {
    const start = now()
    const end = start + BigInt(sampleMs * 1e6)
    let n = 0
    let t
    do {
      for (let i = 0; i < batch; i++) consume(fn())
      n += batch
      t = now()
    } while (t < end)
    perOp.push(Number(t - start) / n)
    calls += n
  }
  perOp.sort((a, b) => a - b)
  return {
    ns_per_op: perOp[Math.floor(perOp.length / 2)],
    min_ns: perOp[0],
    max_ns: perOp[perOp.length - 1],
    calls,
  }
}
