// What the HTTP adapters (express.js, worker.js) share: option checks done
// when the app is built, and the refusals they answer with, as plain data
// ({status, members, headers}) that each adapter renders in its own way. No
// HTTP library and no runtime API here: every verdict is the module's, this
// file only says which problem document a verdict becomes.

/** The media type of RFC 9457 problem documents. */
export const PROBLEM_TYPE = 'application/problem+json'

/** The methods that need no CSRF token (csrf-csrf's ignoredMethods, as in csrf.js). */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

// RFC 9110 §15 reason phrases (plus RFC 6585's), the problem titles of
// adapters that have no status table of their own (node:http's is not
// available in workers).
const STATUS_TITLES = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  421: 'Misdirected Request', 422: 'Unprocessable Content', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported', 511: 'Network Authentication Required',
}

/**
 * An RFC 9457 problem document.
 * @param {number} status
 * @param {object} [members] extension members (detail, errors, code, …)
 * @param {string} [title] default: the RFC 9110 reason phrase
 */
export function problemDocument(status, members = {}, title = undefined) {
  return { type: 'about:blank', title: title ?? STATUS_TITLES[status] ?? 'Error', status, ...members }
}

/**
 * @typedef {object} Refusal what an adapter answers instead of calling the app
 * @property {number} status
 * @property {object} [members] the problem document's extension members
 * @property {[string, string][]} [headers] e.g. WWW-Authenticate
 */

// The module's own problem objects (rate limit, csrf) keep their members;
// only the status is forced to the one we answer with.
function moduleProblem(status, problem, fallback) {
  const { status: _ignored, ...members } = problem && typeof problem === 'object' ? problem : {}
  return { status, members: Object.keys(members).length ? members : fallback }
}

/** @param {object[]} errors express-validator's error array @returns {Refusal} */
export function validationRefusal(errors) {
  return { status: 400, members: { detail: 'The request failed validation.', errors } }
}

/**
 * The Bearer token of an Authorization header. RFC 6750 §2.1: the scheme is
 * case-insensitive; anything else (Basic, two tokens, an empty one) is "no
 * bearer token".
 * @param {string | null | undefined} value
 * @returns {string | undefined}
 */
export function bearerToken(value) {
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(value ?? '')
  return m ? m[1] : undefined
}

/**
 * The module's RFC 6750 answer as a refusal: status, WWW-Authenticate and
 * error code. A 5xx (an engine or configuration failure) says nothing
 * about the token.
 * @param {import('./core.js').Edgeguard} eg
 * @param {unknown} error what verify or authorize produced; undefined for no token
 * @param {string} [realm]
 * @returns {Refusal}
 */
export function jwtRefusal(eg, error, realm) {
  const c = eg.jwtChallenge(error, realm === undefined ? {} : { realm })
  const headers = c.www_authenticate ? [['WWW-Authenticate', c.www_authenticate]] : []
  if (c.status >= 500) return { status: c.status, members: {}, headers }
  const members = {}
  if (c.error) members.code = c.error
  if (c.error_description) members.detail = c.error_description
  return { status: c.status, members, headers }
}

/**
 * Authorization of verified claims against a rule or policy: undefined when
 * allowed, else the RFC 6750 refusal (401 without claims, 403
 * insufficient_scope with the missing scopes).
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} rule
 * @param {unknown} claims
 * @param {string} [realm]
 * @returns {Refusal | undefined}
 */
export function authorizeRefusal(eg, rule, claims, realm) {
  if (claims === null || typeof claims !== 'object') return jwtRefusal(eg, undefined, realm)
  const decision = eg.authorize(rule, claims)
  return decision.ok ? undefined : jwtRefusal(eg, decision, realm)
}

/**
 * CSRF protection compiled once: Fetch Metadata / Origin checks and, with
 * `secrets`, signed double-submit tokens bound to `sessionId(request)`.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} options eg.csrf options plus `sessionId`
 */
