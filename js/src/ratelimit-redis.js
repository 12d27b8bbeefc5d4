// A rate-limit store in Redis, for servers whose replicas (Node, or Go with
// ratelimit/redisstore) share one limit. Like rate-limit-redis it takes no
// Redis client, only a `sendCommand(...args)` function, so node-redis,
// ioredis or any other client works and this package depends on none.
//
// The decision stays the module's (one GCRA implementation for every host);
// Redis only provides the atomic compare-and-swap, as the very Lua script
// ratelimit/redisstore runs, byte for byte. Same script, same key layout
// (prefix + key), same value (the module's state) and the same expiry in
// whole milliseconds: a Go limiter and a JavaScript limiter with the same
// policy and prefix charge the same buckets.

import { EdgeguardError } from './errors.js'

/**
 * Swaps KEYS[1] from ARGV[1] ('' = absent) to ARGV[2] with a PX expiry of
 * ARGV[3] ms (≤ 0 deletes). Redis runs a script atomically, so no other
 * command on the key can slip between the GET and the SET. Identical to
 * casScript in ratelimit/redisstore/redisstore.go (tests/express checks it),
 * so both hosts share one cached script SHA.
 */
export const CAS_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur == false then cur = '' end
if cur ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
end
return 1
`

/** Key → state in Redis: `get` is GET, `compareAndSwap` one Lua script. */
export class RedisStore {
  #send
  #prefix
  /** @type {Promise<string> | undefined} the script's SHA-1, hex */
  #sha

  /**
   * @param {{sendCommand: (...args: string[]) => Promise<unknown>, prefix?: string}} options
   *   `sendCommand` sends one command and resolves to Redis's reply
   *   (node-redis: `(...args) => client.sendCommand(args)`; ioredis:
   *   `(cmd, ...args) => client.call(cmd, ...args)`); `prefix` (default
   *   'rl:') goes before every key, as redisstore.New's prefix does.
   */
  constructor(options) {
    const { sendCommand, prefix = 'rl:', ...rest } = options ?? {}
    const unknown = Object.keys(rest)
    if (unknown.length) throw new EdgeguardError('bad_config', `redisStore: unknown option ${JSON.stringify(unknown.sort()[0])}`)
    if (typeof sendCommand !== 'function') throw new EdgeguardError('bad_config', 'redisStore: sendCommand must be a function (...args) => Promise<reply>')
    if (typeof prefix !== 'string') throw new EdgeguardError('bad_config', 'redisStore: prefix must be a string')
    this.#send = sendCommand
    this.#prefix = prefix
  }

  /** @param {string} key @returns {Promise<string>} '' when absent or expired */
  async get(key) {
    const reply = await this.#send('GET', this.#prefix + key)
    if (reply === null || reply === undefined) return ''
    return text(reply, 'GET')
  }

  /**
   * Stores `next` under `key` for `ttlMs` (rounded up to whole ms; ≤ 0
   * deletes) if the key holds `old`, in one atomic step.
   * @returns {Promise<boolean>} whether it stored
   */
  async compareAndSwap(key, old, next, ttlMs) {
    if (!Number.isFinite(ttlMs)) throw new EdgeguardError('bad_request', 'redisStore: ttlMs must be a finite number')
    const args = ['1', this.#prefix + key, old, next, String(Math.ceil(ttlMs))]
    let reply
    try {
      reply = await this.#send('EVALSHA', await this.#scriptSha(), ...args)
    } catch (err) {
      // As go-redis's Script.Run: a server that does not hold the script
      // yet (restart, failover, SCRIPT FLUSH, another cluster node) gets
      // the whole text once, which also caches it there.
      if (!/^NOSCRIPT/.test(String(err?.message))) throw err
      reply = await this.#send('EVAL', CAS_SCRIPT, ...args)
    }
    // Numbers only: Number(null) would be 0, a silent "not swapped" that
    // spins the limiter's retry loop instead of naming the wiring fault.
    const n = typeof reply === 'number' || typeof reply === 'bigint' ? Number(reply) : NaN
    if (n !== 0 && n !== 1) throw new EdgeguardError('bad_config', `redisStore: sendCommand resolved to ${describe(reply)} for the swap script; it must resolve to Redis's reply (0 or 1)`)
    return n === 1
  }

  // The SHA-1 Redis names the script by, computed once with WebCrypto (no
  // SCRIPT LOAD round trip, and it works unchanged on every cluster node).
  #scriptSha() {
    this.#sha ??= crypto.subtle.digest('SHA-1', new TextEncoder().encode(CAS_SCRIPT)).then((d) =>
      Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join(''))
    return this.#sha
  }
}

// Clients configured to return bytes (node-redis RESP3 buffers, ioredis
// callBuffer) give a Uint8Array; the state is ASCII either way.
function text(reply, command) {
  if (typeof reply === 'string') return reply
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply)
  throw new EdgeguardError('bad_config', `redisStore: sendCommand resolved to ${describe(reply)} for ${command}; it must resolve to Redis's reply`)
}

function describe(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
}
