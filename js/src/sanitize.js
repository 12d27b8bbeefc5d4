// The sanitize API: a Sanitizer wraps one handle of kind "sanitize", and the
// engine's `sanitize(html, policy)` shortcut keeps recently used policies
// compiled in a small cache; `escape(text, context)` keeps one handle of
// kind "escape" per context. In browsers, a Sanitizer can return TrustedHTML
// made by a Trusted Types policy of its own.

import { EdgeguardError } from './errors.js'

// Enough for every policy an application plausibly uses at once, small enough
// that policies built per request cannot pile up towards the handle limit.
const POLICY_CACHE_SIZE = 32

/** Sanitizes HTML with one compiled policy. */
export class Sanitizer {
  #engine
  #handle
  #trusted = null

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {import('./core.js').Handle} handle of kind "sanitize"
   * @param {{trustedTypes?: string}} [options]
   */
  constructor(engine, handle, options = {}) {
    if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_request', 'sanitizer options must be an object')
    for (const key of Object.keys(options)) {
      if (key !== 'trustedTypes') throw new EdgeguardError('bad_request', `sanitizer options: unknown key ${JSON.stringify(key)}`)
    }
    this.#engine = engine
    this.#handle = handle
    // Bytes reach createHTML as its second argument (its first must be a
    // string); the browser calls a "default" policy with a string there.
    const fromPolicy = (html, bytes) => this.#sanitize(bytes instanceof Uint8Array ? bytes : html)
    if (options.trustedTypes !== undefined) this.#trusted = trustedPolicy(options.trustedTypes, fromPolicy)
  }

  /**
   * @param {string | Uint8Array} html
   * @returns {string | TrustedHTML} the sanitized HTML; TrustedHTML when the
   *   sanitizer was made with `trustedTypes` and the runtime has Trusted Types
   */
  sanitize(html) {
    if (this.#trusted) return typeof html === 'string' ? this.#trusted.createHTML(html) : this.#trusted.createHTML('', html)
    return this.#sanitize(html)
  }

  #sanitize(html) {
    return this.#engine.call(this.#handle, 'sanitize', html)
  }

  /** Releases the compiled policy. Idempotent. */
  close() {
    this.#handle.close()
  }
}

/**
 * Creates the Trusted Types policy `name` whose createHTML is `sanitize`,
 * or returns null where the runtime has no Trusted Types (Node, Deno, Bun,
 * workerd, browsers without them): the sanitizer then returns strings. The
 * policy itself sanitizes, so it stays safe even if it leaks, or if its
 * name is "default" (the browser then sanitizes every string assigned to an
 * HTML sink with it).
 */
function trustedPolicy(name, sanitize) {
  if (typeof name !== 'string' || name === '') throw new EdgeguardError('bad_request', 'trustedTypes must be a policy name')
  const tt = globalThis.trustedTypes
  if (!tt || typeof tt.createPolicy !== 'function') return null
  try {
    return tt.createPolicy(name, { createHTML: sanitize })
  } catch (cause) {
    // The page's CSP (trusted-types …) refuses the name, or a policy of
    // that name exists and duplicates are not allowed.
    throw new EdgeguardError('bad_config', `trustedTypes: cannot create policy ${JSON.stringify(name)}: ${cause?.message ?? cause}`, { cause })
  }
}

/**
 * The `escape` handles, one per context, opened on first use; a context is
 * kept only once a call with it succeeded, so unknown names do not pile up.
 */
export class EscaperCache {
  #engine
  /** @type {Map<string, import('./core.js').Handle>} */
  #handles = new Map()

  /** @param {import('./core.js').Edgeguard} engine */
  constructor(engine) {
    this.#engine = engine
  }

  /**
   * @param {string} text
   * @param {string} context html, text, attr, url, js or css
   * @returns {string}
   */
  escape(text, context) {
    if (typeof context !== 'string') throw new EdgeguardError('bad_config', 'escape: context must be a string')
    const known = this.#handles.get(context)
    if (known) return this.#engine.call(known, 'escape', text)
    const handle = this.#engine.open('escape', context)
    let out
    try {
      out = this.#engine.call(handle, 'escape', text)
    } catch (err) {
      handle.close()
      throw err
    }
    this.#handles.set(context, handle)
    return out
  }

  clear() {
    this.#handles.clear()
  }
}

/** A least-recently-used cache of Sanitizers keyed by policy. */
export class PolicyCache {
  #engine
  /** @type {Map<string, Sanitizer>} */
  #entries = new Map()

  /** @param {import('./core.js').Edgeguard} engine */
  constructor(engine) {
    this.#engine = engine
  }

  /** @param {string | object} policy */
  get(policy) {
    const key = policyKey(policy)
    let s = this.#entries.get(key)
    if (s) {
      this.#entries.delete(key) // re-inserted below as the most recent
    } else {
      s = this.#engine.sanitizer(policy)
      if (this.#entries.size >= POLICY_CACHE_SIZE) {
        const [oldestKey, oldest] = this.#entries.entries().next().value
        this.#entries.delete(oldestKey)
        oldest.close()
      }
    }
    this.#entries.set(key, s)
    return s
  }

  clear() {
    this.#entries.clear()
  }
}

/**
 * A cache key that is equal for policies that serialize to the same JSON up
 * to object key order.
 */
function policyKey(policy) {
  if (typeof policy === 'string') return `s${policy}`
  let text
  try {
    text = JSON.stringify(policy, (_, v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v)
  } catch (cause) {
    throw new EdgeguardError('bad_config', `policy is not serializable as JSON: ${cause.message}`, { cause })
  }
  if (text === undefined) throw new EdgeguardError('bad_config', 'policy is not a JSON value')
  return `j${text}`
}
