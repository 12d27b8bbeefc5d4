// The HTTP checks of tests/worker, shared by every runtime that serves
// app.mjs: each takes the server's base URL and drives one feature through
// its happy path and its refusal path with Node's fetch. The test files
// decide which runtime runs which checks.

import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { LIMIT, MAX_COMMENT_BYTES, REALM } from './app.mjs'
import { b64, now, problem } from './http-fixtures.mjs'

export { makeSecrets, serveJwks } from './http-fixtures.mjs'

/** The security events the app logged since the last call. */
export async function events (base) {
  return (await (await fetch(`${base}/logs`)).json()).map((line) => JSON.parse(line))
}

export async function checkHeaders (base) {
  const nonces = []
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${base}/page`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('x-powered-by'), null)
    const nonce = /nonce="([^"]+)"/.exec(await res.text())[1]
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/)
    assert.ok(res.headers.get('content-security-policy').includes(`'nonce-${nonce}'`), 'the handler saw the nonce of its own response')
    nonces.push(nonce)
  }
  assert.notEqual(nonces[0], nonces[1], 'a fresh nonce per response')
  // Refusals carry the headers too.
  const refused = await fetch(`${base}/me`)
  assert.equal(refused.headers.get('x-frame-options'), 'SAMEORIGIN')
  await refused.body.cancel()
}

export async function checkValidate (base) {
  const post = (body) => fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const ok = await post({ email: 'Alice@Example.COM', age: '30' })
  assert.equal(ok.status, 200)
  assert.deepEqual(await ok.json(), { email: 'alice@example.com', age: 30 })
  const bad = await problem(await post({ email: 'not-an-email', age: '7' }), 400)
  assert.deepEqual(bad.errors.map((e) => [e.type, e.location, e.path, e.value]),
    [['field', 'body', 'email', 'not-an-email'], ['field', 'body', 'age', '7']])
  assert.ok(bad.errors.every((e) => typeof e.msg === 'string'))
  const search = await fetch(`${base}/search?q=%20edge%20`)
  assert.deepEqual(await search.json(), { q: 'edge' })
  assert.deepEqual((await problem(await fetch(`${base}/search?q=x`), 400)).errors.map((e) => [e.location, e.path]), [['query', 'q']])
  await problem(await fetch(`${base}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }), 400)
  const logged = await events(base)
  assert.ok(logged.some((e) => e.event === 'input_validation_fail' && e.request_uri === '/signup'), JSON.stringify(logged))
}

export async function checkJwt (base, secrets) {
  const get = (path, token) => fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {})
  const token = secrets.hs256({ sub: 'alice', aud: 'api', exp: now() + 60, scope: 'read' })
  const ok = await get('/me', token)
  assert.equal(ok.status, 200)
  assert.equal((await ok.json()).sub, 'alice')

  const none = await get('/me')
  await problem(none, 401)
  assert.equal(none.headers.get('www-authenticate'), `Bearer realm="${REALM}"`)
  const expired = await get('/me', secrets.hs256({ sub: 'alice', aud: 'api', exp: now() - 3600 }))
  assert.equal((await problem(expired, 401)).code, 'invalid_token')
  assert.match(expired.headers.get('www-authenticate'), new RegExp(`^Bearer realm="${REALM}", error="invalid_token"`))
  await problem(await get('/me', `${token.slice(0, token.lastIndexOf('.'))}.${b64(randomBytes(32))}`), 401)

  const admin = await get('/admin', secrets.hs256({ sub: 'root', aud: 'api', exp: now() + 60, scope: 'read admin' }))
  assert.deepEqual(await admin.json(), { admin: 'root' })
  const denied = await get('/admin', token)
  assert.equal((await problem(denied, 403)).code, 'insufficient_scope')
  assert.match(denied.headers.get('www-authenticate'), /error="insufficient_scope".*scope="admin"/)
  const kinds = (await events(base)).map((e) => e.event)
  assert.ok(kinds.includes('authn_token_invalid') && kinds.includes('authz_fail'), kinds.join())
}

