// Remote JWK Sets: the module never does I/O, so the host fetches the set
// and hands it to a verifier. RemoteJWKSet has the semantics of jose's
// createRemoteJWKSet (cache max age, cooldown, timeout, one refetch when a
// token names an unknown key) and of the Go host's host.RemoteJWKS, so that a
// deployment behaves the same whichever host runs it.

import { EdgeguardError } from './errors.js'
import { readUpTo } from './stream.js'

const DEFAULTS = Object.freeze({
  cacheMaxAge: 10 * 60_000, // ms, jose's default
  cooldownDuration: 30_000, // ms, jose's default
  timeoutDuration: 5_000, // ms, jose's default
  maxBytes: 1 << 20,
})

const OPTION_NAMES = new Set(['cacheMaxAge', 'cooldownDuration', 'timeoutDuration', 'maxBytes', 'headers', 'fetch', 'now'])

/**
 * A JWK Set fetched over HTTP(S) and cached. The set is fetched on first
 * use, used for at most `cacheMaxAge` ms (never past it, even when the
 * provider is down: a removed key must stop verifying), fetched at most
 * once per `cooldownDuration` ms whether the last fetch succeeded or not (so
 * that tokens with made-up `kid`s cannot become a request storm), and every
 * fetch is bounded by `timeoutDuration` ms. Concurrent callers share one
 * in-flight fetch. One set may feed several verifiers.
 */
export class RemoteJWKSet {
  #url
  #opts
  #doc = null // {text, generation}: the last good document
  #generation = 0
  #fetchedAt = 0
  #attemptedAt = -Infinity
  #lastError = null
  /** @type {Promise<void> | null} */
  #inflight = null

  /**
   * @param {string | URL} url
   * @param {object} [options] cacheMaxAge, cooldownDuration, timeoutDuration
   *   (milliseconds), maxBytes, headers, fetch (default globalThis.fetch), now
   *   (a clock in milliseconds, for tests)
   */
  constructor(url, options = {}) {
    if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_config', 'remote JWKS options must be an object')
    for (const name of Object.keys(options)) {
      if (!OPTION_NAMES.has(name)) throw new EdgeguardError('bad_config', `remote JWKS: unknown option ${JSON.stringify(name)}`)
    }
    let parsed
    try {
      parsed = new URL(url)
    } catch (cause) {
      throw new EdgeguardError('bad_config', `remote JWKS: ${JSON.stringify(String(url))} is not a URL`, { cause })
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new EdgeguardError('bad_config', `remote JWKS: ${parsed.href} is not an http(s) URL`)
    }
    const opts = { ...DEFAULTS, headers: {}, fetch: globalThis.fetch, now: Date.now, ...options }
    for (const name of ['cacheMaxAge', 'cooldownDuration', 'timeoutDuration', 'maxBytes']) {
      if (typeof opts[name] !== 'number' || !(opts[name] > 0) || !Number.isFinite(opts[name])) {
        throw new EdgeguardError('bad_config', `remote JWKS: ${name} must be a positive number`)
      }
    }
    if (opts.cooldownDuration > opts.cacheMaxAge) {
      throw new EdgeguardError('bad_config', 'remote JWKS: cooldownDuration exceeds cacheMaxAge')
    }
    if (typeof opts.fetch !== 'function') throw new EdgeguardError('bad_config', 'remote JWKS: no fetch function')
    this.#url = parsed
    this.#opts = opts
  }

  /** The set's URL. */
  get url() {
    return this.#url.href
  }

  /**
   * The current set as `{text, generation}` (generation changes when the
   * content does), fetched first when there is none or it is older than
   * cacheMaxAge. Throws jwks_unavailable, jwks_timeout or jwks_invalid.
   * @returns {Promise<{text: string, generation: number}>}
   */
  get() {
    return this.#get(false)
  }

  /**
   * Fetches the set again unless a fetch started less than cooldownDuration
   * ago, and returns the set then current. Verifiers call it once when a
   * token names a key the set lacks.
   * @returns {Promise<{text: string, generation: number}>}
   */
  refresh() {
    return this.#get(true)
  }

