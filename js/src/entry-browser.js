// Entry for browsers and every runtime without a more specific condition
// ("browser", "default"): the module is fetched next to this file, which
// bundlers such as Vite and webpack 5 recognise as an asset reference.

import { makeLoad } from './load.js'

// Every runtime entry exports the same API; only how the module is found differs.
export * from './core.js'

/** The module shipped in this package. */
export const wasmURL = new URL('../dist/edgeguard.wasm', import.meta.url)

/** Loads the module; see index.d.ts. */
export const load = makeLoad({
  defaultSource: () => wasmURL,
  read: (url) => fetch(url),
  base: () => globalThis.location?.href,
})