export async function checkRemoteJwks (base, secrets, jwks) {
  const before = jwks.hits()
  const ok = await fetch(`${base}/remote`, { headers: { authorization: `Bearer ${secrets.es256({ sub: 'bob', exp: now() + 60 })}` } })
  assert.equal(ok.status, 200, await ok.clone().text())
  assert.equal((await ok.json()).sub, 'bob')
  assert.ok(jwks.hits() > before, 'the app fetched the JWK Set')
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  const foreign = await fetch(`${base}/remote`, { headers: { authorization: `Bearer ${secrets.es256({ sub: 'mallory', exp: now() + 60 }, other)}` } })
  assert.equal((await problem(foreign, 401)).code, 'invalid_token')
}

export async function checkCsrf (base) {
  const session = { 'x-session': 'sess-1' }
  const form = await fetch(`${base}/form`, { headers: session })
  assert.equal(form.status, 200)
  const { token } = await form.json()
  const cookie = form.headers.get('set-cookie').split(';')[0]
  assert.match(cookie, /^__Host-psifi\.x-csrf-token=/)
  const post = (headers) => fetch(`${base}/transfer`, { method: 'POST', headers: { ...session, 'sec-fetch-site': 'same-origin', ...headers } })
  const ok = await post({ cookie, 'x-csrf-token': token })
  assert.deepEqual(await ok.json(), { done: true })
  await problem(await post({ cookie }), 403)
  await problem(await post({ cookie, 'x-csrf-token': token, 'x-session': 'sess-2' }), 403)
  const cross = await problem(await post({ cookie, 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' }), 403)
  assert.equal(cross.code, 'cross_origin_sec_fetch_site')
  const sessionless = await fetch(`${base}/transfer`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin', cookie, 'x-csrf-token': token } })
  assert.equal((await problem(sessionless, 403)).code, 'no_session')
  assert.ok((await events(base)).some((e) => e.event === 'malicious_csrf'))
}

/**
 * `n` concurrent requests from one client: exactly the quota allowed, the
 * rest 429 with Retry-After; every answer with the RateLimit headers.
 * @param {Record<string, string>} [client] headers naming the client
 */
export async function checkRateLimit (base, client = {}, n = 2 * LIMIT.quota) {
  const results = await Promise.all(Array.from({ length: n }, async () => {
    const res = await fetch(`${base}/limited`, { headers: client })
    return { res, text: await res.clone().text() }
  }))
  const allowed = results.filter((r) => r.res.status === 200)
  assert.equal(allowed.length, LIMIT.quota, results.map((r) => `${r.res.status} ${r.text}`).join('\n'))
  for (const { res } of results) {
    assert.equal(res.headers.get('ratelimit-policy'), `"${LIMIT.name}";q=${LIMIT.quota};w=${LIMIT.windowS}`)
    assert.match(res.headers.get('ratelimit'), new RegExp(`^"${LIMIT.name}";r=\\d+;t=\\d+$`))
    if (res.status === 200) continue
    const body = await problem(res, 429)
    assert.deepEqual(body['violated-policies'], [LIMIT.name])
    assert.ok(Number(res.headers.get('retry-after')) >= 1)
  }
  assert.ok((await events(base)).some((e) => e.event === 'excess_rate_limit_exceeded'))
}

export async function checkSanitize (base) {
  const post = (body, headers = { 'content-type': 'application/json' }) => fetch(`${base}/comment`, { method: 'POST', headers, body })
  const ok = await post(JSON.stringify({ text: '<b>hi</b><script>alert(1)</script><img src=x onerror=alert(1)>', tags: ['<i>a</i>', 'b<svg onload=x>'], other: '<script>' }))
  assert.equal(ok.status, 200)
  const body = await ok.json()
  assert.ok(!/script|onerror|onload|svg/.test(body.text + body.tags.join('')), JSON.stringify(body))
  assert.ok(body.text.startsWith('<b>hi</b>'))
  assert.equal(body.tags[0], '<i>a</i>')
  assert.equal(body.other, '<script>', 'fields not named are left alone')
  await problem(await post(JSON.stringify({ text: { html: '<script>' } })), 400)
  // A form body is parsed and sanitized the same way.
  const form = await post('text=%3Cb%3Eb%3C%2Fb%3E%3Cscript%3Ex%3C%2Fscript%3E', { 'content-type': 'application/x-www-form-urlencoded' })
  assert.deepEqual(await form.json(), { text: '<b>b</b>' })
  // Over the limit: 413 whether the length is declared or the body streamed.
  await problem(await post(JSON.stringify({ text: 'x'.repeat(MAX_COMMENT_BYTES) })), 413)
  const chunk = 'x'.repeat(MAX_COMMENT_BYTES / 2)
  const chunks = Array.from({ length: 4 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')
  const status = await rawStatus(base, `POST /comment HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`)
  assert.equal(status, 413)
}

/**
 * The status of a raw HTTP/1.1 request written in one piece. fetch would
 * stream a chunked body in several writes, and a server that refuses it
 * early (as it should) may close before the last one: EPIPE, no answer.
 */
function rawStatus (base, text) {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    let got = ''
    const socket = connect(Number(port), hostname, () => socket.write(text))
    socket.setEncoding('latin1')
    socket.on('data', (d) => {
      got += d
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(got)
      if (m) {
        resolve(Number(m[1]))
        socket.destroy()
      }
    })
    socket.on('error', reject)
    socket.on('close', () => reject(new Error(`no status line in ${JSON.stringify(got.slice(0, 200))}`)))
  })
}

export async function checkErrors (base) {
  await events(base)
  const res = await fetch(`${base}/boom`)
  const text = await res.clone().text()
  const body = await problem(res, 500)
  assert.equal(body.detail, undefined)
  assert.ok(!text.includes('hunter2') && !text.includes('at '), text)
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  assert.equal((await problem(await fetch(`${base}/gone`), 410)).detail, 'That item was removed.')
  const redirect = await fetch(`${base}/redirect`, { redirect: 'manual' })
  assert.equal(redirect.status, 302)
  assert.equal(redirect.headers.get('x-content-type-options'), 'nosniff', 'headers added to an immutable response (copied)')
  await redirect.body?.cancel()
  const logged = await events(base)
  assert.deepEqual(logged.map((e) => [e.event, e.level, e.request_uri]), [['sys_crash', 'CRITICAL', '/boom'], ['input_validation_fail', 'WARN', '/gone']])
  assert.ok(!JSON.stringify(logged).includes('hunter2'))
}

/** Hostile inputs: every answer a 4xx problem (or a 2xx), never a 5xx or a dropped connection. */
export async function checkHostile (base) {
  const deep = '['.repeat(500) + ']'.repeat(500)
  const cases = [
    ['/signup', 'application/json', '{"email":"\\ud800@x.io","age":"20"}'],
    ['/signup', 'application/json', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['/signup', 'application/json', `{"email":${deep}}`],
    // Deeper than JSON.stringify can recurse, within the 100 KiB default limit.
    ['/signup', 'application/json', `{"email":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
    ['/signup', 'application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":1}}'],
    ['/signup', 'application/json', 'null'],
    ['/signup', 'application/json', '"text"'],
    ['/signup', 'application/x-www-form-urlencoded', 'email=%E0%A4%A&age=%zz&__proto__=x&email=2'],
    ['/signup', 'text/plain', '<script>'],
    ['/signup', 'application/json; charset=utf-16', '{}'],
    ['/comment', 'application/json', `{"text":${deep}}`],
    ['/comment', 'application/json', '{"text":"\\ud800<b>x</b>"}'],
    ['/comment', 'application/json', '{"tags":["a",{"b":1}]}'],
  ]
  for (const [path, type, body] of cases) {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body })
    const text = await res.text()
    assert.ok(res.status < 500, `${path} ${type} ${String(body).slice(0, 60)} → ${res.status} ${text}`)
  }
  const weird = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${'a.'.repeat(5000)}a`, cookie: '=;;%;a=%ZZ' } })
  assert.equal(weird.status, 401)
  await weird.body.cancel()
}
