// The sanitize API: a Sanitizer wraps one handle of kind "sanitize", and the
// engine's `sanitize(html, policy)` shortcut keeps recently used policies
// compiled in a small cache.

import { EdgeguardError } from './errors.js'

// Enough for every policy an application plausibly uses at once, small enough
// that policies built per request cannot pile up towards the handle limit.
const POLICY_CACHE_SIZE = 32

/** Sanitizes HTML with one compiled policy. */
export class Sanitizer {
  #engine
  #handle

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {import('./core.js').Handle} handle of kind "sanitize"
   */
  constructor(engine, handle) {
    this.#engine = engine
    this.#handle = handle
  }

  /**
   * @param {string | Uint8Array} html
   * @returns {string} the sanitized HTML
   */
  sanitize(html) {
    return this.#engine.call(this.#handle, 'sanitize', html)
  }

  /** Releases the compiled policy. Idempotent. */
  close() {
    this.#handle.close()
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
