// edgeguard/worker's guard() called directly with Request objects in Node
// (no server): what the HTTP tests cannot reach cheaply — option checks when
// the app is built, handler shapes, responses the handler returns, the
// logger, and random hostile requests.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { load } from 'edgeguard'
import { context, durableObjectStore, guard } from 'edgeguard/worker'

let eg
before(async () => {
  eg = await load()
})
after(() => eg?.close())

const ok = () => new Response('ok')
const req = (path = '/', init = {}) => new Request(`http://app.test${path}`, init)

test('options are checked when the app is built', () => {
  const cases = [
    [{ bogus: 1 }, /unknown option "bogus"/],
    [{ authorize: { scope: ['a'] } }, /authorize needs jwt/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ maxBodyBytes: 9 << 20 }, /maxBodyBytes/],
    [{ log: 'console' }, /log must be a function/],
    [{ clientIp: '1.2.3.4' }, /clientIp must be a function/],
    [{ sanitize: { fields: ['a'], polcy: 'ugc' } }, /unknown option "polcy"/],
    [{ sanitize: { fields: 'a' } }, /fields must be an array/],
    [{ csrf: { secrets: ['x'.repeat(43)] } }, /sessionId must be a function/],
    [{ rateLimit: { policy: { quota: 1, windowS: 1 }, keys: () => 'k' } }, /unknown option "keys"/],
  ]
  for (const [options, message] of cases) assert.throws(() => guard(eg, options, ok), { message }, JSON.stringify(options))
  assert.throws(() => guard(eg, null, ok), TypeError)
  assert.throws(() => guard(eg, {}, { fetch: 1 }), /handler must be a function/)
  // The module's own verdict on a configuration surfaces here too.
  assert.throws(() => guard(eg, { headers: { bogus: true } }, ok), { code: 'bad_config' })
  assert.throws(() => guard(eg, { jwt: { algorithms: ['HS256'] } }, ok))
  assert.throws(() => durableObjectStore({}), { code: 'bad_config' })
})

test('an engine not instantiated yet (workerd at global scope): options compile at the first request, a failure is a logged 500', async () => {
  const lazy = await load(undefined, { lazy: true })
  try {
    const lines = []
    const app = guard(lazy, { log: (l) => lines.push(l), headers: { bogus: true } }, ok)
    assert.equal(lazy.stats.instantiations, 0, 'guard() itself did not instantiate')
    const res = await app(req())
    assert.equal(res.status, 500)
    assert.equal((await res.json()).detail, undefined)
    assert.equal(lines.length, 1)
    assert.match(JSON.parse(lines[0]).description, /guard\(\) options do not compile: .*bogus/)
    const fine = guard(lazy, {}, (r) => new Response(context(r).nonce ?? 'none'))
    assert.equal((await fine(req())).headers.get('x-content-type-options'), 'nosniff')
  } finally {
    lazy.close()
  }
})

test('context() is only for requests that went through guard()', async () => {
  assert.throws(() => context(req()), /did not go through guard/)
  let seen
  const res = await guard(eg, {}, (r) => {
    seen = context(r)
    return ok()
  })(req('/?a=1&a=2&b=3'))
  assert.equal(res.status, 200)
  assert.deepEqual({ ...seen.query }, { a: ['1', '2'], b: '3' })
  assert.equal(seen.body, undefined)
  assert.throws(() => seen.csrfToken(), { code: 'bad_config' })
})

test('an object handler keeps its other members, its prototype and its this', async () => {
  class App {
    constructor () {
      this.name = 'app'
    }

    fetch () {
      return new Response(this.name)
    }

    scheduled () {
      return 'tick'
    }
  }
  const wrapped = guard(eg, {}, new App())
  assert.ok(wrapped instanceof App)
  assert.equal(wrapped.scheduled(), 'tick')
  assert.equal(await (await wrapped.fetch(req())).text(), 'app')
  const plain = { greeting: 'hi', fetch () { return new Response(this.greeting) } }
  assert.equal(await (await guard(eg, {}, plain).fetch(req())).text(), 'hi')
})

test('the handler\'s own headers win; X-Powered-By goes; headers: false adds none', async () => {
  const own = guard(eg, {}, () => new Response('x', { headers: { 'content-security-policy': "default-src 'none'", 'x-powered-by': 'PHP' } }))
  const res = await own(req())
  assert.equal(res.headers.get('content-security-policy'), "default-src 'none'")
  assert.equal(res.headers.get('x-powered-by'), null)
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  const bare = await guard(eg, { headers: false }, ok)(req())
  assert.equal(bare.headers.get('x-content-type-options'), null)
  assert.equal(bare.headers.get('content-security-policy'), null)
})

test('a handler that returns no Response, or throws, answers 500 and logs one event; a failing logger changes nothing', async () => {
  const lines = []
  const res = await guard(eg, { log: (l) => lines.push(l), appId: 'shop' }, () => 'text')(req('/x?token=1'))
  assert.equal(res.status, 500)
  assert.equal(res.headers.get('content-type'), 'application/problem+json')
  assert.equal(lines.length, 1)
  const event = JSON.parse(lines[0])
  assert.equal(event.event, 'sys_crash')
  assert.equal(event.request_uri, '/x?token=[REDACTED]', 'the module redacts secrets in the logged URI')
  assert.match(lines[0], /shop/)
  const loud = guard(eg, { log: () => { throw new Error('disk full') } }, () => { throw new Error('x') })
  assert.equal((await loud(req())).status, 500)
})

