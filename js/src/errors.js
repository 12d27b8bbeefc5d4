// The error type every edgeguard entry point throws, with the stable codes of
// docs/abi.md. Callers match on `code`; messages may be reworded.

/**
 * Every error code edgeguard can report. The first group comes from the
 * module's dispatch table, the second from hosts such as this package.
 */
export const ERROR_CODES = Object.freeze([
  'bad_request', 'unknown_kind', 'unknown_op', 'bad_handle', 'bad_config',
  'too_large', 'invalid_utf8', 'too_many_handles', 'internal',
  'bad_pointer', 'closed', 'timeout', 'canceled', 'trap', 'out_of_memory', 'unavailable',
])

/** An error with a stable `code` and an optional machine-readable `detail`. */
export class EdgeguardError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} message human-readable explanation
   * @param {{detail?: unknown, cause?: unknown}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, 'cause' in extra ? { cause: extra.cause } : undefined)
    this.name = 'EdgeguardError'
    /** @type {string} */
    this.code = code
    /** @type {unknown} */
    this.detail = extra.detail
  }
}

/**
 * Rebuilds the error a module reported (status 2, JSON {code, message, detail?}).
 * A document that does not parse is itself a module bug, reported as internal.
 * @param {string} text
 */
export function moduleError(text) {
  let doc
  try {
    doc = JSON.parse(text)
  } catch {
    return new EdgeguardError('internal', `unparsable error document from the module: ${text.slice(0, 200)}`)
  }
  const code = typeof doc?.code === 'string' ? doc.code : 'internal'
  const message = typeof doc?.message === 'string' ? doc.message : text
  return new EdgeguardError(code, message, doc && 'detail' in doc ? { detail: doc.detail } : {})
}
