// edgeguard/worker answers as edgeguard/express does: the same requests to
// an Express 5 app (over HTTP) and to guard() (called directly) give the
// same status, problem document and challenge headers, for every refusal
// both adapters share. Express comes from tests/express/node_modules; the
// test skips with a message when it is not installed there.

import assert from 'node:assert/strict'
import { createHmac, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { load } from 'edgeguard'
import * as adapter from 'edgeguard/express'
import { guard } from 'edgeguard/worker'

let express = null
try {
  express = createRequire(new URL('../express/package.json', import.meta.url))('express')
} catch {
  // Skipped below.
}
const skip = express ? false : 'express is not installed in tests/express/node_modules (run npm ci there)'

const b64 = (x) => Buffer.from(x).toString('base64url')
const secret = randomBytes(32)
const csrfSecret = b64(randomBytes(32))
function hs256 (claims) {
  const input = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`
  return `${input}.${b64(createHmac('sha256', secret).update(input).digest())}`
}

// The same checks, written for each adapter.
const schema = { email: { in: ['body'], isEmail: true }, q: { in: ['query'], optional: true, isInt: true } }
const jwt = { algorithms: ['HS256'], secret: b64(secret), audience: 'api', realm: 'parity' }
const rule = { scope: ['admin'] }
const policy = { quota: 1, windowS: 60 }
const csrfOptions = { secrets: [csrfSecret], sessionId: (req) => (req.get ? req.get('x-session') : req.headers.get('x-session')) ?? undefined }

let eg
let server
let base
let worker
before(async () => {
  if (skip) return
  eg = await load()
  const app = express()
  const ok = (req, res) => res.json({ ok: true })
  app.post('/validate', express.json(), adapter.validate(eg, schema), ok)
  app.get('/admin', adapter.requireJwt(eg, jwt), adapter.authorize(eg, rule, { realm: jwt.realm }), ok)
  app.post('/csrf', adapter.csrf(eg, csrfOptions), ok)
  app.get('/limited', adapter.rateLimit(eg, { policy, key: () => 'one-client' }), ok)
  app.post('/sanitize', express.json(), adapter.sanitizeBody(eg, ['text']), ok)
  server = createServer(app)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`

  const okResponse = () => Response.json({ ok: true })
  const routes = {
    '/validate': guard(eg, { headers: false, log: () => {}, validate: schema }, okResponse),
    '/admin': guard(eg, { headers: false, log: () => {}, jwt, authorize: rule }, okResponse),
    '/csrf': guard(eg, { headers: false, log: () => {}, csrf: csrfOptions }, okResponse),
    '/limited': guard(eg, { headers: false, log: () => {}, rateLimit: { policy, key: () => 'one-client' } }, okResponse),
    '/sanitize': guard(eg, { headers: false, log: () => {}, sanitize: { fields: ['text'] } }, okResponse),
  }
  worker = (path, init) => routes[new URL(path, 'http://x').pathname](new Request(`${base}${path}`, init))
})
after(() => {
  server?.close()
  eg?.close()
})

const SHARED_HEADERS = ['content-type', 'www-authenticate', 'ratelimit-policy', 'retry-after']

async function answer (res) {
  const headers = Object.fromEntries(SHARED_HEADERS.map((h) => [h, res.headers.get(h)?.split(';')[0] ?? null]))
  if (headers['retry-after'] !== null) headers['retry-after'] = 'present'
  return { status: res.status, headers, body: await res.json() }
}

async function same (path, init = {}) {
  const viaExpress = await answer(await fetch(`${base}${path}`, init))
  const viaWorker = await answer(await worker(path, init))
  assert.deepEqual(viaWorker, viaExpress, `${init.method ?? 'GET'} ${path}`)
  return viaWorker
}

test('validate, JWT, authorize, csrf, rate limit and sanitize refusals are the same in both adapters', { skip }, async () => {
  const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  assert.equal((await same('/validate?q=x', json({ email: 'nope' }))).status, 400)
  assert.equal((await same('/validate?q=12', json({ email: 'a@b.io' }))).status, 200)
  const now = Math.floor(Date.now() / 1000)
  assert.equal((await same('/admin')).status, 401)
  assert.equal((await same('/admin', { headers: { authorization: 'Bearer x.y.z' } })).status, 401)
  assert.equal((await same('/admin', { headers: { authorization: `Bearer ${hs256({ aud: 'api', exp: now - 10 })}` } })).status, 401)
  assert.equal((await same('/admin', { headers: { authorization: `Bearer ${hs256({ aud: 'api', exp: now + 60, scope: 'read' })}` } })).status, 403)
  assert.equal((await same('/admin', { headers: { authorization: `Bearer ${hs256({ aud: 'api', exp: now + 60, scope: 'admin' })}` } })).status, 200)
  assert.equal((await same('/csrf', { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } })).body.code, 'no_session')
  assert.equal((await same('/csrf', { method: 'POST', headers: { 'x-session': 's', 'sec-fetch-site': 'same-origin' } })).status, 403)
  assert.equal((await same('/csrf', { method: 'POST', headers: { 'x-session': 's', 'sec-fetch-site': 'cross-site' } })).status, 403)
  // Each adapter has its own memory store: the first request passes in both, the second is refused in both.
  assert.equal((await same('/limited')).status, 200)
  assert.equal((await same('/limited')).status, 429)
  assert.equal((await same('/sanitize', json({ text: ['<b>', 1] }))).status, 400)
  assert.equal((await same('/sanitize', json({ text: '<b>x</b>' }))).status, 200)
})
