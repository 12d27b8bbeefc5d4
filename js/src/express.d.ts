// Types of `edgeguard/express` (js/src/express.js). The request and response
// are typed structurally, so that this file needs neither express nor
// @types/express; with @types/express installed, the middleware are
// assignable to express.RequestHandler / ErrorRequestHandler.

import type {
  AuthzPolicy,
  AuthzRule,
  CsrfOptions,
  Edgeguard,
  JwtOptions,
  Policy,
  RateLimitPolicy,
  RateLimitStore,
  RedisStore,
  RedisStoreOptions,
  SchemaOptions,
  ValidationSchema,
} from './core.js'

/** What the middleware read from an Express request. */
export interface ExpressRequest {
  method: string
  url: string
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  body?: unknown
  socket: { remoteAddress?: string; destroy(): void }
  get(name: string): string | undefined
  [key: string]: any
}

/** What the middleware write on an Express response. */
export interface ExpressResponse {
  locals: Record<string, any>
  headersSent: boolean
  status(code: number): this
  set(name: string, value: string | string[]): this
  setHeader(name: string, value: string | number | readonly string[]): unknown
  removeHeader(name: string): void
  append(name: string, value: string | string[]): this
  send(body?: unknown): this
  [key: string]: any
}

export type NextFunction = (err?: unknown) => void
export type Middleware = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void
export type ErrorMiddleware = (err: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void

/** helmet's headers and CSP; the nonce of each response in `res.locals.cspNonce`; X-Powered-By removed. */
export declare function helmet(eg: Edgeguard, options?: object | null): Middleware

/** checkSchema validation: data on `req.validated`, or 400 problem+json with `errors` (express-validator's array). */
export declare function validate(eg: Edgeguard, schema: ValidationSchema, options?: SchemaOptions): Middleware

/** Options of `requireJwt`: a verifier's (fixed keys or `jwks: eg.createRemoteJWKSet(url)`) plus the challenge realm. */
export type RequireJwtOptions = JwtOptions & { realm?: string }

/** A Bearer token verified: claims on `req.auth`, header on `req.authHeader`; else 401 with WWW-Authenticate (RFC 6750). */
export declare function requireJwt(eg: Edgeguard, options: RequireJwtOptions): Middleware

/** `req.auth` against a rule or policy: 403 insufficient_scope (RFC 6750) when denied, 401 without claims. */
export declare function authorize(eg: Edgeguard, rule: AuthzRule | AuthzPolicy, options?: { realm?: string }): Middleware

/** Options of `csrf`: eg.csrf's, plus the session a double-submit token is bound to (required with `secrets`; an unsafe request without one is refused). */
export type ExpressCsrfOptions = CsrfOptions & { sessionId?: (req: ExpressRequest) => string | undefined }

/** Fetch Metadata / Origin checks and signed double-submit tokens; `req.csrfToken()` mints one. 403 when refused. */
export declare function csrf(eg: Edgeguard, options?: ExpressCsrfOptions): Middleware

/** Options of `rateLimit`. */
export interface ExpressRateLimitOptions {
  policy: RateLimitPolicy
  /** Default: a new in-memory store. */
  store?: RateLimitStore
  /** Default: the client IP (IPv6 by /56) via `limiter.key`. */
  key?: (req: ExpressRequest) => string | Promise<string>
}

/** GCRA rate limiting with RateLimit / RateLimit-Policy headers; 429 problem+json with Retry-After. */
export declare function rateLimit(eg: Edgeguard, options: ExpressRateLimitOptions): Middleware

/** rate-limit-redis's store: keys in Redis through `sendCommand` (node-redis, ioredis, …), shared with Go's ratelimit/redisstore under the same prefix. */
export declare function redisStore(options: RedisStoreOptions): RedisStore

/** Sanitizes the named body fields (text or lists of text) in place; any other value there answers 400. */
export declare function sanitizeBody(eg: Edgeguard, fields: string[], policy?: Policy): Middleware

/** Options of `errorHandler`. */
export interface ErrorHandlerOptions {
  /** Receives one security-event JSON line per error. Default: console.error. */
  log?: (line: string) => void
  appId?: string
}

/** RFC 9457 problem+json for any error (no stack; a 5xx never shows its message) and one security event logged. */
export declare function errorHandler(eg: Edgeguard, options?: ErrorHandlerOptions): ErrorMiddleware
