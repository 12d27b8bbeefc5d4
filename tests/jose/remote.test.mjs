// edgeguard's remote key set against jose's createRemoteJWKSet: two local
// identity providers serve the same rotating keys, one to each library, and
// the same sequence of tokens must give the same verdicts and cost the same
// number of fetches (cache max age, cooldown, one refetch on an unknown kid).

import assert from 'node:assert/strict'
import { generateKeyPairSync, sign } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { eg, jose } from './harness.mjs'

const b64 = (b) => Buffer.from(b).toString('base64url')
const pairs = new Map()
let served = []

function token(kid) {
  if (!pairs.has(kid)) pairs.set(kid, generateKeyPairSync('ed25519'))
  const input = `${b64(JSON.stringify({ alg: 'EdDSA', kid }))}.${b64(JSON.stringify({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 600 }))}`
  return `${input}.${b64(sign(null, Buffer.from(input), pairs.get(kid).privateKey))}`
}

function serveKeys(...kids) {
  for (const kid of kids) if (!pairs.has(kid)) pairs.set(kid, generateKeyPairSync('ed25519'))
  served = kids
}

async function provider() {
  const p = { hits: 0 }
  p.server = createServer((_, res) => {
    p.hits++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ keys: served.map((kid) => ({ ...pairs.get(kid).publicKey.export({ format: 'jwk' }), kid })) }))
  })
  await new Promise((resolve) => p.server.listen(0, '127.0.0.1', resolve))
  p.url = new URL(`http://127.0.0.1:${p.server.address().port}/jwks.json`)
  return p
}

// Long enough that a loaded machine cannot stretch one step past the cooldown.
const timing = { cooldownDuration: 1000, cacheMaxAge: 2500 }
let forJose
let forEg
before(async () => {
  forJose = await provider()
  forEg = await provider()
})
after(() => {
  for (const p of [forJose, forEg]) {
    p.server.closeAllConnections()
    p.server.close()
  }
  eg.close()
})

test('same verdicts and same fetches as jose through a key rotation', async () => {
  const joseSet = jose.createRemoteJWKSet(forJose.url, timing)
  const mine = eg.jwtVerifier({ algorithms: ['EdDSA'], jwks: eg.createRemoteJWKSet(forEg.url, timing) })
  const verdicts = async (kids) => {
    const theirs = await Promise.all(kids.map((kid) => jose.jwtVerify(token(kid), joseSet, { algorithms: ['EdDSA'] }).then(() => 'ok', (e) => e.code)))
    const ours = await Promise.all(kids.map((kid) => mine.verify(token(kid)).then(() => 'ok', (e) => e.code)))
    return { theirs, ours }
  }
  // [step, kids verified at once, what jose says, what we say, fetches so far]
  const steps = [
    ['first use fetches once for all callers', ['a', 'a', 'a'], 'ok', 'ok', 1],
    ['a new key, within the cooldown', ['b'], 'ERR_JWKS_NO_MATCHING_KEY', 'key_not_found', 1],
    ['after the cooldown: one refetch finds it', ['b'], 'ok', 'ok', 2],
    ['unknown kids right after a fetch: no refetch', ['x1', 'x2', 'x3'], 'ERR_JWKS_NO_MATCHING_KEY', 'key_not_found', 2],
    ['after the cooldown, a storm of unknown kids: one refetch', ['y1', 'y2', 'y3', 'y4', 'y5'], 'ERR_JWKS_NO_MATCHING_KEY', 'key_not_found', 3],
    ['key a removed, after the max age: refetched, a refused', ['a'], 'ERR_JWKS_NO_MATCHING_KEY', 'key_not_found', 4],
    ['b still verifies from the cache', ['b'], 'ok', 'ok', 4],
  ]
  serveKeys('a')
  for (const [name, kids, joseWant, egWant, fetches] of steps) {
    if (name.startsWith('a new key')) serveKeys('a', 'b')
    if (name.startsWith('after the cooldown')) await sleep(timing.cooldownDuration + 50)
    if (name.startsWith('key a removed')) {
      serveKeys('b')
      await sleep(timing.cacheMaxAge + 50)
    }
    const { theirs, ours } = await verdicts(kids)
    assert.deepEqual(theirs, kids.map(() => joseWant), `${name}: jose`)
    assert.deepEqual(ours, kids.map(() => egWant), `${name}: edgeguard`)
    assert.equal(forJose.hits, fetches, `${name}: jose's fetches`)
    assert.equal(forEg.hits, fetches, `${name}: edgeguard's fetches`)
  }
  mine.close()
})
