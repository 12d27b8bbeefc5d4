// Type declarations for `edgeguard/core`, the runtime-neutral engine for
// hosts that compile or import the module themselves, and for everything the
// runtime entries share (index.d.ts re-exports them).

/** The codes of the module and its hosts (docs/abi.md), in ERROR_CODES. */
export type CoreErrorCode =
  | 'bad_request' | 'unknown_kind' | 'unknown_op' | 'bad_handle' | 'bad_config'
  | 'too_large' | 'invalid_utf8' | 'too_many_handles' | 'internal'
  | 'bad_pointer' | 'closed' | 'timeout' | 'canceled' | 'trap' | 'out_of_memory' | 'unavailable'

/**
 * Every error code edgeguard reports: the core codes, the JWT codes, and the
 * codes each practice documents (e.g. `decrypt_failed`, `bad_nonce`; see
 * docs/*.md). The open string arm keeps `e.code === 'decrypt_failed'`
 * well-typed while editors still suggest the listed codes.
 */
export type ErrorCode = CoreErrorCode | JwtErrorCode | (string & {})

/** The codes, in a frozen array, for validation and exhaustive tests. */
export declare const ERROR_CODES: readonly CoreErrorCode[]

/** Thrown by every edgeguard call. Match on `code`; messages may change. */
export declare class EdgeguardError extends Error {
  constructor(code: ErrorCode, message: string, extra?: { detail?: unknown; cause?: unknown })
  readonly name: 'EdgeguardError'
  readonly code: ErrorCode
  /** Machine-readable detail, e.g. `{kind, ops}` for unknown_op, `{stderr}` for trap. */
  readonly detail: unknown
}

export interface Options {
  /**
   * Defer instantiation (and Go's `_initialize`, ~100-200 ms) to the first
   * call. Default false, except in the workerd entry, where random numbers
   * are forbidden at global scope.
   */
  lazy?: boolean
  /**
   * Environment variables for the module. Production needs none; tests pass
   * `{ EDGEGUARD_FAULTS: '1' }` to enable the `fault` operation. `GOGC` and
   * `GOMEMLIMIT` tune the Go runtime.
   */
  env?: Record<string, string>
  /**
   * Receives the module's stdout (fd 1) and stderr (fd 2), line by line:
   * Go's fatal error reports arrive here. Default: console.log / console.error.
   */
  log?: (fd: 1 | 2, line: string) => void
  /**
   * An instance whose linear memory exceeds this after a call is discarded
   * and replaced (memory never shrinks). Default 256 MiB.
   */
  maxMemoryBytes?: number
  /**
   * JWT signature primitives, in order of preference (docs/jwt.md, "Host
   * signatures"). Default: WebCrypto where the runtime has it; `load()` in
   * Node, Deno and Bun puts node:crypto first. `[]`: every signature is
   * checked in the module.
   */
  jwtCrypto?: JwtCrypto[]
}

/** A sanitizer policy: a preset name or a policy object. */
export type Policy = 'strict' | 'basic' | 'ugc' | 'rich' | (string & {}) | {
  preset?: string
  /** The SVG safe mode (off by default): true, or a narrower subset of its elements and attributes. */
  svg?: boolean | ForeignSubset
  /** The MathML safe mode (off by default): true, or a narrower subset. */
  mathml?: boolean | ForeignSubset
  [key: string]: unknown
}

/** Narrows a foreign-content safe mode; it can never widen the built-in list (docs/sanitize.md). */
export interface ForeignSubset {
  elements?: string[]
  attributes?: string[]
}

/** A configuration opened with `Edgeguard.open`. */
export declare class Handle {
  private constructor()
  /** Unique within its Edgeguard; not the module's handle number. */
  readonly id: number
  readonly kind: string
  /** Releases the configuration. Idempotent; a no-op after Edgeguard.close(). */
  close(): void
}

/**
 * A browser's TrustedHTML (lib.dom or @types/trusted-types declare it in
 * full); edgeguard only ever hands it over.
 */
export interface TrustedHTMLValue {
  toString(): string
}

/** Options of `Edgeguard.sanitizer`. */
export interface SanitizerOptions {
  /**
   * Return TrustedHTML made by a Trusted Types policy of this name (created
   * once per Sanitizer; its createHTML sanitizes, so it is safe even as
   * "default"). Where the runtime has no Trusted Types, strings are returned.
   */
  trustedTypes?: string
}

