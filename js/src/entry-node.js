// Entry for Node.js (condition "node"). Node 20 cannot fetch file: URLs, so
// local files are read with node:fs; http(s) URLs go through fetch.

import { readFile } from 'node:fs/promises'
import { cwd } from 'node:process'
import { pathToFileURL } from 'node:url'
import { nodeJwtCrypto } from './jwt-sig-node.js'
import { defaultJwtCrypto } from './jwt-host.js'
import { makeLoad } from './load.js'

// Every runtime entry exports the same API; only how the module is found differs.
export * from './core.js'

/** The module shipped in this package. */
export const wasmURL = new URL('../dist/edgeguard.wasm', import.meta.url)

/** Reads file: URLs from disk and fetches the rest. */
function readURL(url) {
  return url.protocol === 'file:' ? readFile(url) : fetch(url)
}

const loadModule = makeLoad({
  defaultSource: () => wasmURL,
  read: readURL,
  // Relative strings are paths relative to the working directory.
  base: () => pathToFileURL(cwd() + '/'),
})

// JWT signatures: node:crypto first, so that JwtVerifier.verify stays
// synchronous and native; WebCrypto after it, for an algorithm node:crypto
// fails the known answers for on this runtime (jwt-sig-selftest.js).
const jwtCrypto = Object.freeze([nodeJwtCrypto(), ...defaultJwtCrypto()].filter(Boolean))

/** Loads the module; see index.d.ts. */
export function load(source, options = {}) {
  // Not an object: left for makeLoad to refuse.
  return loadModule(source, options !== null && typeof options === 'object' ? { ...options, jwtCrypto: options.jwtCrypto ?? jwtCrypto } : options)
}
