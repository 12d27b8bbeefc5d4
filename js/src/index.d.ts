// Type declarations for the `edgeguard` package (every runtime entry).

// "./core.js", as a program imports it: tsc and Deno both take its types
// from core.d.ts beside it. ("./core.d.ts" is refused by tsc outside
// `import type`: TS2846.)
import type { Edgeguard, Options } from './core.js'

// Every runtime entry exports the whole runtime-neutral API of core.js.
export * from './core.js'

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
