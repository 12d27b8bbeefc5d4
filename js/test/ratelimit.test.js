import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { DurableObjectStore, MemoryStore } from '../src/ratelimit.js'
import { wasmModule } from './helpers.js'

const T0 = Date.UTC(2026, 0, 1) // a fixed "now" in ms

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

async function rejectsCode(promise, code) {
  await assert.rejects(promise, (e) => e instanceof EdgeguardError && e.code === code, `expected ${code}`)
}

describe('GCRA through the store', () => {
  test('capacity 5, one per second: five, refusal, then one per second', async () => {
    const rl = eg.rateLimiter({ name: 'api', quota: 5, windowS: 5 })
    for (let i = 0; i < 5; i++) {
      const d = await rl.limit('k', { now: T0 })
      assert.equal(d.allowed, true, `request ${i}`)
      assert.equal(d.policies[0].remaining, 4 - i)
      assert.deepEqual(d.headers, [['RateLimit-Policy', '"api";q=5;w=5'], ['RateLimit', `"api";r=${4 - i};t=${i + 1}`]])
    }
    const refused = await rl.limit('k', { now: T0, requestId: 'req-9' })
    assert.equal(refused.allowed, false)
    assert.equal(refused.status, 429)
    assert.equal(refused.retryAfterMs, 1000)
    assert.deepEqual(refused.headers.at(-1), ['Retry-After', '1'])
    assert.deepEqual(refused.problem, {
      type: 'https://iana.org/assignments/http-problem-types#quota-exceeded', title: 'Too Many Requests', status: 429,
      detail: 'Quota exceeded; retry after 1 s.', 'violated-policies': ['api'],
    })
    assert.equal(refused.event.event, 'excess_rate_limit_exceeded')
    assert.equal(refused.event.request_id, 'req-9')
    assert.equal((await rl.limit('k', { now: T0 + 999 })).allowed, false, 'not yet')
    assert.equal((await rl.limit('k', { now: T0 + 1000 })).allowed, true, 'one back after a second')
    assert.equal((await rl.limit('other', { now: T0 })).allowed, true, 'keys are independent')
    rl.close()
  })

  test('several policies: all must allow, a refusal charges none', async () => {
    const rl = eg.rateLimiter({ policies: [{ name: 'burst', quota: 2, windowS: 1 }, { name: 'daily', quota: 3, windowS: 86400 }], headers: 'both' })
    const allowed = []
    for (let i = 0; i < 6; i++) allowed.push((await rl.limit('k', { now: T0 + i * 1000 })).allowed)
    assert.deepEqual(allowed, [true, true, true, false, false, false], 'the daily quota binds')
    const d = rl.decide(rl.store.get('k'), { now: T0 + 10_000 })
    assert.deepEqual(d.problem['violated-policies'], ['daily'])
    assert.ok(d.headers.some(([n]) => n === 'X-RateLimit-Remaining'), 'legacy headers too')
    rl.close()
  })

  test('cost: 0 peeks without charging; more than the burst never fits', async () => {
    const rl = eg.rateLimiter({ quota: 3, windowS: 3 })
    await rl.limit('k', { now: T0, cost: 2 })
    const peek = await rl.limit('k', { now: T0, cost: 0 })
    assert.equal(peek.policies[0].remaining, 1)
    assert.equal((await rl.limit('k', { now: T0, cost: 0 })).policies[0].remaining, 1, 'peeking charged nothing')
    assert.equal((await rl.limit('k2', { now: T0, cost: 4 })).retryAfterMs, -1)
    rl.close()
  })

  test('concurrent requests through an async store: exactly the quota allowed', async () => {
    // A store with random latency between read and swap, so that requests
    // interleave and lose swaps: the retry loop must still never over-admit.
    const data = new Map()
    const pause = () => new Promise((r) => setTimeout(r, Math.random() * 3))
    let lostSwaps = 0
    const store = {
      async get(key) { await pause(); return data.get(key) ?? '' },
      async compareAndSwap(key, old, next) {
        await pause()
        if ((data.get(key) ?? '') !== old) { lostSwaps++; return false }
        data.set(key, next)
        return true
      },
    }
    const rl = eg.rateLimiter({ quota: 20, windowS: 60 }, { store })
    const results = await Promise.all(Array.from({ length: 100 }, () => rl.limit('k', { now: T0 })))
    assert.equal(results.filter((d) => d.allowed).length, 20)
    assert.ok(lostSwaps > 0, 'the test did interleave')
    rl.close()
  })

  test('fails closed: store errors and endless contention throw', async () => {
    const broken = { get() { throw new Error('store down') }, compareAndSwap() { return true } }
    await assert.rejects(eg.rateLimiter({ quota: 1, windowS: 1 }, { store: broken }).limit('k'), /store down/)
    const never = { get: () => '', compareAndSwap: () => false }
    await rejectsCode(eg.rateLimiter({ quota: 1, windowS: 1 }, { store: never }).limit('k'), 'store_contention')
    await rejectsCode(eg.rateLimiter({ quota: 1, windowS: 1 }).limit(''), 'bad_request')
    assert.throws(() => eg.rateLimiter({ quota: 1, windowS: 1 }).decide('garbage', { now: T0 }), (e) => e.code === 'bad_state')
  })

  test('configuration errors', () => {
    const bad = [
      [{ quota: 0, windowS: 1 }],
      [{ quota: 1 }],
      [{ quota: 1, windowS: 1, windowMs: 1 }],
      [{ quota: 1, windowS: 1, Burst: 2 }],
      [{ policies: [{ quota: 1, windowS: 1 }], headers: 'draft-7' }],
      [{ quota: 1, windowS: 1, name: 'Bad Name' }],
      [null],
      [{ quota: 1, windowS: 1 }, { store: {} }],
      [{ quota: 1, windowS: 1 }, { stor: new MemoryStore() }],
    ]
    for (const args of bad) assert.throws(() => eg.rateLimiter(...args), (e) => e.code === 'bad_config', JSON.stringify(args))
  })
})