  /**
   * Drops the set of `generation` as unusable (a verifier refused its
   * keys): until the cooldown ends, get() throws `error`, then refetches.
   * @param {number} generation
   * @param {Error} error
   */
  invalidate(generation, error) {
    if (this.#doc?.generation !== generation) return
    this.#doc = null
    this.#lastError = error
  }

  async #get(refresh) {
    while (this.#inflight) {
      // Someone is fetching: their result serves, a refetch included.
      await this.#inflight
      refresh = false
    }
    const now = this.#opts.now()
    const fresh = this.#doc !== null && now - this.#fetchedAt < this.#opts.cacheMaxAge
    const coolingDown = now - this.#attemptedAt < this.#opts.cooldownDuration
    if ((fresh && !refresh) || coolingDown) {
      if (fresh) return this.#doc
      // The last fetch failed (or, unreachable while cooldown ≤ max age,
      // the set expired): no retry until the cooldown ends.
      throw this.#lastError ?? new EdgeguardError('jwks_unavailable', 'remote JWKS: the cached set expired')
    }
    this.#attemptedAt = now
    const fetching = this.#fetch().then(
      (text) => {
        this.#lastError = null
        if (this.#doc?.text !== text) this.#generation++
        this.#doc = Object.freeze({ text, generation: this.#generation })
        this.#fetchedAt = this.#opts.now()
      },
      (err) => {
        this.#lastError = err
      },
    )
    this.#inflight = fetching
    try {
      await fetching
    } finally {
      this.#inflight = null
    }
    if (this.#lastError) throw this.#lastError
    return this.#doc
  }

  // One request under its own timeout. The body is read with a byte cap and
  // checked to be a JSON object with a "keys" array; the keys themselves are
  // judged by the module when the verifier is re-opened.
  async #fetch() {
    const signal = AbortSignal.timeout(this.#opts.timeoutDuration)
    const where = `remote JWKS ${this.#url.href}`
    let text
    try {
      // Called unbound: browsers throw "Illegal invocation" for a fetch
      // whose `this` is not the global object.
      const doFetch = this.#opts.fetch
      const res = await doFetch(this.#url.href, {
        method: 'GET',
        headers: { accept: 'application/json, application/jwk-set+json', ...this.#opts.headers },
        // Redirects are never followed (the key set is pinned to its URL).
        // 'manual' rather than 'error': workerd rejects 'error', and a
        // 3xx (or a browser's opaque redirect, status 0) is not 200 below.
        redirect: 'manual',
        signal,
      })
      if (res.status !== 200) {
        await res.body?.cancel()
        throw new EdgeguardError('jwks_unavailable', `${where}: HTTP ${res.status}`)
      }
      text = await readCapped(res, this.#opts.maxBytes, where)
    } catch (err) {
      if (err instanceof EdgeguardError) throw err
      if (signal.aborted) {
        throw new EdgeguardError('jwks_timeout', `${where}: no complete answer within ${this.#opts.timeoutDuration} ms`, { cause: err })
      }
      throw new EdgeguardError('jwks_unavailable', `${where}: ${err?.message ?? err}`, { cause: err })
    }
    let doc
    try {
      doc = JSON.parse(text)
    } catch (cause) {
      throw new EdgeguardError('jwks_invalid', `${where}: not JSON`, { cause })
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !Array.isArray(doc.keys)) {
      throw new EdgeguardError('jwks_invalid', `${where}: not a JWK Set (an object with a "keys" array)`)
    }
    // Whatever a verifier allows (allow_symmetric_jwks): a secret published
    // over HTTP is no secret. The Go host refuses them the same way.
    if (doc.keys.some((k) => k?.kty === 'oct')) {
      throw new EdgeguardError('jwks_invalid', `${where}: symmetric (oct) keys in a remote set`)
    }
    return text
  }
}

// Reads a response body as UTF-8 text, refusing more than max bytes without
// buffering them.
async function readCapped(res, max, where) {
  const declared = Number(res.headers?.get?.('content-length'))
  if (declared > max) {
    await res.body?.cancel()
    throw new EdgeguardError('jwks_unavailable', `${where}: body exceeds ${max} bytes`)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const all = await readUpTo(reader, max)
  if (all === undefined) {
    await reader.cancel()
    throw new EdgeguardError('jwks_unavailable', `${where}: body exceeds ${max} bytes`)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all)
  } catch (cause) {
    throw new EdgeguardError('jwks_invalid', `${where}: not UTF-8`, { cause })
  }
}
