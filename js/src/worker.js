// edgeguard/worker: edgeguard/express's features around a fetch handler, for
// Cloudflare Workers (workerd), Deno.serve and Bun.serve, with web-standard
// APIs only (Request, Response, Headers, streams). One call, guard(),
// compiles every option once and returns a handler that runs the checks in a
// fixed order before the app sees the request:
//
//   rate limit → CSRF → JWT → authorization → body (read once, size-limited,
//   parsed) → HTML sanitizing of named fields → validation → the handler
//
// Cheap refusals come first, and the body is only read for a caller that
// passed them. The order is fixed on purpose: a misordered middleware chain
// (validation before authentication, say) is not expressible. Refusals and
// errors are RFC 9457 problem+json, each logged as one security event; every
// response, refusals included, carries the security headers.
//
// What the checks found (nonce, parsed body, validated data, claims) is on a
// context object, `context(request)`, so the handler keeps its runtime's
// own signature: (request, env, ctx) in workers, (request, info) in Deno,
// (request, server) in Bun.

import {
  PROBLEM_TYPE, authorizeRefusal, bearerToken, compileBodySanitizer, compileCsrf, compileRateLimit,
  errorMembers, errorStatus, jwtRefusal, logErrorEvent, logEvent, problemDocument, rateLimitRefusal, validationRefusal,
} from './adapter-core.js'
import { rejectUnknown } from './csrf.js'
import { EdgeguardError } from './errors.js'
import { Schema } from './validate.js'
import { cookiesRecord, headersRecord, paramsRecord, parseBody, readBody, tooLarge } from './worker-body.js'

export { RateLimitObject, durableObjectStore } from './worker-ratelimit.js'

/** body-parser's default limit (100 KiB). */
const DEFAULT_MAX_BODY = 100 * 1024
/** The module refuses inputs over 8 MiB; a larger body could never be checked. */
const MAX_BODY = 8 << 20

// Input the module refuses as such (not an engine failure): a 400.
const INPUT_CODES = new Set(['bad_request', 'too_large', 'invalid_utf8'])

const contexts = new WeakMap()
// Request → its body as the first guard read and parsed it.
const bodies = new WeakMap()

// The headers of a guard without security headers (or before they compiled).
const NO_HEADERS = Object.freeze({ headers: {}, remove: [] })

/**
 * What the checks found for one request.
 * @param {Request} request a request the guarded handler was called with
 * @returns {GuardContext}
 */
export function context(request) {
  const c = contexts.get(request)
  if (!c) throw new TypeError('edgeguard/worker: this request did not go through guard()')
  return c
}

/**
 * @typedef {object} GuardContext
 * @property {string | undefined} nonce the CSP nonce of this response
 * @property {string | undefined} ip the client address the checks used
 * @property {Record<string, string | string[]>} query
 * @property {unknown} body the parsed (and sanitized) JSON or form body
 * @property {Uint8Array | undefined} bytes the body as received (not sanitized)
 * @property {object | undefined} validated the validated data (matchedData)
 * @property {object | undefined} auth the verified JWT's claims
 * @property {object | undefined} authHeader its protected header
 * @property {object | undefined} rateLimit the rate-limit decision
 * @property {() => string} csrfToken mints a CSRF token (and its cookie on the response)
 */

const OPTIONS = ['headers', 'maxBodyBytes', 'rateLimit', 'csrf', 'jwt', 'authorize', 'validate', 'sanitize', 'log', 'appId', 'clientIp']

/**
 * Wraps a fetch handler (a function, or an object with a `fetch` method
 * such as a Worker's default export) with edgeguard's checks. Options are
 * compiled now, so that a bad one throws here, unless the engine is not
 * instantiated yet (see compile).
 * @param {import('./core.js').Edgeguard} eg
 * @param {object} options see worker.d.ts GuardOptions
 * @param {Function | {fetch: Function}} handler
 */
