// The rate-limit API: a RateLimiter wraps one handle of kind "ratelimit"
// (GCRA, computed in the module as a pure function of policy, stored state,
// time and cost) and runs it against a store with a compare-and-swap loop,
// like ratelimit.Limiter.Allow in Go. Stores: MemoryStore (this process),
// DurableObjectStore (a Cloudflare Durable Object's storage), or anything
// with the same two methods.

import { compact, rejectUnknown } from './csrf.js'
import { EdgeguardError } from './errors.js'

// Bounds the compare-and-swap loop, as in Go (ratelimit/store.go): a swap
// fails only when another request for the key was allowed in between, so a
// loser retries a bounded number of times; this is a backstop against a
// store whose swaps never succeed.
const MAX_ATTEMPTS = 1000

/** Applies a GCRA policy set to keys held in a store. */
export class RateLimiter {
  #engine
  #handle
  #store

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {object} policy see index.d.ts RateLimitPolicy
   * @param {{store?: RateLimitStore}} [options] default: a new MemoryStore
   */
  constructor(engine, policy, options = {}) {
    const { store = new MemoryStore(), ...rest } = options ?? {}
    rejectUnknown('rateLimiter', rest)
    if (typeof store?.get !== 'function' || typeof store?.compareAndSwap !== 'function') {
      throw new EdgeguardError('bad_config', 'rateLimiter: store needs get(key) and compareAndSwap(key, old, next, ttlMs)')
    }
    this.#engine = engine
    this.#handle = engine.open('ratelimit', policyConfig(policy))
    this.#store = store
  }

  /** The store this limiter charges. */
  get store() {
    return this.#store
  }

