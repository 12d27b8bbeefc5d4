// Entry for Cloudflare workerd (condition "workerd"). The module is imported
// as a precompiled WebAssembly.Module, because workerd refuses to compile
// wasm from bytes at run time. Instantiation is lazy by default: workerd
// forbids crypto.getRandomValues (which Go's runtime needs at start-up) at
// global scope, where applications typically call load().

import wasmModule from '../dist/edgeguard.wasm'
import { makeLoad } from './load.js'

// Every runtime entry exports the same API; only how the module is found differs.
export * from './core.js'

/** Loads the module; see index.d.ts. Sources other than a Module fail here. */
export const load = makeLoad({
  defaultSource: () => wasmModule,
  read: (url) => fetch(url),
  lazy: true,
})