export function compileCsrf(eg, options = {}) {
  const { sessionId, ...csrfOptions } = options ?? {}
  // With secrets the tokens are the protection; without a session to bind
  // them to they would never be checked, so that is a configuration error.
  const tokens = csrfOptions.secrets !== undefined
  if ((tokens || sessionId !== undefined) && typeof sessionId !== 'function') {
    throw new TypeError('csrf: sessionId must be a function of the request (required with secrets)')
  }
  const protection = eg.csrf(csrfOptions)
  return {
    protection,
    tokens,
    sessionId,
    /**
     * The refusal for a request, or undefined when it may proceed.
     * @param {{method: string, url: string, headers: any}} request
     * @param {string | undefined} sid the request's session ('' counts as none)
     * @returns {Refusal | undefined}
     */
    refusal(request, sid) {
      if (tokens && !sid && !SAFE_METHODS.has(request.method)) {
        // An unsafe request without a session cannot carry a valid token.
        return { status: 403, members: { detail: 'Cross-site request refused.', code: 'no_session' } }
      }
      const verdict = protection.check(request, sid ? { sessionId: sid } : {})
      if (verdict.allowed) return undefined
      return moduleProblem(403, verdict.problem, { detail: 'Cross-site request refused.', code: verdict.reason })
    },
  }
}

/**
 * A rate limiter compiled once from `{policy, store?, key?}` (unknown
 * options refused); `key` stays the adapter's to default.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} options
 */
export function compileRateLimit(eg, options) {
  const { policy, store, key, ...rest } = options ?? {}
  const unknown = Object.keys(rest)
  if (unknown.length) throw new TypeError(`rateLimit: unknown option ${JSON.stringify(unknown.sort()[0])}`)
  if (key !== undefined && typeof key !== 'function') throw new TypeError('rateLimit: key must be a function of the request')
  return { limiter: eg.rateLimiter(policy, store === undefined ? {} : { store }), key }
}

/** @param {import('./ratelimit.js').RateLimitDecision} decision a refused one @returns {Refusal} */
export function rateLimitRefusal(decision) {
  return moduleProblem(429, decision.problem, { detail: 'Too many requests.' })
}

/**
 * A body sanitizer compiled once: sanitizes HTML in the named fields of a
 * parsed body in place with a sanitize policy. A field that is present but
 * neither text nor a list of texts is refused (400), since passing it on
 * unsanitized would be the unsafe choice.
 * @param {import('./core.js').Edgeguard} eg
 * @param {string[]} fields
 * @param {string | object} [policy]
 * @returns {(body: unknown) => Refusal | undefined}
 */
export function compileBodySanitizer(eg, fields, policy = 'ugc') {
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) {
    throw new TypeError('sanitizeBody: fields must be an array of names')
  }
  const sanitizer = eg.sanitizer(policy)
  return function sanitizeFields(body) {
    if (body === null || typeof body !== 'object') return undefined
    for (const field of fields) {
      if (!Object.hasOwn(body, field)) continue
      const value = body[field]
      if (typeof value === 'string') body[field] = sanitizer.sanitize(value)
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) body[field] = value.map((v) => sanitizer.sanitize(v))
      else return { status: 400, members: { detail: `Field ${JSON.stringify(field)} must be text.` } }
    }
    return undefined
  }
}

/**
 * The status an error answers with: http-errors' `status`/`statusCode` when
 * it is a 4xx or 5xx, else 500.
 * @param {unknown} err
 */
export function errorStatus(err) {
  const raw = err?.status ?? err?.statusCode
  return Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500
}

/**
 * The problem members an error may show: its message only for a 4xx marked
 * `expose` (as http-errors does), never for a 5xx.
 * @param {unknown} err
 * @param {number} status
 */
export function errorMembers(err, status) {
  return status < 500 && err?.expose === true && typeof err.message === 'string' ? { detail: err.message } : {}
}

/**
 * Logs one security event about a request. Logging must not turn one
 * failure into two: a failing log (or event) is ignored.
 * @param {import('./core.js').Edgeguard} eg
 * @param {(line: string) => void} log
 * @param {{event: string, level: string, description: string, reason?: string}} event
 * @param {{method?: string, uri?: string, ip?: string, appId?: string}} request
 */
export function logEvent(eg, log, event, { method, uri, ip, appId }) {
  try {
    log(eg.securityEvent({ ...event, requestMethod: method, requestUri: uri, sourceIp: ip }, appId === undefined ? {} : { appId }))
  } catch {
    // The answer still goes out.
  }
}

/**
 * Logs the security event of an error answered with `status`.
 * @param {import('./core.js').Edgeguard} eg
 * @param {(line: string) => void} log
 * @param {number} status
 * @param {{method?: string, uri?: string, ip?: string, appId?: string}} request
 */
export function logErrorEvent(eg, log, status, request) {
  logEvent(eg, log, {
    event: status >= 500 ? 'sys_crash' : 'input_validation_fail',
    level: status >= 500 ? 'CRITICAL' : 'WARN',
    description: status >= 500 ? 'unhandled error' : `request refused with ${status}`,
  }, request)
}