/** Output encoding contexts of `Edgeguard.escape` (docs/sanitize.md). */
export type EscapeContext = 'html' | 'text' | 'attr' | 'url' | 'js' | 'css'

/** Sanitizes HTML with one compiled policy. */
export declare class Sanitizer<T = string> {
  private constructor()
  sanitize(html: string | Uint8Array): T
  /** Idempotent. */
  close(): void
}

/** A location express-validator reads. */
export type ValidationLocation = 'body' | 'query' | 'params' | 'headers' | 'cookies'

/**
 * A rule entry of a checkSchema field: `true`, or its options
 * (docs/validate.md). `if` is `{field, in?, ...rules}`, express-validator's
 * `if: body(field).rules` in JSON.
 */
export type ValidationRule = boolean | null | {
  options?: unknown
  errorMessage?: unknown
  negated?: boolean
  bail?: boolean | { level: 'chain' | 'request' }
  if?: { field: string; in?: ValidationLocation | ValidationLocation[]; [rule: string]: unknown }
}

/** One field of a checkSchema object: locations, message, optional, and rules in chain order. */
export type ValidationField = {
  in?: ValidationLocation | ValidationLocation[]
  errorMessage?: unknown
  optional?: boolean | { options?: { values?: 'undefined' | 'null' | 'falsy'; nullable?: boolean; checkFalsy?: boolean } }
  [rule: string]: unknown
}

/** express-validator's checkSchema object, in JSON: field paths (`a.b`, `items.*.name`, `**.id`) to fields. */
export type ValidationSchema = Record<string, ValidationField>

/** What express-validator spreads over other middlewares (oneOf, checkExact), and redaction. */
export interface SchemaOptions {
  /** Unknown fields: `strip` (default: data has schema fields only), `allow`, or `reject` (checkExact). */
  unknown?: 'strip' | 'allow' | 'reject'
  /** Locations the unknown policy looks at (default body, params, query). */
  unknownLocations?: ValidationLocation[]
  unknownMessage?: string
  oneOf?: { groups: ValidationSchema[]; message?: unknown; errorType?: 'grouped' | 'least_errored' | 'flat' }[]
  /** Show values of secret-looking fields (password, token, …) in errors. Default false. */
  showSecrets?: boolean
  /** Locations of fields without `in` (default all five). */
  defaultLocations?: ValidationLocation[]
}

/** The request a schema validates; an Express request works as is. */
export interface ValidationRequest {
  body?: unknown
  query?: unknown
  params?: unknown
  headers?: unknown
  cookies?: unknown
}

/** One entry of `validationResult(req).array()`, plus a stable `code` and `params`. */
export type ValidationError =
  | { type: 'field'; value?: unknown; msg: unknown; path: string; location: ValidationLocation; code: string; params?: unknown[] }
  | { type: 'unknown_fields'; msg: unknown; fields: { path: string; value: unknown; location: ValidationLocation }[]; code: 'unknown_fields' }
  | { type: 'alternative'; msg: unknown; nestedErrors: ValidationError[]; code: 'one_of' }
  | { type: 'alternative_grouped'; msg: unknown; nestedErrors: ValidationError[][]; code: 'one_of' }

/** `ok` (no errors), `errors` as validationResult().array(), `data` as matchedData(). */
export interface ValidationResult {
  ok: boolean
  errors: ValidationError[]
  data: Record<string, unknown>
}

/** An express-validator checkSchema document compiled once (`eg.schema()`). */
export declare class Schema {
  private constructor()
  validate(req: ValidationRequest): ValidationResult
  /** Idempotent. */
  close(): void
}

/** One validator.js validator or sanitizer bound to its options (`eg.validator()`). */
export declare class Rule {
  private constructor()
  /** Validators only (bad_request for a sanitizer). */
  check(value: string): boolean
  /** Sanitizers only; NaN and invalid dates are null, dates ISO strings. */
  sanitize(value: string): string | number | boolean | null
  /** Idempotent. */
  close(): void
}

/**
 * helmet 8 options (docs/headers.md): every header `false`, `true` or an
 * options object, plus edgeguard's `permissionsPolicy` and
 * `reportingEndpoints`. Unknown keys are refused.
 */
