// durableObjectStore and RateLimitObject in Node, with an in-memory stand-in
// for a Durable Object namespace (one RateLimitObject per name, storage in
// a Map, each object's requests served one at a time as workerd's input
// gate does): exact limits under concurrency, and the object's refusal of
// malformed store requests. The same pair runs in real workerd in
// workerd.test.mjs.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { load } from 'edgeguard'
import { RateLimitObject, durableObjectStore } from 'edgeguard/worker'

let eg
before(async () => {
  eg = await load()
})
after(() => eg?.close())

/** A namespace whose stubs call RateLimitObject instances, serially per object. */
function fakeNamespace () {
  const objects = new Map()
  const calls = []
  return {
    calls,
    idFromName: (name) => `id:${name}`,
    get (id) {
      if (!objects.has(id)) {
        const data = new Map()
        const storage = { get: async (k) => data.get(k), put: async (k, v) => { data.set(k, structuredClone(v)) }, delete: async (k) => data.delete(k) }
        objects.set(id, { object: new RateLimitObject({ storage }), queue: Promise.resolve() })
      }
      const entry = objects.get(id)
      return {
        fetch (url, init) {
          calls.push(id)
          const run = entry.queue.then(() => entry.object.fetch(new Request(url, init)))
          entry.queue = run.catch(() => {})
          return run
        },
      }
    },
  }
}

test('a RateLimiter over durableObjectStore allows exactly the quota per key under concurrency', async () => {
  const ns = fakeNamespace()
  const limiter = eg.rateLimiter({ quota: 5, windowS: 60 }, { store: durableObjectStore(ns) })
  const decisions = await Promise.all(Array.from({ length: 24 }, (_, i) => limiter.limit(i % 2 ? 'alice' : 'bob')))
  for (const parity of [0, 1]) {
    assert.equal(decisions.filter((d, i) => i % 2 === parity && d.allowed).length, 5)
  }
  assert.deepEqual([...new Set(ns.calls)].sort(), ['id:alice', 'id:bob'], 'one object per key')
})

test('RateLimitObject refuses malformed store requests with 400', async () => {
  const object = new RateLimitObject({ storage: { get: async () => undefined, put: async () => {}, delete: async () => false } })
  const post = (path, body) => object.fetch(new Request(`https://x${path}`, { method: 'POST', body }))
  for (const [path, body] of [
    ['/get', 'not json'],
    ['/get', '{}'],
    ['/get', '{"key":""}'],
    ['/cas', '{"key":"k","old":"","next":1,"ttlMs":10}'],
    ['/cas', '{"key":"k","old":"","next":"s","ttlMs":-1}'],
    ['/drop', '{"key":"k"}'],
  ]) {
    assert.equal((await post(path, body)).status, 400, `${path} ${body}`)
  }
  assert.deepEqual(await (await post('/get', '{"key":"k"}')).json(), { state: '' })
  assert.deepEqual(await (await post('/cas', '{"key":"k","old":"","next":"s","ttlMs":1000}')).json(), { swapped: true })
})

test('a failing Durable Object fails the request closed', async () => {
  const broken = { idFromName: (n) => n, get: () => ({ fetch: async () => new Response('', { status: 500 }) }) }
  const limiter = eg.rateLimiter({ quota: 5, windowS: 60 }, { store: durableObjectStore(broken) })
  await assert.rejects(limiter.limit('k'), { code: 'unavailable' })
})
