// Runs conformance vectors (tests/vectors/*.json) through one edgeguard
// instance and returns one result record per vector, in vector order.
//
// Runtime-neutral on purpose: no file system, no process, no Node built-ins,
// so the very same code runs in Node, Deno, Bun, workerd and Chromium. Each
// host reads the vector files and writes the records its own way.
//
// A record is `{name, output}` or `{name, error: {code, message}}`, the same
// shape the Go runners (native, wazero) write, so tests/compare.mjs can check
// all seven hosts against each other byte for byte.

/**
 * @typedef {object} Vector
 * @property {string} name unique across all vector files
 * @property {string} kind "" for the always-open module handle 0
 * @property {unknown} [config] any JSON value, serialized and passed to open
 * @property {string} op
 * @property {string} [input] UTF-8 text
 * @property {string} [input_b64] raw bytes, standard base64
 * @property {string} [output] expected output text
 * @property {string} [error] expected error code
 *
 * @typedef {{file: string, vectors: Vector[]}} VectorFile
 * @typedef {{name: string, output: string} | {name: string, error: {code: string, message: string}}} ResultRecord
 */

/**
 * Code recorded when something other than an EdgeguardError escapes the
 * package (a TypeError, say). No vector expects it and a healthy host never
 * produces it, so compare.mjs reports it as a mismatch instead of hiding it.
 * The same code as the Go runner's for a non-host error (tests/conformance_test.go).
 */
export const HOST_ERROR = 'host_error'

/**
 * Runs every vector of every file, in order, through `eg`.
 * @param {{open: Function, callRaw: Function}} eg a loaded edgeguard instance
 * @param {VectorFile[]} files parsed vector files
 * @returns {ResultRecord[]}
 */
export function runVectors (eg, files) {
  const records = []
  for (const file of files) {
    for (const vector of file.vectors) records.push(runVector(eg, vector))
  }
  return records
}

/**
 * Runs one vector: opens a handle for `kind` (an error there is the result),
 * calls `op`, and closes the handle again so that no vector sees another's
 * state and a long suite never reaches the handle limit.
 * @param {{open: Function, callRaw: Function}} eg
 * @param {Vector} vector
 * @returns {ResultRecord}
 */
export function runVector (eg, vector) {
  let handle = 0
  try {
    if (vector.kind !== '') handle = eg.open(vector.kind, vectorConfig(vector))
    const result = eg.callRaw(handle, vector.op, vectorInput(vector))
    return { name: vector.name, output: result.text }
  } catch (err) {
    return { name: vector.name, error: errorFields(err) }
  } finally {
    if (handle !== 0) handle.close()
  }
}

/**
 * The configuration value passed to open, which serializes it as JSON: the
 * vector's `config`, or `null` when it has none (as the Go runners do).
 * @param {Vector} vector
 */
export function vectorConfig (vector) {
  return vector.config === undefined ? null : vector.config
}

/**
 * The call input: `input_b64` decoded to bytes when present (for inputs that
 * are not valid UTF-8), otherwise the `input` text.
 * @param {Vector} vector
 * @returns {string | Uint8Array}
 */
export function vectorInput (vector) {
  if (typeof vector.input_b64 === 'string') return base64Bytes(vector.input_b64)
  return vector.input ?? ''
}

/**
 * Decodes standard base64 with `atob`, the one decoder every runtime has.
 * @param {string} b64
 */
export function base64Bytes (b64) {
  const binary = atob(b64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * The `{code, message}` of a thrown value. An EdgeguardError keeps its own
 * fields; anything else becomes HOST_ERROR with its name and message.
 * @param {unknown} err
 */
export function errorFields (err) {
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.message === 'string' &&
      err.name === 'EdgeguardError') {
    return { code: err.code, message: err.message }
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  return { code: HOST_ERROR, message: text }
}
