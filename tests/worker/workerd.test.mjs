// edgeguard/worker in real workerd over HTTP: app.mjs served by worker.mjs,
// rate-limit state in Durable Objects (RateLimitObject), remote JWKS from a
// server on 127.0.0.1. Skips with a message when workerd is not installed
// in tests/node_modules (scripts/setup.sh installs it).

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import * as check from './checks.mjs'
import { runtimePath, startWorkerd } from './start.mjs'

const skip = runtimePath('workerd') ? false : 'workerd is not installed in tests/node_modules (run scripts/setup.sh)'
const secrets = check.makeSecrets()
let jwks
let server
let base

before(async () => {
  if (skip) return
  jwks = await check.serveJwks(secrets.jwk)
  server = await startWorkerd({ JWT_SECRET: secrets.settings.jwtSecret, CSRF_SECRET: secrets.settings.csrfSecret, JWKS_URL: jwks.url })
  base = server.url
})
after(() => {
  server?.stop()
  jwks?.close()
})

// On failure, workerd's own output says why.
const t = (name, fn) => test(name, { skip, timeout: 30_000 }, async () => {
  try {
    await fn()
  } catch (err) {
    err.message += `\n${server?.output()}`
    throw err
  }
})

t('headers: a fresh nonce per response, in the CSP and in the handler\'s context', () => check.checkHeaders(base))
t('validate: 200 with the validated data; 400 with express-validator\'s error array', () => check.checkValidate(base))
t('requireJwt (HS256) and authorize: 200, 401 with WWW-Authenticate, 403 insufficient_scope', () => check.checkJwt(base, secrets))
t('requireJwt (remote JWKS, ES256): the key fetched from the identity provider', () => check.checkRemoteJwks(base, secrets, jwks))
t('csrf: a minted token passes; missing, foreign-session and cross-site requests get 403', () => check.checkCsrf(base))
t('rateLimit through Durable Objects: concurrent requests, exactly the quota per client, then 429', async () => {
  await check.checkRateLimit(base, { 'cf-connecting-ip': '203.0.113.7' })
  await check.checkRateLimit(base, { 'cf-connecting-ip': '2001:db8::1' })
})
t('sanitize: named fields cleaned (JSON and forms); 400 for non-text; 413 over the body limit', () => check.checkSanitize(base))
t('errors: problem+json without details for a 5xx, security events logged', () => check.checkErrors(base))
t('hostile inputs: never a 5xx', () => check.checkHostile(base))
t('guard() at global scope: compiled at the first request, since workerd refuses to instantiate there', async () => {
  const res = await fetch(`${base}/global`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"<b>b</b><script>x</script>"}' })
  const { nonce, body } = await res.json()
  assert.ok(res.headers.get('content-security-policy').includes(`'nonce-${nonce}'`))
  assert.deepEqual(body, { text: '<b>b</b>' })
})
