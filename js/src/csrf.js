// The CSRF API: one object over the module's two CSRF kinds. "csrf" is the
// token-less Fetch Metadata / Origin check (Go's CrossOriginProtection);
// "csrf_token" the signed double-submit tokens in csrf-csrf 4's format. Every
// verdict is computed in the module (docs/practices.md); this file only maps
// JavaScript requests and options onto the kinds' JSON.

import { EdgeguardError } from './errors.js'

/** The methods that never need CSRF protection (as in Go and csrf-csrf). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** csrf-csrf's default header and cookie names, so both libraries interoperate. */
export const CSRF_HEADER = 'x-csrf-token'
export const CSRF_COOKIE = '__Host-psifi.x-csrf-token'

/** CSRF protection for one configuration; close it when done. */
export class Csrf {
  #engine
  #protection
  #tokens
  #cookieName

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {object} [options] see index.d.ts CsrfOptions
   */
  constructor(engine, options = {}) {
    if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_config', 'csrf: options must be an object')
    const { secrets, size, cookie, trustedOrigins, bypassPatterns, logOnly, ...rest } = options
    rejectUnknown('csrf', rest)
    this.#engine = engine
    this.#protection = engine.open('csrf', compact({ trusted_origins: trustedOrigins, bypass_patterns: bypassPatterns, log_only: logOnly }))
    if (secrets !== undefined) {
      try {
        this.#tokens = engine.open('csrf_token', compact({ secrets, size, cookie: cookie && cookieConfig(cookie) }))
      } catch (e) {
        this.#protection.close()
        throw e
      }
    }
    this.#cookieName = cookie?.name ?? CSRF_COOKIE
  }

  /** The cookie that carries the token (csrf-csrf's default name unless configured). */
  get cookieName() {
    return this.#cookieName
  }

  /**
   * Mints a token bound to `sessionId`. Send `setCookie` as a Set-Cookie
   * header and `token` to the page (a form field or the x-csrf-token header).
   * @param {string} sessionId
   * @returns {{token: string, setCookie: string}}
   */
  generate(sessionId) {
    const { token, set_cookie: setCookie } = this.#engine.call(this.#tokenHandle(), 'generate', JSON.stringify({ session_id: sessionId }))
    return { token, setCookie }
  }

  /**
   * Verifies a double-submit pair: the cookie's token and the request's
   * (header or form field) must be equal and signed for `sessionId`.
   * @param {string} sessionId
   * @param {string} cookieToken
   * @param {string} requestToken
   * @param {{requestId?: string, now?: number}} [options] the event's request id and time (ms)
   */
  verify(sessionId, cookieToken, requestToken, options = {}) {
    const input = { session_id: sessionId, cookie_token: cookieToken ?? '', request_token: requestToken ?? '', ...eventInput(options) }
    return this.#engine.call(this.#tokenHandle(), 'verify', JSON.stringify(input))
  }

  /**
   * Checks a request: Fetch Metadata / Origin always; with `sessionId` and
   * configured secrets, the double-submit token too (cookie `cookieName`
   * against the x-csrf-token header) for unsafe methods.
   * @param {{method: string, url?: string, headers: any}} request a fetch
   *   Request, a Node IncomingMessage, or a plain object of that shape
   * @param {{sessionId?: string, requestId?: string, now?: number}} [options]
   */
  check(request, options = {}) {
    const method = String(request?.method ?? '').toUpperCase()
    const { host, path } = hostAndPath(request)
    const input = { method, host, path }
    const site = header(request, 'sec-fetch-site')
    const origin = header(request, 'origin')
    if (site !== undefined) input.sec_fetch_site = site
    if (origin !== undefined) input.origin = origin
    Object.assign(input, eventInput(options))
    const verdict = this.#engine.call(this.#protection, 'check', JSON.stringify(input))
    if (!verdict.allowed || options.sessionId === undefined || SAFE_METHODS.has(method)) return verdict
    const tokens = this.verify(options.sessionId, cookie(header(request, 'cookie'), this.#cookieName), header(request, CSRF_HEADER), options)
    if (tokens.ok) return verdict
    return { ...verdict, allowed: false, blocked: true, reason: tokens.code, problem: tokens.problem, event: tokens.event }
  }

  /** Releases both compiled configurations. Idempotent. */
  close() {
    this.#protection.close()
    this.#tokens?.close()
  }

  #tokenHandle() {
    if (!this.#tokens) throw new EdgeguardError('bad_config', 'csrf: tokens need options.secrets')
    return this.#tokens
  }
}

// The members the module's refusal events take from the caller.
function eventInput({ requestId, now }) {
  return compact({ request_id: requestId, now_ms: now })
}

function cookieConfig(c) {
  // Unset members keep csrf-csrf's defaults (the module would take a
  // cookie object as a whole, and a cookie without Path is scoped to the
  // request's directory by browsers, which is never what is meant).
  const { name = CSRF_COOKIE, path = '/', domain, sameSite = 'Strict', maxAge, insecure, readable, ...rest } = c
  rejectUnknown('csrf: cookie', rest)
  return compact({ name, path, domain, same_site: sameSite, max_age: maxAge, insecure, readable })
}

// Option helpers shared by the practice APIs (ratelimit.js, secret.js).

/** Refuses option names this API does not know, as the module does for JSON. */
export function rejectUnknown(what, rest) {
  const names = Object.keys(rest)
  if (names.length) throw new EdgeguardError('bad_config', `${what}: unknown option ${JSON.stringify(names.sort()[0])}`)
}

/** Drops undefined members, so that the module applies its defaults. */
export function compact(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined))
}

/**
 * Reads one header from a fetch Headers object, a Node headers object
 * (lower-case names; repeated headers as arrays) or a plain record.
 * Returns undefined when absent.
 * @param {{headers?: any}} request
 * @param {string} name lower-case
 * @returns {string | undefined}
 */
export function header(request, name) {
  const h = request?.headers
  if (!h) return undefined
  if (typeof h.get === 'function') return h.get(name) ?? undefined
  let v = h[name]
  if (v === undefined) {
    const key = Object.keys(h).find((k) => k.toLowerCase() === name)
    v = key === undefined ? undefined : h[key]
  }
  if (v === undefined || v === null) return undefined
  return Array.isArray(v) ? v.join(name === 'cookie' ? '; ' : ', ') : String(v)
}

// The Host header wins over the URL's host, as for Go's r.Host: a fetch
// Request's url is absolute, a Node request's is only the path.
function hostAndPath(request) {
  const url = String(request?.url ?? '/')
  let parsed
  try {
    parsed = new URL(url, 'http://invalid.invalid')
  } catch {
    throw new EdgeguardError('bad_request', 'csrf: request.url does not parse')
  }
  const host = header(request, 'host') ?? (parsed.host === 'invalid.invalid' ? '' : parsed.host)
  // The escaped path without the query: for a relative url, take it verbatim,
  // since URL parsing would resolve dot segments that Go's checks must see.
  const path = /^[a-z][a-z0-9+.-]*:/i.test(url) ? parsed.pathname : url.split(/[?#]/, 1)[0] || '/'
  return { host, path }
}

/**
 * One cookie's value from a Cookie header, or undefined.
 * @param {string | undefined} cookieHeader
 * @param {string} name
 */
export function cookie(cookieHeader, name) {
  if (!cookieHeader) return undefined
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq >= 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
