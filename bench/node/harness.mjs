// A tiny benchmark harness, for Node and browsers: warm up, then time `samples` samples of at least
// `sampleMs` each and report the median time per operation.
//
// Contenders are measured interleaved — sample 1 of each, then sample 2 of
// each, … — so that on a shared, noisy machine every contender sees the same
// mix of quiet and busy moments, and their ratio stays meaningful even when
// the absolute numbers drift. Iterations run in batches sized so that
// reading the clock costs nothing measurable, even for a call of a few
// nanoseconds.

// Milliseconds. Browsers coarsen performance.now() (to 5 µs in a
// cross-origin-isolated page, 100 µs otherwise); batches of about a
// millisecond and samples of a second keep that error below 0.1%.
const now = () => performance.now()

/** Defaults; BENCH_SAMPLE_MS shortens a run while developing the benchmarks. */
export const defaults = {
  samples: 5,
  sampleMs: Number(globalThis.process?.env?.BENCH_SAMPLE_MS) || 1000,
  // Long enough for V8 to tier hot wasm functions up from Liftoff to
  // TurboFan, which runs on background threads that a busy machine starves.
  warmupMs: 1000,
}

// The results go here so that no engine can prove a call useless.
let sink = 0
export function consume(x) {
  sink = (sink + (typeof x === 'string' ? x.length : 1)) | 0
  return sink
}

/**
 * @typedef {object} Result
 * @property {number} ns_per_op median of the samples
 * @property {number} min_ns fastest sample
 * @property {number} max_ns slowest sample
 * @property {number} calls calls timed (warm-up excluded)
 */

/**
 * Times each function of `fns` (name → function), interleaved.
 * @param {Record<string, () => unknown>} fns
 * @param {Partial<typeof defaults>} [options]
 * @returns {Record<string, Result>}
 */
export function measureAll(fns, options = {}) {
  const { samples, sampleMs, warmupMs } = { ...defaults, ...options }
  const runs = Object.entries(fns).map(([name, fn]) => ({ name, fn, batch: warmUp(fn, warmupMs), perOp: [], calls: 0 }))
  for (let s = 0; s < samples; s++) {
    for (const r of runs) {
      const [ns, n] = sample(r.fn, r.batch, sampleMs)
      r.perOp.push(ns)
      r.calls += n
    }
  }
  return summarize(runs)
}

// summarize turns each run's samples into its Result.
function summarize(runs) {
  const out = {}
  for (const r of runs) {
    r.perOp.sort((a, b) => a - b)
    out[r.name] = {
      ns_per_op: r.perOp[Math.floor(r.perOp.length / 2)],
      min_ns: r.perOp[0],
      max_ns: r.perOp[r.perOp.length - 1],
      calls: r.calls,
    }
  }
  return out
}

/** Times one function; see measureAll. */
export function measure(fn, options = {}) {
  return measureAll({ fn }, options).fn
}

// warmUp runs fn for warmupMs (and at least twice) and returns a batch size
// that lasts about a millisecond.
function warmUp(fn, warmupMs) {
  let batch = 1
  let calls = 0
  const end = now() + warmupMs
  for (;;) {
    const t0 = now()
    for (let i = 0; i < batch; i++) consume(fn())
    calls += batch
    const dt = now() - t0
    if (now() >= end && calls >= 2) return batch
    if (dt < 1) batch *= 2
  }
}

// sample runs batches for at least ms and returns [ns per call, calls].
function sample(fn, batch, ms) {
  const start = now()
  const end = start + ms
  let n = 0
  let t
  do {
    for (let i = 0; i < batch; i++) consume(fn())
    n += batch
    t = now()
  } while (t < end)
  return [((t - start) * 1e6) / n, n]
}

/**
 * measureAll for functions that return promises (an API that is async even
 * over a synchronous store): each call is awaited, so a sample times whole
 * operations, microtask hops included. Node only in practice; same method.
 * @param {Record<string, () => Promise<unknown>>} fns
 * @param {Partial<typeof defaults>} [options]
 * @returns {Promise<Record<string, Result>>}
 */
export async function measureAllAsync(fns, options = {}) {
  const { samples, sampleMs, warmupMs } = { ...defaults, ...options }
  const runs = []
  for (const [name, fn] of Object.entries(fns)) runs.push({ name, fn, batch: await warmUpAsync(fn, warmupMs), perOp: [], calls: 0 })
  for (let s = 0; s < samples; s++) {
    for (const r of runs) {
      const [ns, n] = await sampleAsync(r.fn, r.batch, sampleMs)
      r.perOp.push(ns)
      r.calls += n
    }
  }
  return summarize(runs)
}

async function warmUpAsync(fn, warmupMs) {
  let batch = 1
  let calls = 0
  const end = now() + warmupMs
  for (;;) {
    const t0 = now()
    for (let i = 0; i < batch; i++) consume(await fn())
    calls += batch
    const dt = now() - t0
    if (now() >= end && calls >= 2) return batch
    if (dt < 1) batch *= 2
  }
}

async function sampleAsync(fn, batch, ms) {
  const start = now()
  const end = start + ms
  let n = 0
  let t
  do {
    for (let i = 0; i < batch; i++) consume(await fn())
    n += batch
    t = now()
  } while (t < end)
  return [((t - start) * 1e6) / n, n]
}
