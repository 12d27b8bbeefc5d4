// The CSRF and rate-limit APIs behind a real Node HTTP server, fed the
// IncomingMessage itself (lower-case header record, path-only url), the
// way an Express or plain-node middleware would use them.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { load } from '../src/entry-node.js'
import { wasmModule } from './helpers.js'

const SECRET = 'node-http-secret-0123456789abcdef-0123'
let eg
let server
let base

before(async () => {
  eg = await load(wasmModule)
  const csrf = eg.csrf({ secrets: [SECRET], trustedOrigins: ['https://partner.example'] })
  const limiter = eg.rateLimiter({ name: 'api', quota: 3, windowS: 60 })
  server = createServer(async (req, res) => {
    const decision = await limiter.limit(limiter.key({ ip: req.socket.remoteAddress, route: `${req.method} ${req.url}` }))
    for (const [name, value] of decision.headers) res.setHeader(name, value)
    if (!decision.allowed) {
      res.writeHead(429, { 'content-type': 'application/problem+json' }).end(JSON.stringify(decision.problem))
      return
    }
    if (req.url === '/token') {
      const { token, setCookie } = csrf.generate('sess-1')
      res.writeHead(200, { 'set-cookie': setCookie, 'content-type': 'text/plain' }).end(token)
      return
    }
    const verdict = csrf.check(req, { sessionId: 'sess-1' })
    if (verdict.vary) res.setHeader('vary', verdict.vary)
    if (!verdict.allowed) {
      res.writeHead(403, { 'content-type': 'application/problem+json' }).end(JSON.stringify(verdict.problem))
      return
    }
    res.writeHead(200).end('ok')
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})
after(() => {
  server?.close()
  eg?.close()
})

test('a Node server: tokens through a cookie and a header, cross-site refused, then 429', async () => {
  const t = await fetch(`${base}/token`)
  const token = await t.text()
  const cookie = t.headers.get('set-cookie').split(';')[0]
  assert.equal(cookie, `__Host-psifi.x-csrf-token=${token}`)

  const post = (headers) => fetch(`${base}/transfer`, { method: 'POST', headers })
  const ok = await post({ cookie, 'x-csrf-token': token, 'sec-fetch-site': 'same-origin' })
  assert.equal(ok.status, 200)
  assert.equal(ok.headers.get('vary'), 'Sec-Fetch-Site, Origin')
  assert.equal(ok.headers.get('ratelimit'), '"api";r=2;t=20')

  const crossSite = await post({ cookie, 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' })
  assert.equal(crossSite.status, 403)
  assert.deepEqual(await crossSite.json(), { type: 'about:blank', title: 'Forbidden', status: 403, code: 'cross_origin_sec_fetch_site' })

  const noToken = await post({ 'sec-fetch-site': 'same-origin' })
  assert.equal(noToken.status, 403)
  assert.equal((await noToken.json()).code, 'csrf_token_missing')

  const limited = await post({ cookie, 'x-csrf-token': token })
  assert.equal(limited.status, 429, 'the fourth POST /transfer from this address')
  assert.equal(limited.headers.get('content-type'), 'application/problem+json')
  assert.ok(Number(limited.headers.get('retry-after')) >= 1)
  assert.deepEqual((await limited.json())['violated-policies'], ['api'])
})
