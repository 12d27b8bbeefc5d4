// Rate-limit state in Cloudflare Durable Objects for edgeguard/worker: a
// RateLimitStore whose get and compareAndSwap go to the Durable Object named
// by the key, and the Durable Object class that serves them over its
// transactional storage (DurableObjectStore). The GCRA decision stays in the
// worker's engine; the object only holds state, so one object class serves
// every policy. Each key's object serializes its own operations, and the
// RateLimiter's compare-and-swap loop makes concurrent requests exact.
//
// Plain fetch between worker and object (no RPC, no 'cloudflare:workers'
// import), so this file also loads in Deno, Bun and Node.

import { EdgeguardError } from './errors.js'
import { DurableObjectStore } from './ratelimit.js'

// Requests to a Durable Object stub need an absolute URL; it never leaves
// the runtime.
const ORIGIN = 'https://edgeguard-ratelimit.invalid'

/**
 * A RateLimitStore over a Durable Object namespace whose class is (or
 * extends) RateLimitObject: one object per key.
 * @param {{idFromName(name: string): unknown, get(id: unknown): {fetch(url: string, init?: RequestInit): Promise<Response>}}} namespace
 */
export function durableObjectStore(namespace) {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace?.get !== 'function') {
    throw new EdgeguardError('bad_config', 'durableObjectStore: give a Durable Object namespace binding (env.NAME)')
  }
  async function call(op, input) {
    const stub = namespace.get(namespace.idFromName(input.key))
    const res = await stub.fetch(`${ORIGIN}/${op}`, { method: 'POST', body: JSON.stringify(input) })
    if (!res.ok) throw new EdgeguardError('unavailable', `rate-limit store: the Durable Object answered ${res.status} to ${op}`)
    return res.json()
  }
  return {
    async get(key) {
      return (await call('get', { key })).state
    },
    async compareAndSwap(key, old, next, ttlMs) {
      return (await call('cas', { key, old, next, ttlMs })).swapped === true
    },
  }
}

/**
 * The Durable Object class behind durableObjectStore: export it from your
 * worker's main module and bind a namespace of it.
 */
export class RateLimitObject {
  #store

  /** @param {{storage: object}} state the Durable Object's state (ctx) */
  constructor(state) {
    this.#store = new DurableObjectStore(state.storage)
  }

  /** @param {Request} request */
  async fetch(request) {
    let input
    try {
      input = await request.json()
    } catch {
      input = null
    }
    const op = new URL(request.url).pathname
    const key = input?.key
    if (request.method !== 'POST' || typeof key !== 'string' || key === '') return new Response('bad rate-limit store request', { status: 400 })
    if (op === '/get') return Response.json({ state: await this.#store.get(key) })
    const { old, next, ttlMs } = input
    if (op !== '/cas' || typeof old !== 'string' || typeof next !== 'string' || !(Number.isFinite(ttlMs) && ttlMs > 0)) {
      return new Response('bad rate-limit store request', { status: 400 })
    }
    return Response.json({ swapped: await this.#store.compareAndSwap(key, old, next, ttlMs) })
  }
}
