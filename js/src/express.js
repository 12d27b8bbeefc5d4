// Express middleware (Express 4 and 5) over one edgeguard engine: helmet,
// express-validator, express-jwt, csurf/csrf-csrf, express-rate-limit and
// DOMPurify-style body sanitizing, each a thin layer that turns a request
// into the engine's input and its verdict into a response. Every verdict is
// the module's; this file only speaks HTTP.
//
// Refusals are answered here, as RFC 9457 problem+json, rather than passed to
// next(err): an app that forgets errorHandler must still never answer a
// refusal with Express's default HTML page (which shows the stack outside
// production). Unexpected failures (a store error, an engine trap) do go to
// next(err), and errorHandler answers them without details.

import { STATUS_CODES } from 'node:http'

const PROBLEM_TYPE = 'application/problem+json'

// The methods that need no token (csrf-csrf's ignoredMethods, as in csrf.js).
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Answers with an RFC 9457 problem document.
 * @param {import('express').Response} res
 * @param {number} status
 * @param {object} [members] extension members (detail, errors, code, …)
 */
function sendProblem(res, status, members = {}) {
  const body = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, ...members }
  res.status(status).set('Content-Type', PROBLEM_TYPE).send(JSON.stringify(body))
}

// The module's own problem objects (rate limit, csrf) keep their members;
// only the status is forced to the one we answer with.
function sendModuleProblem(res, status, problem, fallback) {
  const { status: _ignored, ...members } = problem && typeof problem === 'object' ? problem : {}
  sendProblem(res, status, Object.keys(members).length ? members : fallback)
}

// Express 4 does not catch a rejected promise from a middleware; both
// versions get the failure through next(err).
function asyncMiddleware(fn) {
  return (req, res, next) => {
    fn(req, res, next).catch(next)
  }
}

/**
 * helmet: the security headers for `options` (helmet's options; null means
 * helmet's defaults) on every response, X-Powered-By removed, and the
 * per-response CSP nonce in `res.locals.cspNonce` when the policy has one.
 * The options are compiled once; per response only a nonce is drawn.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object | null} [options]
 */
export function helmet(eg, options = null) {
  const page = eg.compileSecurityHeaders(options)
  return function edgeguardHelmet(req, res, next) {
    const { headers, remove, nonce } = page.build()
    for (const name of remove) res.removeHeader(name)
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    if (nonce !== undefined) res.locals.cspNonce = nonce
    next()
  }
}

/**
 * express-validator's checkSchema: validates body, query, params, headers
 * and cookies; the validated (and sanitized) data goes on `req.validated`;
 * a failure answers 400 with express-validator's error array in `errors`.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} schema a checkSchema document
 * @param {object} [options] as for eg.schema
 */
export function validate(eg, schema, options) {
  const compiled = eg.schema(schema, options)
  return function edgeguardValidate(req, res, next) {
    const result = compiled.validate(req)
    if (!result.ok) return sendProblem(res, 400, { detail: 'The request failed validation.', errors: result.errors })
    req.validated = result.data
    next()
  }
}

/**
 * express-jwt: a Bearer token (RFC 6750) verified with fixed keys or a
 * remote JWK Set (`jwks: eg.createRemoteJWKSet(url)`); its claims go on
 * `req.auth`, its header on `req.authHeader`. No token or a bad one answers
 * 401 with the RFC 6750 WWW-Authenticate challenge.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} options eg.jwtVerifier options, plus `realm`
 */
export function requireJwt(eg, options) {
  const { realm, ...verifierOptions } = options ?? {}
  const verifier = eg.jwtVerifier(verifierOptions)
  return asyncMiddleware(async function edgeguardRequireJwt(req, res, next) {
    const token = bearerToken(req.headers.authorization)
    if (token === undefined) return challenge(eg, res, undefined, realm)
    let verified
    try {
      verified = await verifier.verify(token)
    } catch (err) {
      return challenge(eg, res, err, realm)
    }
    req.auth = verified.claims
    req.authHeader = verified.header
    next()
  })
}

// RFC 6750 §2.1: the scheme is case-insensitive; anything else (Basic, two
// tokens, an empty one) is "no bearer token".
function bearerToken(value) {
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(value ?? '')
  return m ? m[1] : undefined
}

// The module's RFC 6750 answer: status, WWW-Authenticate and error code. A
// 5xx (an engine or configuration failure) says nothing about the token.
function challenge(eg, res, error, realm) {
  const c = eg.jwtChallenge(error, realm === undefined ? {} : { realm })
  if (c.www_authenticate) res.set('WWW-Authenticate', c.www_authenticate)
  if (c.status >= 500) return sendProblem(res, c.status)
  const members = {}
  if (c.error) members.code = c.error
  if (c.error_description) members.detail = c.error_description
  sendProblem(res, c.status, members)
}

/**
 * Authorization of `req.auth` (set by requireJwt) against a rule or policy
 * (docs/jwt.md): 403 insufficient_scope with the missing scopes when
 * denied, 401 when there are no claims at all.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} rule
 * @param {{realm?: string}} [options]
 */
export function authorize(eg, rule, options = {}) {
  return function edgeguardAuthorize(req, res, next) {
    if (req.auth === null || typeof req.auth !== 'object') return challenge(eg, res, undefined, options.realm)
    const decision = eg.authorize(rule, req.auth)
    if (!decision.ok) return challenge(eg, res, decision, options.realm)
    next()
  }
}

/**
 * CSRF protection: Fetch Metadata / Origin checks on every request and, with
 * `secrets` and a `sessionId(req)` function, signed double-submit tokens
 * (csrf-csrf's format) on unsafe methods. `req.csrfToken()` mints a token,
 * sets its cookie and returns it for the page. A refusal answers 403.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} [options] eg.csrf options, plus `sessionId(req)`
 */
