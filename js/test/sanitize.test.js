import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PolicyCache } from '../src/sanitize.js'

// An engine stand-in that counts compilations and closes.
function fakeEngine() {
  const opened = []
  return {
    opened,
    sanitizer(policy) {
      const s = { policy, closed: false, close() { this.closed = true } }
      opened.push(s)
      return s
    },
  }
}

test('one compilation per distinct policy, whatever the key order', () => {
  const engine = fakeEngine()
  const cache = new PolicyCache(engine)
  const a = cache.get('ugc')
  assert.equal(cache.get('ugc'), a)
  const b = cache.get({ preset: 'ugc', x: { b: 1, a: 2 } })
  assert.equal(cache.get({ x: { a: 2, b: 1 }, preset: 'ugc' }), b)
  assert.notEqual(cache.get({ preset: 'ugc' }), a, 'a string and an object are different configurations')
  assert.notEqual(cache.get('"ugc"'), a, 'no collision between a name and JSON text')
  assert.equal(engine.opened.length, 4)
})

test('the least recently used policy is evicted and closed past 32', () => {
  const engine = fakeEngine()
  const cache = new PolicyCache(engine)
  for (let i = 0; i < 32; i++) cache.get(`p${i}`)
  cache.get('p0') // p0 is now the most recent; p1 the oldest
  cache.get('p32')
  assert.equal(engine.opened.length, 33)
  assert.equal(engine.opened[1].closed, true, 'p1 evicted')
  assert.equal(engine.opened[0].closed, false, 'p0 kept')
  cache.get('p1')
  assert.equal(engine.opened.length, 34, 'p1 compiled again')
})

test('policies that are not JSON values are bad_config', () => {
  const cache = new PolicyCache(fakeEngine())
  const cyclic = []
  cyclic.push(cyclic)
  for (const p of [cyclic, 1n, () => 1, Symbol('s')]) {
    assert.throws(() => cache.get(p), (e) => e.code === 'bad_config', String(p))
  }
})
