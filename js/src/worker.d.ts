// Types of `edgeguard/worker` (js/src/worker.js): edgeguard/express's
// features around a fetch handler, for Cloudflare Workers, Deno.serve and
// Bun.serve. Web-standard types only.

import type {
  AuthzPolicy,
  AuthzRule,
  CsrfOptions,
  Edgeguard,
  JwtOptions,
  Policy,
  RateLimitDecision,
  RateLimitPolicy,
  RateLimitStore,
  Schema,
  SecurityHeadersOptions,
  ValidationSchema,
} from './core.js'

/** A handler in any of the runtimes' shapes: (request, env, ctx), (request, info), (request, server). */
export type FetchHandler = (request: Request, ...rest: any[]) => Response | Promise<Response>

/** An object with a fetch method, such as a Worker's default export. */
export interface FetchObject {
  fetch: FetchHandler
  [member: string]: any
}

/** Options of `guard`. Every check is off unless given, except the security headers. */
export interface GuardOptions {
  /** helmet's options for every response (refusals too); default helmet's defaults; false for none. */
  headers?: SecurityHeadersOptions | null | false
  /** Bodies over this many bytes answer 413 (default 102400, at most 8 MiB). The body is always read, once. */
  maxBodyBytes?: number
  /** GCRA rate limiting, first of the checks; 429 with Retry-After. */
  rateLimit?: {
    policy: RateLimitPolicy
    /** Default: a MemoryStore of this isolate; `durableObjectStore(env.NAME)` shares state across isolates. */
    store?: RateLimitStore
    /** Default: the client address (IPv6 by /56) via `limiter.key`. */
    key?: (request: Request, env?: any, ctx?: any) => string | Promise<string>
  }
  /** Fetch Metadata / Origin checks and, with `secrets`, double-submit tokens bound to `sessionId`; 403. */
  csrf?: CsrfOptions & { sessionId?: (request: Request) => string | undefined | Promise<string | undefined> }
  /** A Bearer token verified (fixed keys, or `jwks: eg.createRemoteJWKSet(url)`); 401 with WWW-Authenticate. */
  jwt?: JwtOptions & { realm?: string }
  /** The verified claims against a rule or policy (needs `jwt`); 403 insufficient_scope. */
  authorize?: AuthzRule | AuthzPolicy
  /** Sanitize HTML in these fields of the parsed body before validation; 400 for a non-text value. */
  sanitize?: { fields: string[]; policy?: Policy }
  /** A checkSchema document (or `eg.schema(…)`) over body, query, headers and cookies; 400 with the error array. */
  validate?: ValidationSchema | Schema
  /** Receives one security-event JSON line per refusal and per error. Default: console.error. */
  log?: (line: string) => void
  appId?: string
  /**
   * The client address. Default: Deno's `info.remoteAddr`, Bun's `server.requestIP()`, else the
   * CF-Connecting-IP header (trustworthy only behind Cloudflare's edge).
   */
  clientIp?: (request: Request, env?: any, ctx?: any) => string | undefined | Promise<string | undefined>
}

/** What the checks found for one request: `context(request)` in the handler. */
export interface GuardContext {
  /** The CSP nonce of this response (when the policy has one). */
  readonly nonce: string | undefined
  readonly ip: string | undefined
  /** The query string as Express parses it (repeated names as arrays). */
  readonly query: Record<string, string | string[]>
  /** The JSON or urlencoded body, parsed and sanitized; undefined for other types. */
  readonly body: unknown
  /** The body as received (not sanitized). */
  readonly bytes: Uint8Array | undefined
  /** The validated data (express-validator's matchedData). */
  readonly validated: Record<string, unknown> | undefined
  /** The verified token's claims and header. */
  readonly auth: Record<string, unknown> | undefined
  readonly authHeader: Record<string, unknown> | undefined
  readonly rateLimit: RateLimitDecision | undefined
  /** Mints a CSRF token for the page; its cookie goes on the response. */
  csrfToken(): string
}

/**
 * Wraps a handler with edgeguard's checks. Options are compiled (and checked) now, or at the
 * first request when the engine is not instantiated yet (workerd's lazy engine at global scope).
 * Guards nest: an inner guard sees the outer one's context and reuses the body it read.
 */
export declare function guard<H extends FetchHandler | FetchObject>(eg: Edgeguard, options: GuardOptions, handler: H): H

/** What the checks found for a request the guarded handler was called with (TypeError for any other). */
export declare function context(request: Request): GuardContext

/** A Durable Object namespace binding, as far as durableObjectStore uses it. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown
  get(id: any): { fetch(input: string, init?: RequestInit): Promise<Response> }
}

/** Rate-limit state in Durable Objects of class RateLimitObject, one per key. */
export declare function durableObjectStore(namespace: DurableObjectNamespaceLike): RateLimitStore

/** The Durable Object class behind durableObjectStore: export it from the worker's main module. */
export declare class RateLimitObject {
  constructor(state: { storage: unknown }, env?: unknown)
  fetch(request: Request): Promise<Response>
}
