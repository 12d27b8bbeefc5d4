// edgeguard/express over real HTTP: the same app on Express 5 and Express 4,
// listening on 127.0.0.1, each middleware driven by fetch through its happy
// path and its refusal path. Imports go through the package name, so the
// "./express" export of js/package.json is exercised too.

import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { load } from 'edgeguard'
import { authorize, csrf, errorHandler, helmet, rateLimit, requireJwt, sanitizeBody, validate } from 'edgeguard/express'
import express5 from 'express'
import express4 from 'express4'
import { b64, makeSecrets, now, problem, serveJwks } from '../worker/http-fixtures.mjs'

const secrets = makeSecrets()
const { hs256, es256 } = secrets

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)))
}

let eg
// The identity provider: one ES256 key, served as a JWK Set.
let jwks

before(async () => {
  eg = await load()
  jwks = await serveJwks(secrets.jwk)
})

after(() => {
  jwks?.close()
  eg?.close()
})

// One app with every middleware on its own route, as a reader would write it.
function buildApp(express, logged) {
  const app = express()
  app.use(helmet(eg, { contentSecurityPolicy: { preset: 'strict' } }))
  app.get('/page', (req, res) => res.type('html').send(`<script nonce="${res.locals.cspNonce}">1</script>`))

  app.post('/signup', express.json(), validate(eg, {
    email: { in: ['body'], isEmail: true, normalizeEmail: true },
    age: { in: ['body'], isInt: { options: { min: 13 } }, toInt: true },
  }), (req, res) => res.json(req.validated))

  const jwt = requireJwt(eg, { algorithms: ['HS256'], secret: new Uint8Array(Buffer.from(secrets.settings.jwtSecret, 'base64url')), audience: 'api', realm: 'edgeguard-test' })
  app.get('/me', jwt, (req, res) => res.json(req.auth))
  app.get('/admin', jwt, authorize(eg, { scope: ['admin'] }), (req, res) => res.json({ admin: req.auth.sub }))
  app.get('/remote', requireJwt(eg, { algorithms: ['ES256'], jwks: eg.createRemoteJWKSet(jwks.url) }), (req, res) => res.json(req.auth))

  const csrfSecret = b64(randomBytes(32))
  const protect = csrf(eg, { secrets: [csrfSecret], sessionId: (req) => req.get('x-session') })
  app.get('/form', protect, (req, res) => res.json({ token: req.csrfToken() }))
  app.post('/transfer', protect, (req, res) => res.json({ done: true }))

  app.get('/limited', rateLimit(eg, { policy: { quota: 2, windowS: 60 } }), (req, res) => res.send('ok'))

  app.post('/comment', express.json(), sanitizeBody(eg, ['text', 'tags']), (req, res) => res.json(req.body))

  app.get('/boom', () => {
    throw new Error('database password is hunter2')
  })
  app.get('/gone', () => {
    throw Object.assign(new Error('That item was removed.'), { status: 410, expose: true })
  })
  app.use(errorHandler(eg, { log: (line) => logged.push(line) }))
  return app
}