describe('keys', () => {
  test('IPv6 by /56, IPv4-mapped as IPv4 (CVE-2026-30827), composite keys escaped', () => {
    const rl = eg.rateLimiter({ quota: 1, windowS: 1 })
    assert.equal(rl.key({ ip: '2001:db8:abcd:12ff::1' }), rl.key({ ip: '2001:db8:abcd:1200::9' }))
    assert.notEqual(rl.key({ ip: '2001:db8:abcd:1300::1' }), rl.key({ ip: '2001:db8:abcd:1200::1' }))
    assert.equal(rl.key({ ip: '::ffff:192.0.2.1' }), 'ip=192.0.2.1')
    assert.notEqual(rl.key({ ip: '::ffff:192.0.2.1' }), rl.key({ ip: '::ffff:198.51.100.7' }), 'dual-stack clients stay apart')
    assert.equal(rl.key({ ip: '2001:db8:abcd:1200::1', user: 'eve|route=x', route: 'POST /login' }),
      'ip=2001:db8:abcd:1200::/56|user=eve%7Croute%3Dx|route=POST /login')
    assert.throws(() => rl.key({ ip: 'nope' }), (e) => e.code === 'bad_ip')
    assert.throws(() => rl.key({}), (e) => e.code === 'bad_request')
    assert.throws(() => rl.key({ addr: '1.2.3.4' }), (e) => e.code === 'bad_request')
    rl.close()
  })

  test('X-Forwarded-For is read only through trusted proxies', () => {
    const rl = eg.rateLimiter({ policies: [{ name: 'a', quota: 1, windowS: 1 }], trustedProxies: ['10.0.0.0/8'] })
    assert.equal(rl.key({ ip: '10.0.0.1', forwardedFor: '6.6.6.6, 203.0.113.5, 10.0.0.2' }), 'ip=203.0.113.5')
    assert.equal(rl.key({ ip: '198.51.100.1', forwardedFor: '203.0.113.5' }), 'ip=198.51.100.1', 'untrusted peer')
    rl.close()
  })
})

describe('stores', () => {
  test('MemoryStore: compare-and-swap, expiry, bounded size', () => {
    let now = 0
    const s = new MemoryStore({ maxKeys: 2, now: () => now })
    assert.equal(s.compareAndSwap('a', '', '1', 100), true)
    assert.equal(s.compareAndSwap('a', '', '2', 100), false, 'a stale old value loses')
    assert.equal(s.compareAndSwap('a', '1', '2', 100), true)
    assert.equal(s.get('a'), '2')
    now = 100
    assert.equal(s.get('a'), '', 'expired')
    s.compareAndSwap('a', '', 'a', 1000)
    s.compareAndSwap('b', '', 'b', 1000)
    s.compareAndSwap('c', '', 'c', 1000)
    assert.equal(s.size, 2)
    assert.equal(s.get('a'), '', 'the oldest write was evicted')
    assert.equal(s.get('c'), 'c')
    assert.throws(() => new MemoryStore({ maxKeys: 0 }), (e) => e.code === 'bad_config')
  })

  test('DurableObjectStore over a storage stand-in', async () => {
    const map = new Map()
    let txns = 0
    const storage = {
      async get(k) { return map.get(k) },
      async put(k, v) { map.set(k, v) },
      async delete(k) { return map.delete(k) },
      async transaction(fn) { txns++; return fn(this) },
    }
    let now = 1000
    const s = new DurableObjectStore(storage, { now: () => now })
    assert.equal(await s.get('k'), '')
    assert.equal(await s.compareAndSwap('k', '', 'x', 50), true)
    assert.equal(await s.compareAndSwap('k', '', 'y', 50), false)
    assert.equal(await s.get('k'), 'x')
    assert.equal(txns, 2, 'swaps run in a transaction')
    now = 1050
    assert.equal(await s.get('k'), '', 'expired on read')
    const rl = eg.rateLimiter({ quota: 2, windowS: 10 }, { store: s })
    const verdicts = []
    for (let i = 0; i < 3; i++) verdicts.push((await rl.limit('k', { now: T0 })).allowed)
    assert.deepEqual(verdicts, [true, true, false])
    rl.close()
  })
})
