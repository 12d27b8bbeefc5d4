// Request bodies and query strings for edgeguard/worker, with web-standard
// APIs only: the body read once under a size limit, then parsed as JSON or
// as a form (as express.json() and express.urlencoded() would), and the
// query, headers and cookies as the plain records express-validator reads.
// Every failure is a refusal ({status, members}), never an exception.

import { readUpTo } from './stream.js'

const FORM_TYPE = 'application/x-www-form-urlencoded'

// fatal: invalid UTF-8 is refused rather than silently replaced, so that
// what the handler sees is exactly what was sent.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Reads a request's body into memory, refusing (413) more than maxBytes
 * before reading it when Content-Length says so, and as soon as the stream
 * passes the limit otherwise (chunked bodies have no length).
 * @param {Request} request
 * @param {number} maxBytes
 * @returns {Promise<{bytes?: Uint8Array, refusal?: import('./adapter-core.js').Refusal}>}
 */
export async function readBody(request, maxBytes) {
  if (request.body === null) return {}
  const declared = request.headers.get('content-length')
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return { refusal: tooLarge(maxBytes) }
  const reader = request.body.getReader()
  let bytes
  try {
    bytes = await readUpTo(reader, maxBytes)
  } catch {
    // The client went away or sent a broken chunked encoding.
    return { refusal: { status: 400, members: { detail: 'The request body could not be read.' } } }
  }
  if (bytes === undefined) {
    reader.cancel().catch(() => {})
    return { refusal: tooLarge(maxBytes) }
  }
  return { bytes }
}

/**
 * The refusal of a body over the limit.
 * @param {number} maxBytes
 * @returns {import('./adapter-core.js').Refusal}
 */
export function tooLarge(maxBytes) {
  return { status: 413, members: { detail: `The request body is larger than ${maxBytes} bytes.` } }
}

/**
 * The parsed body for a Content-Type: JSON (application/json and
 * application/*+json) or an urlencoded form; undefined for other types and
 * for an empty body. Invalid UTF-8 or JSON is refused with 400, a charset
 * other than UTF-8 with 415.
 * @param {Uint8Array | undefined} bytes
 * @param {string | null} contentType
 * @returns {{body?: unknown, refusal?: import('./adapter-core.js').Refusal}}
 */
export function parseBody(bytes, contentType) {
  if (bytes === undefined || bytes.byteLength === 0) return {}
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase())
  // application/json and application/*+json (RFC 6839), without a regexp
  // (the header is the client's: no backtracking on it).
  const json = type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
  if (!json && type !== FORM_TYPE) return {}
  // As body-parser: UTF-8 only, anything else is 415 (not decoded wrongly).
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/^"(.*)"$/, '$1')
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return { refusal: { status: 415, members: { detail: `Unsupported charset ${JSON.stringify(charset)}.` } } }
  }
  let text
  try {
    text = utf8.decode(bytes)
  } catch {
    return { refusal: { status: 400, members: { detail: 'The request body is not valid UTF-8.' } } }
  }
  if (!json) return { body: paramsRecord(new URLSearchParams(text)) }
  try {
    return { body: JSON.parse(text) }
  } catch {
    return { refusal: { status: 400, members: { detail: 'The request body is not valid JSON.' } } }
  }
}

/**
 * URLSearchParams as Node's querystring parses them (express.urlencoded
 * without `extended`, and Express's query): one value as a string, repeated
 * names as arrays, in a prototype-less object so that names such as
 * `__proto__` are plain data.
 * @param {URLSearchParams} params
 * @returns {Record<string, string | string[]>}
 */
export function paramsRecord(params) {
  const out = Object.create(null)
  for (const [name, value] of params) {
    const prev = out[name]
    if (prev === undefined) out[name] = value
    else if (Array.isArray(prev)) prev.push(value)
    else out[name] = [prev, value]
  }
  return out
}

/**
 * Headers as a Node request has them (lower-case names), for validation.
 * @param {Headers} headers
 * @returns {Record<string, string>}
 */
export function headersRecord(headers) {
  const out = Object.create(null)
  for (const [name, value] of headers) out[name] = value
  return out
}

/**
 * The Cookie header as cookie-parser gives it (first value of a name wins,
 * values percent-decoded when they decode), or undefined without cookies.
 * @param {string | null} header
 * @returns {Record<string, string> | undefined}
 */
export function cookiesRecord(header) {
  if (!header) return undefined
  const out = Object.create(null)
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (name === '' || name in out) continue
    let value = part.slice(eq + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      value = decodeURIComponent(value)
    } catch {
      // cookie's decode keeps the raw text when it does not decode.
    }
    out[name] = value
  }
  return out
}
