// Regression: the first crypto/rand read inside the module starts Go
// runtime timers, after which a garbage collection may sleep through
// poll_oneoff. When the shim refused it, the instance died with
// "fatal error: poll_oneoff failed" (found through fresh CSP nonces).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { load } from '../src/entry-node.js'

test('operations that draw randomness survive garbage collections', async () => {
  const eg = await load()
  const headers = eg.open('headers', { contentSecurityPolicy: { nonce: true } })
  const nonces = new Set()
  for (let i = 0; i < 300; i++) {
    const { nonce } = eg.call(headers, 'build', '{}')
    assert.match(nonce, /^[A-Za-z0-9+/]{22,}={0,2}$/)
    nonces.add(nonce)
    // Allocate enough to force collections between the draws.
    if (i % 50 === 0) eg.sanitize('<p>x</p>'.repeat(20000), 'ugc')
  }
  assert.equal(nonces.size, 300, 'every nonce is fresh')
  assert.equal(eg.stats.instantiations, 1, 'no instance was lost on the way')
  eg.close()
})