export function guard(eg, options, handler) {
  if (options === null || typeof options !== 'object') throw new TypeError('guard: options must be an object')
  const unknown = Object.keys(options).filter((k) => !OPTIONS.includes(k))
  if (unknown.length) throw new TypeError(`guard: unknown option ${JSON.stringify(unknown.sort()[0])}`)
  const app = typeof handler === 'function' ? handler : handler?.fetch
  if (typeof app !== 'function') throw new TypeError('guard: the handler must be a function or an object with a fetch method')

  const serve = compile(eg, options, (request, ...rest) => app.call(handler, request, ...rest))
  if (typeof handler === 'function') return serve
  // Keep the object's other handlers (scheduled, queue, …) and its prototype.
  return Object.assign(Object.create(Object.getPrototypeOf(handler)), handler, { fetch: serve })
}

/** The guarded handler for compiled options. */
function compile(eg, options, app) {
  const log = options.log ?? ((line) => console.error(line))
  if (typeof log !== 'function') throw new TypeError('guard: log must be a function')
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  if (!Number.isInteger(maxBody) || maxBody < 0 || maxBody > MAX_BODY) {
    throw new TypeError(`guard: maxBodyBytes must be an integer from 0 to ${MAX_BODY}`)
  }
  if (options.clientIp !== undefined && typeof options.clientIp !== 'function') throw new TypeError('guard: clientIp must be a function')
  const clientIp = options.clientIp ?? runtimeClientIp

  const rule = options.authorize
  if (rule !== undefined && options.jwt === undefined) throw new TypeError('guard: authorize needs jwt (the claims it checks)')
  const appId = options.appId
  if (appId !== undefined && typeof appId !== 'string') throw new TypeError('guard: appId must be a string')
  // workerd refuses to instantiate the module at global scope (Go's runtime
  // needs random bytes), which is where a Worker calls guard(): with an
  // engine not yet instantiated, the options compile at the first request.
  let checks = eg.stats.instantiations > 0 ? compileChecks(eg, options) : null

  return async function guarded(request, env, ctx) {
    const url = new URL(request.url)
    // Guards nest (one around a router, one per route): the inner one starts
    // from what the outer one found.
    const outer = contexts.get(request)
    const c = outer ? { ...outer } : newContext(url)
    contexts.set(request, c)
    /** One request's state: where the events go, and headers the checks add to the response. */
    const run = { eg, log, c, where: { method: request.method, uri: url.pathname + url.search, appId }, extra: [] }
    let built = NO_HEADERS
    let response
    try {
      try {
        checks ??= compileChecks(eg, options)
      } catch (err) {
        logCompileFailure(eg, log, err, run.where)
        return problemResponse({ status: 500 })
      }
      built = checks.page?.build() ?? NO_HEADERS
      // Without headers of its own, the outer guard's CSP (and nonce) apply.
      if (checks.page) c.nonce = built.nonce
      c.ip = (await clientIp(request, env, ctx)) || undefined
      response = (await rateLimitStep(run, checks, request, env, ctx)) ??
        (await csrfStep(run, checks, request)) ??
        (await jwtStep(run, checks, request, rule)) ??
        (await bodyStep(run, checks, request, maxBody))
      if (!response) {
        response = await app(request, env, ctx)
        if (!(response instanceof Response)) throw new TypeError('edgeguard/worker: the handler did not return a Response')
      }
    } catch (err) {
      const status = errorStatus(err)
      logErrorEvent(eg, log, status, { ...run.where, ip: c.ip })
      response = problemResponse({ status, members: errorMembers(err, status) })
    }
    return decorate(response, built, run.extra)
  }
}

/** A request's context before the checks fill it. */
function newContext(url) {
  return {
    nonce: undefined,
    ip: undefined,
    query: paramsRecord(url.searchParams),
    body: undefined,
    bytes: undefined,
    validated: undefined,
    auth: undefined,
    authHeader: undefined,
    rateLimit: undefined,
    csrfToken() {
      throw new EdgeguardError('bad_config', 'csrfToken: give guard() csrf options with secrets, and a request with a session')
    },
  }
}

// Each step below answers a refusal (a Response) or undefined to go on.