for (const [version, express] of [['Express 5', express5], ['Express 4', express4]]) {
  describe(version, () => {
    let server
    let base
    const logged = []
    before(async () => {
      server = createServer(buildApp(express, logged))
      base = await listen(server)
    })
    after(() => server?.close())

    test('helmet: headers, a fresh nonce per response in the CSP and res.locals, no X-Powered-By', async () => {
      const nonces = []
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${base}/page`)
        assert.equal(res.status, 200)
        assert.equal(res.headers.get('x-powered-by'), null)
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
        const nonce = /nonce="([^"]+)"/.exec(await res.text())[1]
        assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/)
        assert.ok(res.headers.get('content-security-policy').includes(`'nonce-${nonce}'`))
        nonces.push(nonce)
      }
      assert.notEqual(nonces[0], nonces[1])
    })

    test('helmet: without it Express sends X-Powered-By; options helmet refuses are refused when the app is built', async () => {
      const bare = createServer(express().get('/', (req, res) => res.send('x')))
      try {
        const res = await fetch(`${await listen(bare)}/`)
        assert.equal(res.headers.get('x-powered-by'), 'Express')
        await res.text()
      } finally {
        bare.close()
      }
      assert.throws(() => helmet(eg, { contentSecurityPolicy: { directives: { 'default-src': ['none'] } } }), { code: 'bad_config' })
      assert.throws(() => helmet(eg, { bogus: true }), { code: 'bad_config', message: /unknown option "bogus"/ })
    })

    test('validate: sanitized data on req.validated; 400 with the express-validator error array', async () => {
      const post = (body) => fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const ok = await post({ email: 'Alice@Example.COM', age: '30' })
      assert.equal(ok.status, 200)
      assert.deepEqual(await ok.json(), { email: 'alice@example.com', age: 30 })
      const bad = await problem(await post({ email: 'not-an-email', age: '7' }), 400)
      assert.deepEqual(bad.errors.map((e) => [e.type, e.location, e.path, e.value]),
        [['field', 'body', 'email', 'not-an-email'], ['field', 'body', 'age', '7']])
      assert.ok(bad.errors.every((e) => typeof e.msg === 'string'))
    })

    test('requireJwt (fixed key): claims on req.auth; 401 with RFC 6750 challenges', async () => {
      const token = hs256({ sub: 'alice', aud: 'api', exp: now() + 60, scope: 'read' })
      const ok = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })
      assert.equal(ok.status, 200)
      assert.equal((await ok.json()).sub, 'alice')

      const none = await fetch(`${base}/me`)
      await problem(none, 401)
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="edgeguard-test"')

      const expired = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${hs256({ sub: 'alice', aud: 'api', exp: now() - 3600 })}` } })
      const body = await problem(expired, 401)
      assert.equal(body.code, 'invalid_token')
      assert.match(expired.headers.get('www-authenticate'), /^Bearer realm="edgeguard-test", error="invalid_token"/)

      const forged = `${token.slice(0, token.lastIndexOf('.'))}.${b64(randomBytes(32))}`
      await problem(await fetch(`${base}/me`, { headers: { authorization: `Bearer ${forged}` } }), 401)
    })

    test('authorize: 403 insufficient_scope naming the missing scope', async () => {
      const admin = hs256({ sub: 'root', aud: 'api', exp: now() + 60, scope: 'read admin' })
      const ok = await fetch(`${base}/admin`, { headers: { authorization: `Bearer ${admin}` } })
      assert.equal(ok.status, 200)
      assert.deepEqual(await ok.json(), { admin: 'root' })

      const reader = hs256({ sub: 'alice', aud: 'api', exp: now() + 60, scope: 'read' })
      const denied = await fetch(`${base}/admin`, { headers: { authorization: `Bearer ${reader}` } })
      assert.equal((await problem(denied, 403)).code, 'insufficient_scope')
      const challenge = denied.headers.get('www-authenticate')
      assert.match(challenge, /error="insufficient_scope"/)
      assert.match(challenge, /scope="admin"/)
    })

    test('requireJwt (remote JWKS): a key fetched from the identity provider; a foreign key refused', async () => {
      const before = jwks.hits()
      const ok = await fetch(`${base}/remote`, { headers: { authorization: `Bearer ${es256({ sub: 'bob', exp: now() + 60 })}` } })
      assert.equal(ok.status, 200)
      assert.equal((await ok.json()).sub, 'bob')
      assert.ok(jwks.hits() > before, "this app fetched the JWK Set from the server")

      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const foreign = es256({ sub: 'mallory', exp: now() + 60 }, other.privateKey)
      const res = await fetch(`${base}/remote`, { headers: { authorization: `Bearer ${foreign}` } })
      assert.equal((await problem(res, 401)).code, 'invalid_token')
    })

    test('csrf: a minted token passes a same-origin POST; missing token and cross-site requests get 403', async () => {
      const session = { 'x-session': 'sess-1' }
      const form = await fetch(`${base}/form`, { headers: session })
      assert.equal(form.status, 200)
      const { token } = await form.json()
      const cookie = form.headers.get('set-cookie').split(';')[0]
      assert.match(cookie, /^__Host-psifi\.x-csrf-token=/)

      const post = (headers) => fetch(`${base}/transfer`, { method: 'POST', headers: { ...session, 'sec-fetch-site': 'same-origin', ...headers } })
      const ok = await post({ cookie, 'x-csrf-token': token })
      assert.equal(ok.status, 200)
      assert.deepEqual(await ok.json(), { done: true })

      await problem(await post({ cookie }), 403)
      const { 'x-session': _, ...noSession } = { ...session, 'sec-fetch-site': 'same-origin', cookie, 'x-csrf-token': token }
      const sessionless = await fetch(`${base}/transfer`, { method: 'POST', headers: noSession })
      assert.equal((await problem(sessionless, 403)).code, 'no_session')
      await problem(await post({ cookie, 'x-csrf-token': token, 'x-session': 'sess-2' }), 403)
      const cross = await problem(await post({ cookie, 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' }), 403)
      assert.equal(cross.code, 'cross_origin_sec_fetch_site')
    })

    test('rateLimit: RateLimit headers, then 429 problem+json with Retry-After', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${base}/limited`)
        assert.equal(res.status, 200)
        assert.equal(await res.text(), 'ok')
        // GCRA: t is when the quota is whole again, which moves with the clock.
        assert.match(res.headers.get('ratelimit'), new RegExp(`^"p0";r=${1 - i};t=\\d+$`))
        assert.equal(res.headers.get('ratelimit-policy'), '"p0";q=2;w=60')
      }
      const over = await fetch(`${base}/limited`)
      assert.equal((await problem(over, 429)).type, 'https://iana.org/assignments/http-problem-types#quota-exceeded')
      assert.ok(Number(over.headers.get('retry-after')) > 0)
    })

    test('sanitizeBody: HTML cleaned in place; a non-text field refused', async () => {
      const post = (body) => fetch(`${base}/comment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const ok = await post({ text: '<b>hi</b><script>alert(1)</script><img src=x onerror=alert(1)>', tags: ['<i>a</i>', 'b<svg onload=x>'], other: '<script>' })
      assert.equal(ok.status, 200)
      const body = await ok.json()
      assert.ok(!/script|onerror|onload|svg/.test(body.text + body.tags.join('')), JSON.stringify(body))
      assert.ok(body.text.startsWith('<b>hi</b>'))
      assert.equal(body.tags[0], '<i>a</i>')
      assert.equal(body.other, '<script>', 'fields not named are left alone')
      await problem(await post({ text: { html: '<script>' } }), 400)
    })

    test('errorHandler: problem+json without message or stack for a 5xx, exposed detail for a 4xx, one event logged each', async () => {
      logged.length = 0
      const res = await fetch(`${base}/boom`)
      const text = await res.clone().text()
      const body = await problem(res, 500)
      assert.equal(body.detail, undefined)
      assert.ok(!text.includes('hunter2') && !text.includes('at '), text)

      const gone = await problem(await fetch(`${base}/gone`), 410)
      assert.equal(gone.detail, 'That item was removed.')

      assert.equal(logged.length, 2)
      const events = logged.map((line) => JSON.parse(line))
      assert.equal(events[0].level, 'CRITICAL')
      assert.equal(events[0].request_uri, '/boom')
      assert.ok(!logged[0].includes('hunter2'))
      assert.equal(events[1].level, 'WARN')
    })
  })
}