export interface SecurityHeadersOptions {
  contentSecurityPolicy?: boolean | CspOptions
  crossOriginEmbedderPolicy?: boolean | { policy?: 'require-corp' | 'credentialless' | 'unsafe-none' }
  crossOriginOpenerPolicy?: boolean | { policy?: 'same-origin' | 'same-origin-allow-popups' | 'noopener-allow-popups' | 'unsafe-none' }
  crossOriginResourcePolicy?: boolean | { policy?: 'same-origin' | 'same-site' | 'cross-origin' }
  originAgentCluster?: boolean
  referrerPolicy?: boolean | { policy?: string | string[] }
  strictTransportSecurity?: boolean | { maxAge?: number; includeSubDomains?: boolean; preload?: boolean }
  xContentTypeOptions?: boolean
  xDnsPrefetchControl?: boolean | { allow?: boolean }
  xDownloadOptions?: boolean
  xFrameOptions?: boolean | { action?: 'deny' | 'sameorigin' | 'DENY' | 'SAMEORIGIN' }
  xPermittedCrossDomainPolicies?: boolean | { permittedPolicies?: 'none' | 'master-only' | 'by-content-type' | 'all' }
  xPoweredBy?: boolean
  xXssProtection?: boolean
  permissionsPolicy?: boolean | { features: Record<string, string | string[]> }
  reportingEndpoints?: Record<string, string>
  [legacyAlias: string]: unknown
}

/** CSP directives: camelCase or dashed names; `null` removes a default. */
export type CspDirectives = Record<string, string | string[] | null | { dangerouslyDisableDefaultSrc: true }>

/** helmet's contentSecurityPolicy options and edgeguard's additions. */
export interface CspOptions {
  useDefaults?: boolean
  directives?: CspDirectives
  reportOnly?: boolean
  /** web.dev's strict CSP: nonce + 'strict-dynamic', object-src 'none', base-uri 'none'. */
  preset?: 'strict'
  /** A fresh 'nonce-…' per response in these directives (true: script-src). */
  nonce?: boolean | Array<'scriptSrc' | 'scriptSrcElem' | 'styleSrc' | 'styleSrcElem'>
  /** Adds 'wasm-unsafe-eval' to script-src, which compiling WebAssembly needs. */
  wasmUnsafeEval?: boolean
  trustedTypes?: boolean | { policies?: string[]; allowDuplicates?: boolean }
  scriptHashes?: string[]
  styleHashes?: string[]
  hashAlgorithm?: 'sha256' | 'sha384' | 'sha512'
}

/** One response's headers: set `headers`, delete `remove`, put `nonce` in your tags. */
export interface HeaderSet {
  headers: Record<string, string>
  remove: string[]
  /** Present when the policy has a nonce slot: 24 base64 characters, 128 bits. */
  nonce?: string
}

/** One Content-Security-Policy (or -Report-Only) header. */
export interface CspHeader {
  name: 'Content-Security-Policy' | 'Content-Security-Policy-Report-Only'
  value: string
  nonce?: string
}

/** A compiled header set (`Edgeguard.compileSecurityHeaders`). */
export declare class SecurityHeaders {
  private constructor()
  /** Whether the policy carries a nonce. */
  readonly usesNonce: boolean
  /** One response's headers; a fresh nonce unless you pass one (checked by the module). */
  build(nonce?: string): HeaderSet
}

/** A fresh nonce: 16 bytes from crypto.getRandomValues, standard base64 (24 characters). */
export declare function newNonce(): string

export type CspSeverity = 'HIGH' | 'SYNTAX' | 'MEDIUM' | 'HIGH_MAYBE' | 'STRICT_CSP' | 'MEDIUM_MAYBE' | 'INFO' | 'NONE'

/** A csp-evaluator finding (same type names, severities and wording). */
export interface CspFinding {
  type: string
  severity: CspSeverity
  directive: string
  value: string | null
  description: string
}

export interface CspEvaluateOptions {
  version?: 'CSP1' | 'CSP2' | 'CSP3'
  /** Add csp-evaluator's strict-CSP checks. */
  strict?: boolean
  /** Add Lighthouse's reporting checks. */
  reporting?: boolean
  /** Add edgeguard's checks (DUPLICATE_DIRECTIVE; with `wasm`, MISSING_WASM_UNSAFE_EVAL). */
  extra?: boolean
  wasm?: boolean
}

/** A parsed policy; `policy` is its canonical serialization. */
export interface ParsedCsp {
  directives: { name: string; values: string[] }[]
  policy: string
}

