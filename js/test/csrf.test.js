import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { cookie, header } from '../src/csrf.js'
import { wasmModule } from './helpers.js'

const SECRET = 'a-secret-of-at-least-32-bytes-long!!'
const OLD_SECRET = 'an-older-secret-also-32-bytes-long!!'

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e instanceof EdgeguardError && e.code === code, `expected ${code}`)
}

describe('tokens (csrf-csrf 4 double submit)', () => {
  test('generate: the token in the cookie, with the __Host- defaults', () => {
    const c = eg.csrf({ secrets: [SECRET] })
    const { token, setCookie } = c.generate('session-1')
    assert.match(token, /^[0-9a-f]{64}\.[0-9a-f]{64}$/)
    assert.equal(setCookie, `__Host-psifi.x-csrf-token=${token}; Path=/; Secure; HttpOnly; SameSite=Strict`)
    assert.notEqual(c.generate('session-1').token, token, 'a fresh random value every time')
    c.close()
  })

  test('verify: each refusal has its code, problem and event', () => {
    const c = eg.csrf({ secrets: [SECRET] })
    const { token } = c.generate('s')
    const other = c.generate('s').token
    assert.deepEqual(c.verify('s', token, token), { ok: true })
    const cases = [
      ['another session', 'other', token, token, 'csrf_token_invalid'],
      ['cookie and request differ', 's', token, other, 'csrf_token_mismatch'],
      ['no request token', 's', token, undefined, 'csrf_token_missing'],
      ['no cookie', 's', undefined, token, 'csrf_token_missing'],
      ['flipped signature bit', 's', flip(token), flip(token), 'csrf_token_invalid'],
      ['upper-case hex', 's', token.toUpperCase(), token.toUpperCase(), 'csrf_token_invalid'],
      ['empty session', '', token, token, 'csrf_no_session'],
    ]
    for (const [name, sid, ck, rq, code] of cases) {
      const r = c.verify(sid, ck, rq, { requestId: 'r-1' })
      assert.equal(r.ok, false, name)
      assert.equal(r.code, code, name)
      assert.deepEqual(r.problem, { type: 'about:blank', title: 'Forbidden', status: 403, code }, name)
      assert.equal(r.event.event, 'malicious_csrf', name)
      assert.equal(r.event.request_id, 'r-1', name)
      assert.ok(!JSON.stringify(r.event).includes(token.slice(0, 64)), `${name}: no token in the event`)
    }
    c.close()
  })

  test('rotation: the first secret signs, every secret verifies', () => {
    const old = eg.csrf({ secrets: [OLD_SECRET] })
    const rotated = eg.csrf({ secrets: [SECRET, OLD_SECRET] })
    const fresh = eg.csrf({ secrets: [SECRET] })
    const t = old.generate('s').token
    assert.equal(rotated.verify('s', t, t).ok, true)
    assert.equal(fresh.verify('s', t, t).code, 'csrf_token_invalid')
    const t2 = rotated.generate('s').token
    assert.equal(fresh.verify('s', t2, t2).ok, true, 'the new secret signs')
    for (const c of [old, rotated, fresh]) c.close()
  })

  test('configuration errors', () => {
    throwsCode(() => eg.csrf({ secrets: ['short'] }), 'bad_config')
    throwsCode(() => eg.csrf({ secrets: [SECRET], cookie: { name: '__Host-x', domain: 'example.com' } }), 'bad_config')
    throwsCode(() => eg.csrf({ secret: SECRET }), 'bad_config')
    throwsCode(() => eg.csrf({ secrets: [SECRET], cookie: { samesite: 'Lax' } }), 'bad_config')
    throwsCode(() => eg.csrf({ trustedOrigins: ['https://a.example/'] }), 'bad_config')
    throwsCode(() => eg.csrf().generate('s'), 'bad_config')
    throwsCode(() => eg.csrf({ secrets: [SECRET] }).generate(''), 'csrf_no_session')
  })

  test('cookie options reach Set-Cookie', () => {
    const c = eg.csrf({ secrets: [SECRET], cookie: { name: 'csrf', sameSite: 'Lax', maxAge: 60, insecure: true } })
    const { token, setCookie } = c.generate('s')
    assert.equal(c.cookieName, 'csrf')
    assert.equal(setCookie, `csrf=${token}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax`)
    c.close()
  })
})