  /**
   * The pure decision, without a store: what the module answers for
   * `state` (the key's stored state, '' for none) at `now`.
   * @param {string} state
   * @param {{now?: number, cost?: number, requestId?: string}} [options]
   * @returns {RateLimitDecision}
   */
  decide(state, options = {}) {
    const input = { state, now_ms: options.now ?? Date.now() }
    if (options.cost !== undefined) input.cost = options.cost
    if (options.requestId !== undefined) input.request_id = options.requestId
    return decision(this.#engine.call(this.#handle, 'decide', JSON.stringify(input)))
  }

  /**
   * Decides a request for `key` and charges it in the store. Fails closed:
   * a store error or endless contention throws, never allows.
   * @param {string} key e.g. from `key()`
   * @param {{now?: number, cost?: number, requestId?: string}} [options]
   * @returns {Promise<RateLimitDecision>}
   */
  async limit(key, options = {}) {
    if (typeof key !== 'string' || key === '') throw new EdgeguardError('bad_request', 'rateLimiter: key must be a non-empty string')
    // One clock reading for every attempt, as in Go: a retry decides the
    // same request again, it is not a later request.
    const opts = { ...options, now: options.now ?? Date.now() }
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const old = (await this.#store.get(key)) ?? ''
      const d = this.decide(old, opts)
      if (!d.allowed || opts.cost === 0) return d
      if (await this.#store.compareAndSwap(key, old, d.state, d.ttlMs)) return d
    }
    throw new EdgeguardError('store_contention', 'rateLimiter: compare-and-swap kept failing for one key')
  }

  /**
   * The store key for a client: `ip` (IPv6 grouped by /56, IPv4-mapped as
   * IPv4; through `trustedProxies` when `forwardedFor` is given), `user`,
   * `route`; at least one.
   * @param {{ip?: string, forwardedFor?: string, user?: string, route?: string}} parts
   * @returns {string}
   */
  key(parts) {
    const { ip, forwardedFor, user, route, ...rest } = parts ?? {}
    if (Object.keys(rest).length) throw new EdgeguardError('bad_request', `rateLimiter.key: unknown part ${JSON.stringify(Object.keys(rest).sort()[0])}`)
    return this.#engine.call(this.#handle, 'key', JSON.stringify(compact({ ip, forwarded_for: forwardedFor, user, route }))).key
  }

  /** Releases the compiled policy. Idempotent. */
  close() {
    this.#handle.close()
  }
}

/** The module's configuration for a JS policy (camelCase), or one policy alone. */
function policyConfig(policy) {
  if (policy === null || typeof policy !== 'object') throw new EdgeguardError('bad_config', 'rateLimiter: policy must be an object')
  const whole = Array.isArray(policy.policies) ? policy : { policies: [policy] }
  const { policies, headers, ipv6Prefix, trustedProxies, ...rest } = whole
  rejectUnknown('rateLimiter', rest)
  return compact({
    policies: policies.map((p, i) => {
      const { name = `p${i}`, quota, windowS, windowMs, burst, ...more } = p ?? {}
      rejectUnknown(`rateLimiter: policy ${i}`, more)
      return compact({ name, quota, window_s: windowS, window_ms: windowMs, burst })
    }),
    headers,
    ipv6_prefix: ipv6Prefix,
    trusted_proxies: trustedProxies,
  })
}

/** The module's decide output in JavaScript names. */
function decision(d) {
  return {
    allowed: d.allowed,
    status: d.allowed ? 200 : 429,
    state: d.state,
    ttlMs: d.ttl_ms,
    retryAfterMs: d.retry_after_ms,
    policies: d.policies.map((p) => ({ name: p.name, allowed: p.allowed, limit: p.limit, remaining: p.remaining, resetMs: p.reset_ms, retryAfterMs: p.retry_after_ms })),
    // [name, value] pairs: `new Headers(d.headers)` and `res.setHeader` both take them.
    headers: d.headers.map((h) => [h.name, h.value]),
    ...(d.problem && { problem: d.problem }),
    ...(d.event && { event: d.event }),
  }
}

/**
 * Key → state in this process's memory, with expiry, bounded in size. One
 * JavaScript thread owns it, so compare-and-swap is trivially atomic.
 */
export class MemoryStore {
  /** @type {Map<string, {state: string, expires: number}>} */
  #entries = new Map()
  #maxKeys
  #now

  /**
   * @param {{maxKeys?: number, now?: () => number}} [options] maxKeys
   *   (default 100000) bounds memory under a flood of keys; `now` is the
   *   clock for expiry (ms), replaceable in tests.
   */
  constructor(options = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000
    this.#now = options.now ?? Date.now
    if (!Number.isInteger(this.#maxKeys) || this.#maxKeys < 1) throw new EdgeguardError('bad_config', 'MemoryStore: maxKeys must be a positive integer')
  }

  /** Keys currently held (expired ones may still count until evicted). */
  get size() {
    return this.#entries.size
  }

  /** @param {string} key @returns {string} '' when absent or expired */
  get(key) {
    const e = this.#entries.get(key)
    if (!e) return ''
    if (e.expires <= this.#now()) {
      this.#entries.delete(key)
      return ''
    }
    return e.state
  }

  /**
   * Stores `next` under `key` for `ttlMs` if the key holds `old`.
   * @returns {boolean} whether it stored
   */
  compareAndSwap(key, old, next, ttlMs) {
    if (this.get(key) !== old) return false
    this.#entries.delete(key) // re-inserted last: the Map's order is insertion order
    if (this.#entries.size >= this.#maxKeys) this.#evict()
    this.#entries.set(key, { state: next, expires: this.#now() + ttlMs })
    return true
  }

  // Drops expired entries; if none, the oldest-written one (Map order).
  // Eviction resets that client's bucket early: size maxKeys for your clients.
  #evict() {
    const now = this.#now()
    for (const [k, e] of this.#entries) if (e.expires <= now) this.#entries.delete(k)
    if (this.#entries.size >= this.#maxKeys) this.#entries.delete(this.#entries.keys().next().value)
  }
}

/**
 * A store over a Cloudflare Durable Object's transactional storage
 * (`state.storage`). Inside one Durable Object, storage operations are
 * serialized by its input gate, and `transaction` makes the read and the
 * write one atomic step, so concurrent requests cannot both win a swap.
 * Expiry is checked on read (Durable Object storage has no per-key TTL).
 */
export class DurableObjectStore {
  #storage
  #now

  /**
   * @param {{get: Function, put: Function, delete: Function, transaction?: Function}} storage
   * @param {{now?: () => number}} [options]
   */
  constructor(storage, options = {}) {
    this.#storage = storage
    this.#now = options.now ?? Date.now
  }

  /** @param {string} key @returns {Promise<string>} */
  async get(key) {
    return live(await this.#storage.get(key), this.#now())
  }

  /** @returns {Promise<boolean>} */
  async compareAndSwap(key, old, next, ttlMs) {
    const swap = async (txn) => {
      if (live(await txn.get(key), this.#now()) !== old) return false
      await txn.put(key, { state: next, expires: this.#now() + ttlMs })
      return true
    }
    return typeof this.#storage.transaction === 'function' ? this.#storage.transaction(swap) : swap(this.#storage)
  }
}

function live(entry, now) {
  return entry && entry.expires > now ? entry.state : ''
}