/** A CSP violation as a security event (attacker-controlled fields cleaned). */
export interface CspViolationEvent {
  event: 'malicious_csp_violation'
  level: 'WARN'
  format: 'report-uri' | 'reporting-api'
  document_url: string
  referrer?: string
  blocked_url: string
  effective_directive: string
  violated_directive?: string
  disposition: string
  source_file?: string
  line?: number
  column?: number
  status_code?: number
  sample?: string
  original_policy?: string
  user_agent?: string
}

/** RFC 9457 problem details: the body to send with a refusal. */
export interface Problem {
  type: string
  title: string
  status: number
  [member: string]: unknown
}

/** A security event as the module writes it (docs/practices.md). */
export type SecurityEventRecord = Record<string, unknown> & { datetime: string; event: string; level: 'INFO' | 'WARN' | 'CRITICAL' }

/** Cookie settings of the double-submit token (defaults: `__Host-psifi.x-csrf-token`, Secure, HttpOnly, SameSite=Strict). */
export interface CsrfCookieOptions {
  name?: string
  path?: string
  domain?: string
  sameSite?: 'Strict' | 'Lax' | 'None'
  maxAge?: number
  insecure?: boolean
  readable?: boolean
}

/** Options of `eg.csrf()`: Fetch Metadata settings, and tokens when `secrets` is given. */
export interface CsrfOptions {
  /** HMAC secrets, ≥ 32 bytes each; the first signs, all verify (rotation). */
  secrets?: string[]
  size?: number
  cookie?: CsrfCookieOptions
  /** Origins (`scheme://host[:port]`) allowed to send cross-origin unsafe requests. */
  trustedOrigins?: string[]
  /** ServeMux patterns exempt from the Fetch Metadata check. */
  bypassPatterns?: string[]
  /** Report (blocked: true, event) but allow: the rollout mode. */
  logOnly?: boolean
}

/** A fetch Request, a Node IncomingMessage, or a plain object of that shape. */
export interface RequestLike {
  method: string
  url?: string
  headers: { get(name: string): string | null } | Record<string, string | string[] | undefined>
}

export interface CsrfVerdict {
  allowed: boolean
  blocked: boolean
  reason?: string
  /** Add to the response's Vary header. */
  vary?: string
  problem?: Problem
  event?: SecurityEventRecord
}

export interface CsrfTokenResult {
  ok: boolean
  code?: 'csrf_token_missing' | 'csrf_token_mismatch' | 'csrf_token_invalid'
  problem?: Problem
  event?: SecurityEventRecord
}

/** CSRF protection for one configuration (`eg.csrf()`). */
export declare class Csrf {
  private constructor()
  readonly cookieName: string
  /** Mints a token bound to the session (throws bad_config without secrets, csrf_no_session for ''). */
  generate(sessionId: string): { token: string; setCookie: string }
  verify(sessionId: string, cookieToken: string | undefined, requestToken: string | undefined, options?: { requestId?: string; now?: number }): CsrfTokenResult
  /** Fetch Metadata / Origin; with `sessionId`, also the double-submit token of unsafe methods. */
  check(request: RequestLike, options?: { sessionId?: string; requestId?: string; now?: number }): CsrfVerdict
  close(): void
}

export interface RateLimitPolicyItem {
  /** 1–64 of a-z 0-9 - _ . (default p0, p1, …) */
  name?: string
  quota: number
  windowS?: number
  windowMs?: number
  burst?: number
}

export type RateLimitPolicy =
  | RateLimitPolicyItem
  | { policies: RateLimitPolicyItem[]; headers?: 'ietf' | 'legacy' | 'both' | 'none'; ipv6Prefix?: number; trustedProxies?: string[] }

/** Where a RateLimiter keeps each key's state; both methods atomic per key. */
export interface RateLimitStore {
  get(key: string): string | undefined | Promise<string | undefined>
  compareAndSwap(key: string, old: string, next: string, ttlMs: number): boolean | Promise<boolean>
}