export function csrf(eg, options = {}) {
  const { sessionId, ...csrfOptions } = options
  // With secrets the tokens are the protection; without a session to bind
  // them to they would never be checked, so that is a configuration error.
  const tokens = csrfOptions.secrets !== undefined
  if ((tokens || sessionId !== undefined) && typeof sessionId !== 'function') {
    throw new TypeError('csrf: sessionId must be a function of the request (required with secrets)')
  }
  const protection = eg.csrf(csrfOptions)
  return function edgeguardCsrf(req, res, next) {
    const sid = sessionId?.(req) || undefined
    if (tokens && sid === undefined && !SAFE_METHODS.has(req.method)) {
      // An unsafe request without a session cannot carry a valid token.
      return sendProblem(res, 403, { detail: 'Cross-site request refused.', code: 'no_session' })
    }
    // originalUrl: a router mounted under a path rewrites req.url.
    const request = { method: req.method, url: req.originalUrl ?? req.url, headers: req.headers }
    const verdict = protection.check(request, sid === undefined ? {} : { sessionId: sid })
    if (!verdict.allowed) {
      return sendModuleProblem(res, 403, verdict.problem, { detail: 'Cross-site request refused.', code: verdict.reason })
    }
    if (tokens && sid !== undefined) {
      req.csrfToken = () => {
        const { token, setCookie } = protection.generate(sid)
        res.append('Set-Cookie', setCookie)
        return token
      }
    }
    next()
  }
}

/**
 * express-rate-limit: GCRA over a store (default: this process's memory),
 * keyed by client IP unless `key(req)` says otherwise. Every response gets
 * the RateLimit headers; over the limit answers 429 with Retry-After.
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} options `{policy, store?, key?}`; `policy` as for eg.rateLimiter
 */
export function rateLimit(eg, options) {
  const { policy, store, key, ...rest } = options ?? {}
  const unknown = Object.keys(rest)
  if (unknown.length) throw new TypeError(`rateLimit: unknown option ${JSON.stringify(unknown.sort()[0])}`)
  if (key !== undefined && typeof key !== 'function') throw new TypeError('rateLimit: key must be a function of the request')
  const limiter = eg.rateLimiter(policy, store === undefined ? {} : { store })
  const keyFor = key ?? ((req) => limiter.key({ ip: req.socket.remoteAddress ?? '' }))
  return asyncMiddleware(async function edgeguardRateLimit(req, res, next) {
    const decision = await limiter.limit(await keyFor(req))
    for (const [name, value] of decision.headers) res.set(name, value)
    if (!decision.allowed) {
      return sendModuleProblem(res, 429, decision.problem, { detail: 'Too many requests.' })
    }
    next()
  })
}

/**
 * Sanitizes HTML in the named body fields in place with a sanitize policy
 * (a preset name or policy object; default 'ugc'). A field that is present
 * but neither text nor a list of texts answers 400, since passing it on
 * unsanitized would be the unsafe choice.
 * @param {import('./core.js').Edgeguard} eg
 * @param {string[]} fields
 * @param {string | object} [policy]
 */
export function sanitizeBody(eg, fields, policy = 'ugc') {
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) {
    throw new TypeError('sanitizeBody: fields must be an array of names')
  }
  const sanitizer = eg.sanitizer(policy)
  return function edgeguardSanitizeBody(req, res, next) {
    const body = req.body
    if (body === null || typeof body !== 'object') return next()
    for (const field of fields) {
      if (!Object.hasOwn(body, field)) continue
      const value = body[field]
      if (typeof value === 'string') body[field] = sanitizer.sanitize(value)
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) body[field] = value.map((v) => sanitizer.sanitize(v))
      else return sendProblem(res, 400, { detail: `Field ${JSON.stringify(field)} must be text.` })
    }
    next()
  }
}

/**
 * The last error handler: answers RFC 9457 problem+json with the error's
 * status (http-errors' `status`/`statusCode`, else 500) and never the stack
 * or message of a 5xx; logs one security event line through `log`.
 * @param {import('./core.js').Edgeguard} eg
 * @param {{log?: (line: string) => void, appId?: string}} [options] log defaults to console.error
 */
export function errorHandler(eg, options = {}) {
  const log = options.log ?? ((line) => console.error(line))
  // Express recognizes an error handler by its four parameters.
  // eslint-disable-next-line no-unused-vars
  return function edgeguardErrorHandler(err, req, res, next) {
    const raw = err?.status ?? err?.statusCode
    const status = Number.isInteger(raw) && raw >= 400 && raw <= 599 ? raw : 500
    try {
      log(eg.securityEvent({
        event: status >= 500 ? 'sys_crash' : 'input_validation_fail',
        level: status >= 500 ? 'CRITICAL' : 'WARN',
        description: status >= 500 ? 'unhandled error' : `request refused with ${status}`,
        requestMethod: req.method,
        requestUri: req.originalUrl ?? req.url,
        sourceIp: req.socket?.remoteAddress,
      }, options.appId === undefined ? {} : { appId: options.appId }))
    } catch {
      // Logging must not turn one failure into two; the answer still goes out.
    }
    // Half a response cannot become a problem document; as finalhandler does,
    // cut the connection so that the client sees a failure, not a short body.
    if (res.headersSent) return req.socket?.destroy()
    // http-errors marks messages safe to show with `expose` (4xx only).
    const members = status < 500 && err?.expose === true && typeof err.message === 'string' ? { detail: err.message } : {}
    sendProblem(res, status, members)
  }
}