test('rate limits fail closed without a client address, and use the one clientIp gives', async () => {
  const lines = []
  const policy = { quota: 1, windowS: 60 }
  const anonymous = guard(eg, { log: (l) => lines.push(l), rateLimit: { policy } }, ok)
  assert.equal((await anonymous(req())).status, 500)
  assert.equal(JSON.parse(lines[0]).event, 'sys_crash')
  const known = guard(eg, { rateLimit: { policy }, clientIp: () => '198.51.100.1' }, ok)
  assert.equal((await known(req())).status, 200)
  assert.equal((await known(req())).status, 429)
  // A spoofed CF-Connecting-IP does not override what clientIp says.
  assert.equal((await known(req('/', { headers: { 'cf-connecting-ip': '192.0.2.9' } }))).status, 429)
})

test('the body is read once: raw bytes for any type, parsed for JSON and forms, 413 over the limit', async () => {
  let c
  const app = guard(eg, { maxBodyBytes: 16 }, (r) => {
    c = context(r)
    assert.equal(r.bodyUsed, true, 'the handler cannot read an unchecked copy')
    return ok()
  })
  await app(req('/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }))
  assert.equal(new TextDecoder().decode(c.bytes), 'hello')
  assert.equal(c.body, undefined)
  await app(req('/', { method: 'POST', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"a":[1]}' }))
  assert.deepEqual(c.body, { a: [1] })
  await app(req('/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '__proto__=x' }))
  assert.equal(c.body.__proto__, 'x', 'a form name is data, never a prototype')
  assert.equal(Object.getPrototypeOf(c.body), null)
  assert.equal((await app(req('/', { method: 'POST', body: 'x'.repeat(17) }))).status, 413)
  assert.equal((await app(req('/', { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{}' }))).status, 200)
  assert.equal((await app(req('/', { method: 'POST', headers: { 'content-type': 'application/json; charset="latin1"' }, body: '{}' }))).status, 415)
  assert.equal((await guard(eg, { maxBodyBytes: 0 }, ok)(req('/', { method: 'POST', body: 'x' }))).status, 413)
})

test('nested guards (one around a router, one per route): the body read once, sanitized by the outer, validated by the inner', async () => {
  let seen
  const route = guard(eg, { headers: false, maxBodyBytes: 64, validate: { text: { in: ['body'], isLength: { options: { max: 20 } } } } }, (r) => {
    seen = context(r)
    return Response.json(seen.validated)
  })
  const app = guard(eg, { headers: { contentSecurityPolicy: { preset: 'strict' } }, sanitize: { fields: ['text'] }, clientIp: () => '192.0.2.1', rateLimit: { policy: { quota: 100, windowS: 60 } } }, route)
  const post = (body) => app(req('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
  const res = await post({ text: '<b>x</b><script>alert(1)</script>' })
  assert.equal(res.status, 200)
  assert.deepEqual(await res.json(), { text: '<b>x</b>' }, 'the inner guard validated the outer guard\'s sanitized body')
  assert.ok(res.headers.get('content-security-policy').includes(`'nonce-${seen.nonce}'`), 'the outer CSP, with the nonce the handler saw')
  assert.equal(seen.rateLimit.allowed, true, 'what the outer guard found is in the inner context')
  assert.equal((await post({ text: 'x'.repeat(80) })).status, 413, 'the inner limit applies to the body the outer read')
})

test('random hostile requests: never an exception, never a 5xx', async () => {
  const app = guard(eg, {
    log: () => {},
    clientIp: () => '192.0.2.1',
    rateLimit: { policy: { quota: 1e6, windowS: 60 } },
    csrf: {},
    sanitize: { fields: ['a', 'b'] },
    validate: { a: { in: ['body'], optional: true, isLength: { options: { max: 50 } } }, q: { in: ['query'], optional: true, isInt: true } },
  }, ok)
  const types = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/x+json; charset=latin1', '', 'multipart/form-data; boundary=x']
  const pieces = ['{', '}', '[', ']', '"a"', ':', ',', '"\\ud800"', '%', '%zz', '&', '=', 'a', 'b', '__proto__', '<script>', '\u0000', '\\', '1e999', 'null']
  const pick = (list) => list[randomBytes(1)[0] % list.length]
  for (let i = 0; i < 300; i++) {
    const raw = randomBytes(1)[0] % 4 === 0
    const body = raw ? randomBytes(randomBytes(1)[0]) : Array.from({ length: randomBytes(1)[0] % 40 }, () => pick(pieces)).join('')
    const headers = { 'content-type': pick(types), 'sec-fetch-site': pick(['same-origin', 'none', 'same-site']) }
    const res = await app(req(`/p?q=${encodeURIComponent(pick(pieces))}`, { method: 'POST', headers, body }))
    assert.ok(res.status < 500, `${headers['content-type']} ${JSON.stringify(String(body))} → ${res.status} ${await res.text()}`)
  }
})