export interface RateLimitDecision {
  allowed: boolean
  /** 200 or 429 */
  status: number
  /** The key's new state (store it when allowed). */
  state: string
  ttlMs: number
  /** 0 when allowed; -1 when the request can never fit. */
  retryAfterMs: number
  policies: { name: string; allowed: boolean; limit: number; remaining: number; resetMs: number; retryAfterMs: number }[]
  /** [name, value] pairs: RateLimit-Policy, RateLimit, Retry-After, X-RateLimit-*. */
  headers: [string, string][]
  /** The 429 application/problem+json body when refused. */
  problem?: Problem
  event?: SecurityEventRecord
}

export interface RateLimitOptions {
  now?: number
  cost?: number
  requestId?: string
}

/** A GCRA rate limiter (`eg.rateLimiter()`). */
export declare class RateLimiter {
  private constructor()
  readonly store: RateLimitStore
  /** The pure decision for a stored state ('' for none). */
  decide(state: string, options?: RateLimitOptions): RateLimitDecision
  /** Decides and charges `key` in the store; fails closed (throws) on store errors. */
  limit(key: string, options?: RateLimitOptions): Promise<RateLimitDecision>
  key(parts: { ip?: string; forwardedFor?: string; user?: string; route?: string }): string
  close(): void
}

/** Keys in this process's memory, with expiry and a size bound. */
export declare class MemoryStore implements RateLimitStore {
  constructor(options?: { maxKeys?: number; now?: () => number })
  readonly size: number
  get(key: string): string
  compareAndSwap(key: string, old: string, next: string, ttlMs: number): boolean
}

/** Keys in a Cloudflare Durable Object's storage (`ctx.storage`). */
export declare class DurableObjectStore implements RateLimitStore {
  constructor(storage: { get(key: string): Promise<unknown>; put(key: string, value: unknown): Promise<void>; delete(key: string): Promise<boolean>; transaction?: unknown }, options?: { now?: () => number })
  get(key: string): Promise<string>
  compareAndSwap(key: string, old: string, next: string, ttlMs: number): Promise<boolean>
}

/** How a RedisStore reaches Redis: any client, through one function. */
export interface RedisStoreOptions {
  /**
   * Sends one command and resolves to Redis's reply. node-redis:
   * `(...args) => client.sendCommand(args)`; ioredis: `(cmd, ...args) => client.call(cmd, ...args)`.
   */
  sendCommand: (...args: string[]) => Promise<unknown>
  /** Before every key (default 'rl:'); use redisstore.New's prefix to share buckets with Go. */
  prefix?: string
}

/** Keys in Redis: GET, and one atomic Lua compare-and-swap (the script of Go's ratelimit/redisstore). */
export declare class RedisStore implements RateLimitStore {
  constructor(options: RedisStoreOptions)
  get(key: string): Promise<string>
  compareAndSwap(key: string, old: string, next: string, ttlMs: number): Promise<boolean>
}

/** Keys by id: 32 bytes, raw or unpadded base64url. `primary` (default: the first) seals. */
export interface KeyringConfig {
  keys: Record<string, Uint8Array | string>
  primary?: string
}

/** AES-256-GCM envelopes `v1.<kid>.<base64url>` (`eg.keyring()`). */
export declare class Keyring {
  private constructor()
  seal(plaintext: string | Uint8Array, ad?: string | Uint8Array): string
  /** Throws decrypt_failed, bad_envelope or unknown_key. */
  open(envelope: string, ad?: string | Uint8Array): Uint8Array
  openString(envelope: string, ad?: string | Uint8Array): string
  close(): void
}

export interface PasswordOptions {
  algorithm?: 'argon2id' | 'bcrypt'
  argon2?: { memoryKiB?: number; time?: number; parallelism?: number; saltLen?: number; keyLen?: number }
  bcryptCost?: number
  maxMemoryKiB?: number
  maxTime?: number
  maxParallelism?: number
  maxBcryptCost?: number
}

/** Password hashing with one configuration (`eg.passwordHasher()`). */
export declare class PasswordHasher {
  private constructor()
  hash(password: string): string
  verify(password: string, hash: string): boolean
  needsRehash(hash: string): boolean
  close(): void
}

/** An OWASP Application Logging Vocabulary event for `eg.securityEvent()`. */
export interface SecurityEvent {
  event: string
  level?: 'INFO' | 'WARN' | 'CRITICAL'
  datetime?: Date | string
  description?: string
  reason?: string
  requestId?: string
  userId?: string
  sourceIp?: string
  userAgent?: string
  requestMethod?: string
  requestUri?: string
  hostname?: string
  fields?: Record<string, unknown>
}

