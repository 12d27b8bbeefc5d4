// One procedure, two drivers. A step function is a generator that yields
// each value it needs from a signature primitive (a key import, a verdict)
// and gets it back resolved. runSync drives it with synchronous primitives,
// so that JwtVerifier.verify can stay synchronous; runAsync awaits each
// yielded value, for WebCrypto. Writing the procedure once is what keeps
// the two paths from drifting apart.

/**
 * Runs a step generator whose yielded values are plain values.
 * @template T
 * @param {Generator<unknown, T, unknown>} steps
 * @returns {T}
 */
export function runSync(steps) {
  let r = steps.next()
  while (!r.done) r = steps.next(r.value)
  return r.value
}

/**
 * Runs a step generator, awaiting every yielded value; a rejection is
 * thrown into the generator at the yield, as `await` would.
 * @template T
 * @param {Generator<unknown, T, unknown>} steps
 * @returns {Promise<T>}
 */
export async function runAsync(steps) {
  let r = steps.next()
  while (!r.done) {
    let value
    try {
      value = await r.value
    } catch (err) {
      r = steps.throw(err)
      continue
    }
    r = steps.next(value)
  }
  return r.value
}