async function rateLimitStep(run, { limit }, request, env, ctx) {
  if (!limit) return undefined
  const key = limit.key ? await limit.key(request, env, ctx) : defaultKey(limit.limiter, run.c.ip)
  const decision = await limit.limiter.limit(key)
  run.c.rateLimit = decision
  // On every answer, refusals included (express-rate-limit does the same).
  run.extra.push(...decision.headers)
  return decision.allowed ? undefined : refuse(run, 'excess_rate_limit_exceeded', rateLimitRefusal(decision))
}

async function csrfStep(run, { csrf }, request) {
  if (!csrf) return undefined
  const sid = (await csrf.sessionId?.(request)) || undefined
  const refusal = csrf.refusal({ method: request.method, url: request.url, headers: request.headers }, sid)
  if (refusal) return refuse(run, 'malicious_csrf', refusal)
  if (csrf.tokens && sid !== undefined) {
    run.c.csrfToken = () => {
      const { token, setCookie } = csrf.protection.generate(sid)
      run.extra.push(['Set-Cookie', setCookie])
      return token
    }
  }
  return undefined
}

async function jwtStep(run, { verifier, realm }, request, rule) {
  if (!verifier) return undefined
  const token = bearerToken(request.headers.get('authorization'))
  if (token === undefined) return refuse(run, 'authn_token_invalid', jwtRefusal(run.eg, undefined, realm))
  let verified
  try {
    // verifyAsync: the signature primitive may run in WebCrypto (workerd, browsers).
    verified = await verifier.verifyAsync(token)
  } catch (err) {
    return refuse(run, 'authn_token_invalid', jwtRefusal(run.eg, err, realm))
  }
  run.c.auth = verified.claims
  run.c.authHeader = verified.header
  if (rule === undefined) return undefined
  const refusal = authorizeRefusal(run.eg, rule, verified.claims, realm)
  return refusal && refuse(run, 'authz_fail', refusal)
}

// The body, read once and parsed, then sanitized, then validated (so that
// the validated data holds sanitized values).
async function bodyStep(run, { sanitizeFields, schema }, request, maxBody) {
  const { c } = run
  const earlier = bodies.get(request)
  if (earlier) {
    // An outer guard read (and perhaps sanitized) it: the same body object.
    if ((earlier.bytes?.byteLength ?? 0) > maxBody) return refuse(run, 'input_validation_fail', tooLarge(maxBody))
    c.bytes = earlier.bytes
    c.body = earlier.body
  } else {
    const read = await readBody(request, maxBody)
    if (read.refusal) return refuse(run, 'input_validation_fail', read.refusal)
    c.bytes = read.bytes
    const parsed = parseBody(read.bytes, request.headers.get('content-type'))
    if (parsed.refusal) return refuse(run, 'input_validation_fail', parsed.refusal)
    c.body = parsed.body
    bodies.set(request, { bytes: c.bytes, body: c.body })
  }
  try {
    const refusal = sanitizeFields?.(c.body)
    if (refusal) return refuse(run, 'input_validation_fail', refusal)
    if (!schema) return undefined
    const result = schema.validate({ body: c.body, query: c.query, headers: headersRecord(request.headers), cookies: cookiesRecord(request.headers.get('cookie')) })
    if (!result.ok) return refuse(run, 'input_validation_fail', validationRefusal(result.errors))
    c.validated = result.data
    return undefined
  } catch (err) {
    // The module refusing a value (lone surrogates, too deep to serialize)
    // is the input's fault; anything else is ours.
    if (!INPUT_CODES.has(err?.code)) throw err
    return refuse(run, 'input_validation_fail', { status: 400, members: { detail: 'The request could not be checked.', code: err.code } })
  }
}

/**
 * Answers a refusal and logs its security event (an engine failure behind
 * a refusal, a 5xx, is logged as the error it is).
 */
function refuse({ eg, log, c, where }, event, refusal) {
  if (refusal.status >= 500) logErrorEvent(eg, log, refusal.status, { ...where, ip: c.ip })
  else logRefusal(eg, log, event, refusal, { ...where, ip: c.ip })
  return problemResponse(refusal)
}