/** The codes of the JWT API (docs/jwt.md, "Error codes"). */
export type JwtErrorCode =
  | 'malformed' | 'too_large' | 'alg_not_allowed' | 'crit' | 'typ' | 'key_not_found' | 'key_ambiguous'
  | 'signature' | 'expired' | 'not_yet_valid' | 'issuer' | 'audience' | 'claim_missing' | 'claim_invalid'
  | 'key_weak' | 'bad_config' | 'insufficient_scope' | 'jwks_unavailable' | 'jwks_timeout' | 'jwks_invalid'

/** Every JWT error code. */
export declare const JWT_ERROR_CODES: readonly JwtErrorCode[]

export type JwtAlgorithm =
  | 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'Ed25519'

/** A JSON Web Key (public, or `oct`). */
export type Jwk = { kty: string; kid?: string; use?: string; key_ops?: string[]; alg?: string; [member: string]: unknown }

/**
 * Verifier options (docs/jwt.md): the module's member names, or jose-style
 * camelCase ones (not both for one option). Exactly one key source: `keys`,
 * `key` (PEM text or a JWK), `secret` (base64url text or bytes) or `jwks`.
 */
export interface JwtOptions {
  algorithms: JwtAlgorithm[]
  keys?: { jwks: { keys: Jwk[] } } | { jwk: Jwk } | { pem: string } | { secret_b64url: string }
  key?: string | Jwk
  secret?: string | Uint8Array
  jwks?: { keys: Jwk[] } | RemoteJWKSet
  issuer?: string | string[]
  audience?: string | string[]
  subject?: string
  typ?: string
  /** Seconds, 0–300. */
  clockTolerance?: number
  clock_tolerance_s?: number
  /** Seconds; requires `iat`. */
  maxTokenAge?: number
  max_age_s?: number
  requiredClaims?: string[]
  required_claims?: string[]
  requireExp?: boolean
  require_exp?: boolean
  maxTokenBytes?: number
  max_token_bytes?: number
  allowSymmetricJwks?: boolean
  allow_symmetric_jwks?: boolean
  cacheSize?: number
  cache_size?: number
  /** Testing only: a fixed clock (Unix seconds). */
  now?: number
  /**
   * Where RS*, PS*, ES* and EdDSA signatures are checked: 'host' (default)
   * uses the engine's `jwtCrypto` where it can, 'module' always the
   * module's pure-Go code. The verdicts are the same.
   */
  signatures?: 'host' | 'module'
}

/**
 * A signature primitive for host-checked JWT signatures: node:crypto and
 * WebCrypto are built in. `sync` says whether `importKey` and `verify`
 * return values or promises. A primitive is only used for an algorithm
 * after it passed known answers; anything it throws sends the token to the
 * module instead.
 */
export interface JwtCrypto {
  name: string
  sync: boolean
  /** A public JWK (kty and the key's own members only) as a key for `alg`. */
  importKey(jwk: Jwk, alg: JwtAlgorithm): unknown
  /** Whether the base64url text after `token[signed]` is alg's signature over the ASCII `token.slice(0, signed)`. */
  verify(alg: JwtAlgorithm, key: unknown, token: string, signed: number): boolean | Promise<boolean>
}

/** A verified token: header and claims as the module parsed them. */
export interface VerifiedJwt {
  header: { alg: JwtAlgorithm; kid?: string; typ?: string; [member: string]: unknown }
  claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number; nbf?: number; iat?: number; jti?: string; [claim: string]: unknown }
}

/**
 * What a token says about itself, NOT verified (eg.decodeJwt): no signature,
 * key, issuer or expiry was checked. For display and logs only.
 */
export interface UnverifiedJwt {
  header: { alg?: unknown; kid?: unknown; typ?: unknown; [member: string]: unknown }
  claims: { [claim: string]: unknown }
}

/** Verifies tokens with fixed keys; throws EdgeguardError with a JwtErrorCode. */
export declare class JwtVerifier {
  private constructor()
  /** Synchronous: the signature is checked by node:crypto where the runtime has it, else in the module. */
  verify(token: string): VerifiedJwt
  /** May also use WebCrypto (browsers, workerd): the fast path where there is no node:crypto. Same verdicts. */
  verifyAsync(token: string): Promise<VerifiedJwt>
  close(): void
}

