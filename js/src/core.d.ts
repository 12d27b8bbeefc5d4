// Type declarations for `edgeguard/core`, the runtime-neutral engine for
// hosts that compile or import the module themselves, and for everything the
// runtime entries share (index.d.ts re-exports them).

/** Every error code edgeguard reports (docs/abi.md). */
export type ErrorCode =
  | 'bad_request' | 'unknown_kind' | 'unknown_op' | 'bad_handle' | 'bad_config'
  | 'too_large' | 'invalid_utf8' | 'too_many_handles' | 'internal'
  | 'bad_pointer' | 'closed' | 'timeout' | 'canceled' | 'trap' | 'out_of_memory' | 'unavailable'

/** The codes, in a frozen array, for validation and exhaustive tests. */
export declare const ERROR_CODES: readonly ErrorCode[]

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
}

/** A sanitizer policy: a preset name or a policy object. */
export type Policy = 'strict' | 'basic' | 'ugc' | 'rich' | (string & {}) | { preset?: string; [key: string]: unknown }

/** A configuration opened with `Edgeguard.open`. */
export declare class Handle {
  private constructor()
  /** Unique within its Edgeguard; not the module's handle number. */
  readonly id: number
  readonly kind: string
  /** Releases the configuration. Idempotent; a no-op after Edgeguard.close(). */
  close(): void
}

/** Sanitizes HTML with one compiled policy. */
export declare class Sanitizer {
  private constructor()
  sanitize(html: string | Uint8Array): string
  /** Idempotent. */
  close(): void
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
  sanitizer(policy?: Policy): Sanitizer
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