describe('check (Fetch Metadata / Origin, Go CrossOriginProtection)', () => {
  // [method, headers, allowed] — the cases of Go's TestCrossOriginProtectionSecFetchSite
  // and TestCrossOriginProtectionOriginHeader, through request-shaped input.
  const cases = [
    ['POST', { 'sec-fetch-site': 'same-origin' }, true],
    ['POST', { 'sec-fetch-site': 'none' }, true],
    ['POST', { 'sec-fetch-site': 'cross-site' }, false],
    ['POST', { 'sec-fetch-site': 'same-site' }, false],
    ['POST', {}, true],
    ['POST', { origin: 'https://example.com' }, true],
    ['POST', { origin: 'https://attacker.example' }, false],
    ['POST', { origin: 'null' }, false],
    ['GET', { 'sec-fetch-site': 'cross-site' }, true],
    ['HEAD', { 'sec-fetch-site': 'cross-site' }, true],
    ['OPTIONS', { 'sec-fetch-site': 'cross-site' }, true],
    ['PUT', { 'sec-fetch-site': 'cross-site' }, false],
    ['POST', { 'sec-fetch-site': 'cross-site', origin: 'https://trusted.example' }, true],
    ['POST', { 'sec-fetch-site': 'same-site', origin: 'https://trusted.example' }, true],
  ]
  let c
  before(() => {
    c = eg.csrf({ trustedOrigins: ['https://trusted.example'], bypassPatterns: ['/bypass/', 'POST /hook'] })
  })
  after(() => c.close())

  for (const [method, headers, allowed] of cases) {
    test(`${method} ${JSON.stringify(headers)} → ${allowed ? 'allowed' : 'refused'}`, () => {
      const now = Date.UTC(2026, 0, 1)
      const node = c.check({ method, url: '/x?y=1', headers: { host: 'example.com', ...headers } }, { now })
      const fetchReq = c.check(new Request('https://example.com/x?y=1', { method, headers }), { now })
      assert.equal(node.allowed, allowed)
      assert.deepEqual(fetchReq, node, 'a fetch Request and a Node-shaped request give one verdict')
      if (!allowed) {
        assert.equal(node.problem.status, 403)
        assert.equal(node.event.event, 'malicious_csrf')
        assert.equal(node.event.datetime, '2026-01-01T00:00:00Z')
        assert.equal(node.event.request_uri, '/x', 'the path without the query')
      }
      if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') assert.equal(node.vary, 'Sec-Fetch-Site, Origin')
    })
  }

  test('bypass patterns follow ServeMux, unclean paths are not exempt', () => {
    const req = (method, url) => ({ method, url, headers: { host: 'example.com', 'sec-fetch-site': 'cross-site' } })
    assert.equal(c.check(req('POST', '/bypass/a')).allowed, true)
    assert.equal(c.check(req('POST', '/hook')).allowed, true)
    assert.equal(c.check(req('PUT', '/hook')).allowed, false, 'the pattern names POST')
    assert.equal(c.check(req('POST', '/x/../bypass/a')).allowed, false, 'not served directly by ServeMux')
  })

  test('log-only mode reports and allows', () => {
    const lo = eg.csrf({ logOnly: true })
    const v = lo.check({ method: 'POST', url: '/', headers: { host: 'a.example', 'sec-fetch-site': 'cross-site' } })
    assert.equal(v.allowed, true)
    assert.equal(v.blocked, true)
    assert.equal(v.event.fields.log_only, true)
    assert.equal(v.problem, undefined)
    lo.close()
  })

  test('with a session, unsafe methods also need the double-submit token', () => {
    const t = eg.csrf({ secrets: [SECRET] })
    const { token } = t.generate('sess')
    const post = (headers) => t.check({ method: 'POST', url: '/', headers: { host: 'a.example', 'sec-fetch-site': 'same-origin', ...headers } }, { sessionId: 'sess' })
    assert.equal(post({}).reason, 'csrf_token_missing')
    assert.equal(post({}).allowed, false)
    assert.equal(post({ cookie: `a=b; __Host-psifi.x-csrf-token=${token}`, 'x-csrf-token': token }).allowed, true)
    assert.equal(post({ cookie: `__Host-psifi.x-csrf-token=${token}`, 'x-csrf-token': flip(token) }).reason, 'csrf_token_mismatch')
    assert.equal(t.check({ method: 'GET', url: '/', headers: { host: 'a.example' } }, { sessionId: 'sess' }).allowed, true, 'safe methods need no token')
    assert.equal(post({ 'sec-fetch-site': 'cross-site', cookie: `__Host-psifi.x-csrf-token=${token}`, 'x-csrf-token': token }).reason,
      'cross_origin_sec_fetch_site', 'a valid token does not excuse a cross-site request')
    t.close()
  })
})

describe('request helpers', () => {
  test('header() reads Headers, Node headers (arrays, any case) and records', () => {
    assert.equal(header({ headers: new Headers({ Origin: 'o' }) }, 'origin'), 'o')
    assert.equal(header({ headers: { 'x-a': ['1', '2'] } }, 'x-a'), '1, 2')
    assert.equal(header({ headers: { Cookie: ['a=1', 'b=2'] } }, 'cookie'), 'a=1; b=2')
    assert.equal(header({ headers: {} }, 'origin'), undefined)
    assert.equal(header({}, 'origin'), undefined)
  })

  test('cookie() finds one cookie by exact name', () => {
    assert.equal(cookie('a=1; b=2;c=3', 'b'), '2')
    assert.equal(cookie('ab=1', 'a'), undefined)
    assert.equal(cookie('a=x=y', 'a'), 'x=y')
    assert.equal(cookie(undefined, 'a'), undefined)
  })
})

function flip(token) {
  return (token[0] === 'a' ? 'b' : 'a') + token.slice(1)
}