/** Verifies tokens against a RemoteJWKSet (re-opened as the set rotates). */
export declare class RemoteJwtVerifier {
  private constructor()
  verify(token: string): Promise<VerifiedJwt>
  /** The same as `verify`. */
  verifyAsync(token: string): Promise<VerifiedJwt>
  close(): void
}

/** Options of a RemoteJWKSet; durations in milliseconds (jose's names and defaults). */
export interface RemoteJWKSetOptions {
  /** Default 600 000: a set older than this is refetched, and never used. */
  cacheMaxAge?: number
  /** Default 30 000: minimum time between fetches, failed ones included. */
  cooldownDuration?: number
  /** Default 5 000. */
  timeoutDuration?: number
  /** Default 1 MiB. */
  maxBytes?: number
  headers?: Record<string, string>
  fetch?: typeof fetch
  /** A clock in milliseconds, for tests. */
  now?: () => number
}

/** A JWK Set fetched over HTTP(S) and cached (jose's createRemoteJWKSet semantics). */
export declare class RemoteJWKSet {
  constructor(url: string | URL, options?: RemoteJWKSetOptions)
  readonly url: string
  get(): Promise<{ text: string; generation: number }>
  refresh(): Promise<{ text: string; generation: number }>
  invalidate(generation: number, error: Error): void
}

/** An authorization rule (docs/jwt.md, "Authorization policy"). */
export interface AuthzRule {
  scope?: string[]
  scope_any?: string[]
  roles?: string[]
  roles_any?: string[]
  permissions?: string[]
  permissions_any?: string[]
  claim_equals?: Record<string, string | number | boolean>
  claim_includes?: Record<string, Array<string | number | boolean>>
  claim_in?: Record<string, Array<string | number | boolean>>
  all?: AuthzRule[]
  any?: AuthzRule[]
  not?: AuthzRule
}

/** A rule with where the claims live. */
export interface AuthzPolicy {
  rule: AuthzRule
  roles_claim?: string
  permissions_claim?: string
  scope_claims?: string[]
}

export type AuthzDecision = { ok: true } | { ok: false; code: 'insufficient_scope'; missing: string[] }

/** An RFC 6750 response. */
export interface JwtChallenge {
  status: 401 | 403 | 500 | 503
  error?: 'invalid_token' | 'insufficient_scope'
  error_description?: string
  scope?: string
  www_authenticate?: string
}

/** The result of `callRaw`: the module's exact bytes, decoded as UTF-8. */
export interface RawResult {
  json: boolean
  text: string
}

/**
 * One edgeguard engine: a compiled module with one live instance. Calls are
 * synchronous. After a trap the instance is replaced transparently and every
 * Handle is reopened on the new one; the call that trapped throws 'trap' or
 * 'out_of_memory'.
 */
