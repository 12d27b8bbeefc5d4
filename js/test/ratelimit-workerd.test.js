// Rate limiting in Cloudflare workerd with the state in Durable Objects
// (tests/workerd-ratelimit): many concurrent requests for a key, exactly
// the policy's quota allowed, every refusal a 429 problem with Retry-After.
// Skips with a message when workerd is not installed in ../tests/node_modules.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { POLICY } from '../../tests/workerd-ratelimit/policy.mjs'
import { startWorkerd, workerdPath } from '../../tests/workerd-ratelimit/start.mjs'

const skip = workerdPath() ? false : 'workerd is not installed in tests/node_modules (run scripts/setup.sh)'

let server
before(async () => {
  if (!skip) server = await startWorkerd()
})
after(() => server?.stop())

async function send(key, i) {
  const res = await fetch(`${server.url}?key=${key}`, { headers: { 'x-request-id': `${key}-${i}` } })
  return { key, status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), policy: res.headers.get('ratelimit-policy'), body: await res.json() }
}

test(`concurrent requests on two keys: exactly ${POLICY.quota} allowed per key`, { skip, timeout: 60_000 }, async () => {
  const n = 40
  const results = await Promise.all(Array.from({ length: 2 * n }, (_, i) => send(i % 2 ? 'alice' : 'bob', i)))
  for (const key of ['alice', 'bob']) {
    const mine = results.filter((r) => r.key === key)
    const allowed = mine.filter((r) => r.status === 200)
    assert.equal(allowed.length, POLICY.quota, `${key}: ${JSON.stringify(mine.map((r) => r.status))}\n${server.output()}`)
    assert.deepEqual(allowed.map((r) => r.body.remaining).sort((a, b) => a - b), [...Array(POLICY.quota).keys()], `${key}: each allowed request saw one less remaining`)
    for (const r of mine.filter((r) => r.status !== 200)) {
      assert.equal(r.status, 429)
      assert.equal(r.type, 'application/problem+json')
      assert.ok(Number(r.retryAfter) >= 1, 'Retry-After in whole seconds')
      assert.deepEqual(r.body['violated-policies'], [POLICY.name])
    }
    assert.ok(mine.every((r) => r.policy === `"${POLICY.name}";q=${POLICY.quota};w=${POLICY.windowS}`))
  }
})
