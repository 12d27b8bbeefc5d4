// Type declarations for the `edgeguard` package (every runtime entry).

// core.d.ts is named with its extension: Deno resolves "./core.js" in a
// declaration file to the JavaScript, not to the declarations beside it.
import type { Edgeguard, Options } from './core.d.ts'

// Every runtime entry exports the whole runtime-neutral API of core.js.
export * from './core.d.ts'

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
