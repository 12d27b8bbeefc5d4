// Type declarations for the `edgeguard` package (every runtime entry).

// core.d.ts is named with its extension: Deno resolves "./core.js" in a
// declaration file to the JavaScript, not to the declarations beside it.
import type { Edgeguard, Options } from './core.d.ts'

export { ERROR_CODES, EdgeguardError, Edgeguard, Handle, Sanitizer } from './core.d.ts'
export type { ErrorCode, EscapeContext, Options, Policy, RawResult, SanitizerOptions, TrustedHTMLValue } from './core.d.ts'
export type { AuthzDecision, AuthzPolicy, AuthzRule, Jwk, JwtAlgorithm, JwtChallenge, JwtErrorCode, JwtOptions, JwtVerifier, RemoteJWKSet, RemoteJWKSetOptions, RemoteJwtVerifier, VerifiedJwt } from './core.d.ts'
// Instances come from eg.schema() / eg.validator(); the runtime entries do not export the classes.
export type { Rule, Schema } from './core.d.ts'
export type { SchemaOptions, ValidationError, ValidationField, ValidationLocation, ValidationRequest, ValidationResult, ValidationRule, ValidationSchema } from './core.d.ts'
export { Csrf, DurableObjectStore, Keyring, MemoryStore, PasswordHasher, RateLimiter } from './core.d.ts'
export type { CsrfCookieOptions, CsrfOptions, CsrfTokenResult, CsrfVerdict, KeyringConfig, PasswordOptions, Problem, RateLimitDecision, RateLimitOptions, RateLimitPolicy, RateLimitPolicyItem, RateLimitStore, RequestLike, SecurityEvent, SecurityEventRecord } from './core.d.ts'
export type { CspDirectives, CspEvaluateOptions, CspFinding, CspHeader, CspOptions, CspSeverity, CspViolationEvent, HeaderSet, ParsedCsp, SecurityHeaders, SecurityHeadersOptions } from './core.d.ts'

/** Where the module comes from. */
export type Source =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | Response
  | PromiseLike<WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string | Response>

/**
 * Loads the module and returns an engine. Without `source`, the module
 * shipped beside the package is used (read from disk in Node, Deno and Bun;
 * fetched in browsers; imported in workerd).
 */
export declare function load(source?: Source, options?: Options): Promise<Edgeguard>

/** The module shipped in this package (not in the workerd entry). */
export declare const wasmURL: URL
