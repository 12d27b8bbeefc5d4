// The security-headers and CSP API. Every header value comes from the
// module's "headers" / "csp" kinds; what runs here per response is only
// filling a compiled template with a nonce drawn from the host's CSPRNG, so
// a response costs no call into the module (docs/headers.md, Performance).

import { EdgeguardError } from './errors.js'

// Distinct option sets an application plausibly uses at once; templates are
// plain data, evaluator handles count against the module's handle limit.
const CACHE_SIZE = 32

// 16 random bytes (128 bits) per nonce, as csp.NewNonce in Go: CSP3 asks for
// at least 128 bits, csp-evaluator's NONCE_LENGTH for at least 8 characters.
const NONCE_BYTES = 16
// Random bytes are drawn in batches (as Node's randomBytes pools them): one
// getRandomValues call per 64 nonces. Each nonce still takes fresh bytes
// that are used once; workerd forbids random numbers at global scope, so
// the first batch is drawn on first use.
const POOL_BYTES = NONCE_BYTES * 64

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * A compiled header set: `build()` returns one response's headers. Values
 * are the template's parts joined with the response's nonce.
 */
export class SecurityHeaders {
  // Every header with its fixed value, in order; the nonce slots hold ''
  // until build() fills them. Copying this object with spread keeps the
  // order and is the cheapest way V8 has to make the per-response object.
  #base = {}
  #slots // [name, parts] for the headers that carry the nonce
  #remove
  #buildChecked

  /**
   * @param {{headers: {name: string, parts: string[]}[], remove: string[]}} template
   *   the module's template: for kind "csp" one header, for "headers" the set
   * @param {(nonce: string) => object} buildChecked the module's `build` with a given nonce
   */
  constructor(template, buildChecked) {
    for (const h of template.headers) this.#base[h.name] = h.parts.length === 1 ? h.parts[0] : ''
    this.#slots = template.headers.filter((h) => h.parts.length > 1).map((h) => [h.name, h.parts])
    this.#remove = template.remove
    this.#buildChecked = buildChecked
  }

  /** Whether the policy has a nonce slot (script-src/style-src 'nonce-…'). */
  get usesNonce() {
    return this.#slots.length > 0
  }