/** The options' module configurations, compiled. */
function compileChecks(eg, options) {
  let verifier = null
  let realm
  if (options.jwt !== undefined) {
    const { realm: r, ...verifierOptions } = options.jwt ?? {}
    realm = r
    verifier = eg.jwtVerifier(verifierOptions)
  }
  let sanitizeFields = null
  if (options.sanitize !== undefined) {
    const { fields, policy, ...rest } = options.sanitize ?? {}
    rejectUnknown('guard: sanitize', rest)
    sanitizeFields = compileBodySanitizer(eg, fields, policy)
  }
  const v = options.validate
  return {
    // false: no headers at all; null/undefined: helmet's defaults.
    page: options.headers === false ? null : eg.compileSecurityHeaders(options.headers ?? null),
    limit: options.rateLimit === undefined ? null : compileRateLimit(eg, options.rateLimit),
    csrf: options.csrf === undefined ? null : compileCsrf(eg, options.csrf),
    verifier,
    realm,
    sanitizeFields,
    schema: v === undefined ? null : v instanceof Schema ? v : eg.schema(v),
  }
}

// Deferred compilation (see compile) fails at a request: the developer
// needs the reason, which a 500 must not show, so the event carries it.
function logCompileFailure(eg, log, err, where) {
  logEvent(eg, log, {
    event: 'sys_crash',
    level: 'CRITICAL',
    description: `edgeguard/worker: the guard() options do not compile: ${err?.message ?? err}`,
    reason: typeof err?.code === 'string' ? err.code : undefined,
  }, where)
}

/**
 * The client address the runtime vouches for: Deno's ServeHandlerInfo,
 * Bun's server.requestIP, else Cloudflare's CF-Connecting-IP (set by
 * Cloudflare's edge; on self-hosted workerd a client can send it, so give
 * `clientIp` there).
 */
function runtimeClientIp(request, env) {
  const deno = env?.remoteAddr?.hostname
  if (typeof deno === 'string') return deno
  if (typeof env?.requestIP === 'function') {
    const bun = env.requestIP(request)?.address
    if (typeof bun === 'string') return bun
  }
  return request.headers.get('cf-connecting-ip') ?? undefined
}

// Without a client address every caller would share one bucket (or none):
// refuse to guess.
function defaultKey(limiter, ip) {
  if (!ip) throw new EdgeguardError('bad_config', 'rateLimit: no client address for this request; give guard() a clientIp or rateLimit a key function')
  return limiter.key({ ip })
}

function problemResponse(refusal) {
  const headers = new Headers(refusal.headers ?? [])
  headers.set('Content-Type', PROBLEM_TYPE)
  return new Response(JSON.stringify(problemDocument(refusal.status, refusal.members)), { status: refusal.status, headers })
}

/**
 * Adds the security headers (unless the handler set its own), the checks'
 * headers, and removes X-Powered-By & co. A response with immutable headers
 * (one from fetch(), Response.redirect) is copied first.
 */
function decorate(response, built, extra) {
  const apply = (h) => {
    for (const name of built.remove) h.delete(name)
    for (const [name, value] of Object.entries(built.headers)) if (!h.has(name)) h.set(name, value)
    for (const [name, value] of extra) {
      if (name.toLowerCase() === 'set-cookie') h.append(name, value)
      else h.set(name, value)
    }
  }
  try {
    apply(response.headers)
    return response
  } catch {
    // Immutable headers: copy. A response that cannot be copied (a status
    // the constructor refuses, such as 101) goes out as the handler made it.
    try {
      const copy = new Response(response.body, response)
      apply(copy.headers)
      return copy
    } catch {
      return response
    }
  }
}

function logRefusal(eg, log, event, refusal, where) {
  const reason = refusal.members?.code
  logEvent(eg, log, { event, level: 'WARN', description: `request refused with ${refusal.status}`, reason: typeof reason === 'string' ? reason : undefined }, where)
}
