// Entry for Node.js (condition "node"). Node 20 cannot fetch file: URLs, so
// local files are read with node:fs; http(s) URLs go through fetch.

import { readFile } from 'node:fs/promises'
import { cwd } from 'node:process'
import { pathToFileURL } from 'node:url'
import { makeLoad } from './load.js'

// Every runtime entry exports the same API; only how the module is found differs.
export * from './core.js'

/** The module shipped in this package. */
export const wasmURL = new URL('../dist/edgeguard.wasm', import.meta.url)

/** Reads file: URLs from disk and fetches the rest. */
function readURL(url) {
  return url.protocol === 'file:' ? readFile(url) : fetch(url)
}

/** Loads the module; see index.d.ts. */
export const load = makeLoad({
  defaultSource: () => wasmURL,
  read: readURL,
  // Relative strings are paths relative to the working directory.
  base: () => pathToFileURL(cwd() + '/'),
})
