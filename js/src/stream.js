// Reading a body under a size limit, shared by the remote JWK Set fetch
// (jwks.js) and edgeguard/worker's request bodies (worker-body.js).

/**
 * Reads a stream to its end, or stops at the first chunk that takes it past
 * maxBytes and returns undefined: nothing past the limit is buffered. Read
 * errors propagate. On undefined the caller cancels the reader, in the way
 * that suits it.
 * @param {ReadableStreamDefaultReader<Uint8Array>} reader
 * @param {number} maxBytes
 * @returns {Promise<Uint8Array | undefined>}
 */
export async function readUpTo(reader, maxBytes) {
  const chunks = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) return undefined
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.byteLength
  }
  return bytes
}