  /**
   * One response's headers: `{headers: {name: value}, remove, nonce?}`, the
   * same object the module's `build` operation returns. Without `nonce`, a
   * fresh 128-bit nonce is drawn here; a nonce you pass is checked by the
   * module (base64, at least 22 characters), since it ends up in a header.
   * @param {string} [nonce]
   */
  build(nonce) {
    if (nonce !== undefined) {
      if (typeof nonce !== 'string') throw new EdgeguardError('bad_request', 'nonce must be a string')
      return this.#buildChecked(nonce)
    }
    const headers = { ...this.#base }
    const remove = this.#remove.slice()
    if (this.#slots.length === 0) return { headers, remove }
    const n = newNonce()
    for (const [name, parts] of this.#slots) headers[name] = parts.join(n)
    return { headers, remove, nonce: n }
  }
}

/**
 * A fresh nonce: 16 bytes from the platform CSPRNG, standard base64 with
 * padding (24 characters), the format Go's csp.NewNonce produces.
 */
export function newNonce() {
  if (poolPos + NONCE_BYTES > POOL_BYTES) {
    pool ??= new Uint8Array(POOL_BYTES)
    crypto.getRandomValues(pool)
    poolPos = 0
  }
  const b = pool
  let i = poolPos
  poolPos += NONCE_BYTES
  let s = ''
  for (const end = i + 15; i < end; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2]
    s += BASE64[v >> 18] + BASE64[(v >> 12) & 63] + BASE64[(v >> 6) & 63] + BASE64[v & 63]
  }
  const last = b[i]
  s += BASE64[last >> 2] + BASE64[(last & 3) << 4] + '=='
  // Each batch is overwritten before reuse; zero what was handed out so a
  // later bug reading the pool cannot see a nonce already in use.
  b.fill(0, poolPos - NONCE_BYTES, poolPos)
  return s
}

/** @type {Uint8Array | null} */
let pool = null
let poolPos = POOL_BYTES

/**
 * The engine's header and CSP operations, with compiled configurations kept
 * in small least-recently-used caches.
 */
export class HeadersAPI {
  #engine
  // Templates are data; handles (evaluator options, and header options
  // used with a caller's nonce, which the module checks) hold module state.
  #templates = new LRU(CACHE_SIZE)
  #handles = new LRU(CACHE_SIZE, (h) => h.close())

  /** @param {import('./core.js').Edgeguard} engine */
  constructor(engine) {
    this.#engine = engine
  }

  /**
   * helmet options → one response's headers.
   * @param {unknown} options
   * @param {{nonce?: string}} [init]
   */
  securityHeaders(options, init) {
    return this.#template('headers', options ?? null).build(init?.nonce)
  }

  /**
   * helmet options → a compiled SecurityHeaders, for hot paths that build
   * many responses from one option set without a cache lookup.
   * @param {unknown} options
   */
  compile(options) {
    return this.#template('headers', options ?? null)
  }

  /**
   * CSP directives (+ helmet/edgeguard CSP options) → `{name, value, nonce?}`.
   * @param {object | null | undefined} directives
   * @param {object} [options]
   */
  csp(directives, options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new EdgeguardError('bad_config', 'csp options must be an object')
    }
    if ('directives' in options) {
      throw new EdgeguardError('bad_config', 'pass the directives as the first argument of csp(), not in options')
    }
    const config = directives == null ? options : { ...options, directives }
    const r = this.#template('csp', config).build()
    const [[name, value]] = Object.entries(r.headers)
    return r.nonce ? { name, value, nonce: r.nonce } : { name, value }
  }

  /**
   * @param {'headers' | 'csp'} kind
   * @param {unknown} config
   * @returns {SecurityHeaders}
   */
  #template(kind, config) {
    return this.#templates.get(kind + cacheKey(config), () => {
      // The template is plain data: the handle is only needed to compile it.
      const handle = this.#engine.open(kind, config)
      let t
      try {
        t = this.#engine.call(handle, 'template', '{}') // a bad configuration throws here at the latest
      } finally {
        handle.close()
      }
      const template = kind === 'csp' ? { headers: [t], remove: [] } : t
      return new SecurityHeaders(template, (nonce) => {
        const r = this.#engine.call(this.#handle(kind, config), 'build', `{"nonce":${JSON.stringify(nonce)}}`)
        if (kind === 'headers') return r
        const out = { headers: { [r.name]: r.value }, remove: [] }
        if (r.nonce) out.nonce = r.nonce
        return out
      })
    })
  }

  /**
   * A policy string → csp-evaluator findings.
   * @param {string} policy
   * @param {object} [options] {version, strict, reporting, extra, wasm}
   */
  evaluateCsp(policy, options = {}) {
    return this.#engine.call(this.#handle('csp_evaluator', options), 'evaluate', text(policy, 'policy'))
  }

  /** A policy string → `{directives: [{name, values}], policy}` (canonical form). */
  parseCsp(policy) {
    return this.#engine.call(this.#handle('csp_evaluator', null), 'parse', text(policy, 'policy'))
  }

  /**
   * A violation report body (report-uri JSON or Reporting API; a string,
   * bytes, or an already parsed value) → `{events, ignored}`.
   * @param {string | Uint8Array | object} body
   */
  parseCspReport(body) {
    let input = body
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      try {
        input = JSON.stringify(body)
      } catch (cause) {
        throw new EdgeguardError('bad_request', `report body is not serializable as JSON: ${cause.message}`, { cause })
      }
      if (input === undefined) throw new EdgeguardError('bad_request', 'report body must be JSON text or a JSON value')
    }
    return this.#engine.call(this.#handle('csp_evaluator', null), 'parse_report', input)
  }

  /**
   * The CSP source expression for an inline script or style, e.g. 'sha256-…'.
   * @param {string} content
   * @param {'sha256' | 'sha384' | 'sha512'} [algorithm]
   */
  cspHash(content, algorithm = 'sha256') {
    const req = JSON.stringify({ algorithm, content: text(content, 'content') })
    return this.#engine.call(this.#handle('csp', null), 'hash', req)
  }

  clear() {
    this.#templates.clear()
    this.#handles.clear()
  }

  #handle(kind, config) {
    return this.#handles.get(kind + cacheKey(config), () => this.#engine.open(kind, config))
  }
}

function text(v, what) {
  if (typeof v !== 'string') throw new EdgeguardError('bad_request', `${what} must be a string`)
  return v
}

// JSON.stringify as it is: options objects written with their keys in
// another order only cost one more cache entry, and a per-response sort
// would cost more than the header set itself.
function cacheKey(config) {
  let key
  try {
    key = JSON.stringify(config)
  } catch (cause) {
    throw new EdgeguardError('bad_config', `options are not serializable as JSON: ${cause.message}`, { cause })
  }
  if (key === undefined) throw new EdgeguardError('bad_config', 'options are not a JSON value')
  return key
}

/**
 * A least-recently-used map; evicted values go to onEvict. A hit only
 * stamps the entry (no Map reordering: this lookup is on the per-response
 * path); the rare eviction scans for the oldest stamp.
 */
class LRU {
  #max
  #onEvict
  #map = new Map()
  #clock = 0

  constructor(max, onEvict = () => {}) {
    this.#max = max
    this.#onEvict = onEvict
  }

  get(key, make) {
    const hit = this.#map.get(key)
    if (hit !== undefined) {
      hit.used = ++this.#clock
      return hit.value
    }
    const value = make() // throws for a bad configuration, which is not cached
    if (this.#map.size >= this.#max) {
      let oldest
      for (const [k, e] of this.#map) if (oldest === undefined || e.used < this.#map.get(oldest).used) oldest = k
      const { value: old } = this.#map.get(oldest)
      this.#map.delete(oldest)
      this.#onEvict(old)
    }
    this.#map.set(key, { value, used: ++this.#clock })
    return value
  }

  clear() {
    this.#map.clear()
  }
}