export declare class Edgeguard {
  private constructor()
  /** `{abi, version}` reported by the module. */
  readonly version: Readonly<{ abi: number; version: string }>
  /** Instances created so far, and the live instance's memory. */
  readonly stats: { instantiations: number; memoryBytes: number }
  /**
   * Instantiates now (asynchronously) if no instance is live. Needed only
   * where synchronous instantiation is refused, such as Chromium's main
   * thread for modules over 8 MB: a call then throws 'unavailable'.
   */
  ready(): Promise<void>
  /** Sanitizes with a cached compiled policy (default 'ugc'). */
  sanitize(html: string | Uint8Array, policy?: Policy): string
  /** A compiled policy you own; close it when done. */
  sanitizer(policy?: Policy, options?: { trustedTypes?: undefined }): Sanitizer<string>
  /** The same, returning TrustedHTML where the runtime has Trusted Types. */
  sanitizer(policy: Policy | undefined, options: SanitizerOptions): Sanitizer<string | TrustedHTMLValue>
  /** Escapes text for one output context (default 'html'); unknown contexts are bad_config. */
  escape(text: string | Uint8Array, context?: EscapeContext): string
  /** Compiles an express-validator checkSchema object; close the Schema when done. */
  schema(schema: ValidationSchema, options?: SchemaOptions): Schema
  /** Validates with a schema compiled once and cached (by its JSON text, key order included). */
  validate(schema: ValidationSchema, req: ValidationRequest, options?: SchemaOptions): ValidationResult
  /** A validator.js validator or sanitizer by name; an array of options is the argument list. */
  validator(name: string, options?: unknown): Rule
  /** The same as `schema(schema, options)`. */
  validator(schema: ValidationSchema, options?: SchemaOptions): Schema
  /** Whether `value` passes validator `name` (compiled once, cached). */
  isValid(name: string, value: string, options?: unknown): boolean
  /** `value` through sanitizer `name` (compiled once, cached). */
  sanitizeValue(name: string, value: string, options?: unknown): string | number | boolean | null
  /** One response's security headers from helmet options (compiled once, cached). */
  securityHeaders(options?: SecurityHeadersOptions | null, init?: { nonce?: string }): HeaderSet
  /** helmet options compiled once, for hot paths. */
  compileSecurityHeaders(options?: SecurityHeadersOptions | null): SecurityHeaders
  /** One CSP header from directives and CSP options (fresh nonce when it has one). */
  csp(directives?: CspDirectives | null, options?: Omit<CspOptions, 'directives'>): CspHeader
  /** csp-evaluator's findings for a policy string. */
  evaluateCsp(policy: string, options?: CspEvaluateOptions): CspFinding[]
  /** Parses a policy string as csp-evaluator does. */
  parseCsp(policy: string): ParsedCsp
  /** A report-uri or Reporting API body → security events; other report types are counted. */
  parseCspReport(body: string | Uint8Array | object): { events: CspViolationEvent[]; ignored: number }
  /** `'sha256-…'` for an inline script or style. */
  cspHash(content: string, algorithm?: 'sha256' | 'sha384' | 'sha512'): string
  /** CSRF protection (Fetch Metadata; tokens with `secrets`). */
  csrf(options?: CsrfOptions): Csrf
  /** A GCRA rate limiter over `options.store` (default: a new MemoryStore). */
  rateLimiter(policy: RateLimitPolicy, options?: { store?: RateLimitStore }): RateLimiter
  /** AES-256-GCM envelopes with key rotation. */
  keyring(config: KeyringConfig): Keyring
  passwordHasher(options?: PasswordOptions): PasswordHasher
  /** argon2id (OWASP parameters) unless options say otherwise. */
  hashPassword(password: string, options?: PasswordOptions): string
  verifyPassword(password: string, hash: string, options?: PasswordOptions): boolean
  needsRehash(hash: string, options?: PasswordOptions): boolean
  /** One safe JSON line (no newline). */
  securityEvent(event: SecurityEvent, options?: { appId?: string }): string
  /** Credentials redacted, control characters made visible. */
  redact(text: string): string
  /** A JWT verifier; with `jwks` a RemoteJWKSet, `verify` is asynchronous. */
  jwtVerifier(options: JwtOptions & { jwks: RemoteJWKSet }): RemoteJwtVerifier
  jwtVerifier(options: JwtOptions): JwtVerifier
  /** Verifies with a verifier compiled once per distinct options. */
  verifyJwt(token: string, options: JwtOptions & { jwks: RemoteJWKSet }): Promise<VerifiedJwt>
  verifyJwt(token: string, options: JwtOptions): VerifiedJwt
  /** An authorization decision on claims (an object or its JSON text). */
  authorize(rule: AuthzRule | AuthzPolicy, claims: object | string): AuthzDecision
  /** The RFC 6750 response for an outcome; no argument: no token was presented. */
  jwtChallenge(error?: unknown, options?: { realm?: string }): JwtChallenge
  /** Header and claims NOT verified, parsed as strictly as verify parses; throws malformed, too_large or crit. */
  decodeJwt(token: string): UnverifiedJwt
  /** A remote JWK Set to pass as `jwks`. */
  createRemoteJWKSet(url: string | URL, options?: RemoteJWKSetOptions): RemoteJWKSet
  /** Compiles `config` (any JSON value; omitted means null) for `kind`. */
  open(kind: string, config?: unknown): Handle
  /** Runs `op`; text results are strings, JSON results are parsed. */
  call(handle: Handle | 0, op: string, input?: string | Uint8Array): unknown
  /** Runs `op` and returns the exact result text (used by conformance runners). */
  callRaw(handle: Handle | 0, op: string, input?: string | Uint8Array): RawResult
  /** Every later call throws 'closed'. Idempotent. */
  close(): void
}

/** Creates an engine from a compiled module; instantiates it now unless `options.lazy`. */
export declare function createEdgeguard(module: WebAssembly.Module, options?: Options): Promise<Edgeguard>
