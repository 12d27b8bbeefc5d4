// Turns whatever `load(source)` was given into a compiled WebAssembly.Module,
// with the runtime-specific parts (default location, reading a URL) supplied
// by each entry file.

import { createEdgeguard } from './core.js'
import { EdgeguardError } from './errors.js'

/**
 * @typedef {object} Platform
 * @property {() => Promise<WebAssembly.Module> | WebAssembly.Module | URL} defaultSource where the module is when load() gets no source
 * @property {(url: URL) => Promise<Response | Uint8Array | ArrayBuffer>} read fetches or reads a URL
 * @property {() => URL | string | undefined} [base] resolves relative string URLs
 * @property {boolean} [lazy] the default of options.lazy
 */

/**
 * Builds the `load` function of one runtime's entry point.
 * @param {Platform} platform
 */
export function makeLoad(platform) {
  /**
   * @param {import('./index.js').Source} [source]
   * @param {import('./index.js').Options} [options]
   */
  return async function load(source, options = {}) {
    if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_request', 'options must be an object')
    const module = await toModule(source, platform)
    return createEdgeguard(module, { lazy: platform.lazy ?? false, ...options })
  }
}

/**
 * @param {unknown} source
 * @param {Platform} platform
 * @returns {Promise<WebAssembly.Module>}
 */
export async function toModule(source, platform) {
  try {
    source = await source
    if (source == null) source = await platform.defaultSource()
    if (source instanceof WebAssembly.Module) return source
    if (typeof source === 'string') source = toURL(source, platform.base?.())
    if (source instanceof URL) source = await platform.read(source)
    if (isResponse(source)) return await compileResponse(source)
    if (ArrayBuffer.isView(source)) {
      // V8 accepts typed arrays but not a DataView, so hand it plain bytes.
      return await WebAssembly.compile(new Uint8Array(source.buffer, source.byteOffset, source.byteLength))
    }
    if (Object.prototype.toString.call(source) === '[object ArrayBuffer]') return await WebAssembly.compile(source)
  } catch (cause) {
    if (cause instanceof EdgeguardError) throw cause
    throw new EdgeguardError('unavailable', `cannot load the module: ${cause?.message ?? cause}`, { cause })
  }
  throw new EdgeguardError('bad_request', 'source must be a WebAssembly.Module, bytes, a URL, a Response, or a promise of one')
}

function toURL(text, base) {
  try {
    return new URL(text, base)
  } catch (cause) {
    throw new EdgeguardError('bad_request', `not a URL: ${JSON.stringify(text)}`, { cause })
  }
}

function isResponse(x) {
  return (typeof Response === 'function' && x instanceof Response) ||
    (x !== null && typeof x === 'object' && typeof x.arrayBuffer === 'function' && typeof x.headers?.get === 'function')
}

/**
 * Compiles a fetched module, streaming when the server labels it
 * application/wasm (compileStreaming rejects anything else), otherwise from
 * the whole body.
 * @param {Response} res
 */
async function compileResponse(res) {
  if (!res.ok) throw new EdgeguardError('unavailable', `fetching ${res.url || 'the module'} failed: HTTP ${res.status}`)
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase()
  if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    return WebAssembly.compileStreaming(res)
  }
  return WebAssembly.compile(await res.arrayBuffer())
}
