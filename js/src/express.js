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
import { RedisStore } from './ratelimit-redis.js'
import {
  PROBLEM_TYPE, authorizeRefusal, bearerToken, compileBodySanitizer, compileCsrf, compileRateLimit,
  errorMembers, errorStatus, jwtRefusal, logErrorEvent, problemDocument, rateLimitRefusal, validationRefusal,
} from './adapter-core.js'

/**
 * Answers with an RFC 9457 problem document.
 * @param {import('express').Response} res
 * @param {number} status
 * @param {object} [members] extension members (detail, errors, code, …)
 */
function sendProblem(res, status, members = {}) {
  res.status(status).set('Content-Type', PROBLEM_TYPE).send(JSON.stringify(problemDocument(status, members, STATUS_CODES[status])))
}

/** Answers with a refusal of adapter-core.js (its headers, then its problem). */
function refuse(res, refusal) {
  for (const [name, value] of refusal.headers ?? []) res.set(name, value)
  sendProblem(res, refusal.status, refusal.members)
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
    if (!result.ok) return refuse(res, validationRefusal(result.errors))
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
    if (token === undefined) return refuse(res, jwtRefusal(eg, undefined, realm))
    let verified
    try {
      verified = await verifier.verifyAsync(token)
    } catch (err) {
      return refuse(res, jwtRefusal(eg, err, realm))
    }
    req.auth = verified.claims
    req.authHeader = verified.header
    next()
  })
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
    const refusal = authorizeRefusal(eg, rule, req.auth, options.realm)
    if (refusal) return refuse(res, refusal)
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
  const { protection, tokens, sessionId, refusal } = compileCsrf(eg, options)
  return function edgeguardCsrf(req, res, next) {
    const sid = sessionId?.(req) || undefined
    // originalUrl: a router mounted under a path rewrites req.url.
    const refused = refusal({ method: req.method, url: req.originalUrl ?? req.url, headers: req.headers }, sid)
    if (refused) return refuse(res, refused)
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
  const { limiter, key } = compileRateLimit(eg, options)
  const keyFor = key ?? ((req) => limiter.key({ ip: req.socket.remoteAddress ?? '' }))
  return asyncMiddleware(async function edgeguardRateLimit(req, res, next) {
    const decision = await limiter.limit(await keyFor(req))
    for (const [name, value] of decision.headers) res.set(name, value)
    if (!decision.allowed) return refuse(res, rateLimitRefusal(decision))
    next()
  })
}

/**
 * rate-limit-redis's store for `rateLimit({store})`: keys in Redis, reached
 * through `sendCommand` (any client), charged atomically, and shared with Go
 * limiters that use ratelimit/redisstore with the same prefix.
 * @param {{sendCommand: (...args: string[]) => Promise<unknown>, prefix?: string}} options
 */
export function redisStore(options) {
  return new RedisStore(options)
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
  const sanitizeFields = compileBodySanitizer(eg, fields, policy)
  return function edgeguardSanitizeBody(req, res, next) {
    const refusal = sanitizeFields(req.body)
    if (refusal) return refuse(res, refusal)
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
    const status = errorStatus(err)
    logErrorEvent(eg, log, status, { method: req.method, uri: req.originalUrl ?? req.url, ip: req.socket?.remoteAddress, appId: options.appId })
    // Half a response cannot become a problem document; as finalhandler does,
    // cut the connection so that the client sees a failure, not a short body.
    if (res.headersSent) return req.socket?.destroy()
    // http-errors marks messages safe to show with `expose` (4xx only).
    sendProblem(res, status, errorMembers(err, status))
  }
}
