import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, JWT_ERROR_CODES, RemoteJWKSet, createEdgeguard } from '../src/core.js'
import { jwtConfig, verifyJwt } from '../src/jwt.js'
import { webJwtCrypto } from '../src/jwt-sig-webcrypto.js'
import { wasmModule } from './helpers.js'

const b64 = (b) => Buffer.from(b).toString('base64url')
// Seconds now; read when a token is made, as key generation takes seconds.
const now = () => Math.floor(Date.now() / 1000)

// Test-only key pairs, one per key type, generated per run.
const keys = {
  RSA: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  'P-256': generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  'P-384': generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  Ed25519: generateKeyPairSync('ed25519'),
}
const secret = randomBytes(64)

// alg → [key pair name, node hash, extra sign options]
const ALGS = {
  HS256: [null, 'sha256'], HS384: [null, 'sha384'], HS512: [null, 'sha512'],
  RS256: ['RSA', 'sha256'], RS384: ['RSA', 'sha384'], RS512: ['RSA', 'sha512'],
  PS256: ['RSA', 'sha256', { padding: 6, saltLength: 32 }],
  PS384: ['RSA', 'sha384', { padding: 6, saltLength: 48 }],
  PS512: ['RSA', 'sha512', { padding: 6, saltLength: 64 }],
  ES256: ['P-256', 'sha256', { dsaEncoding: 'ieee-p1363' }],
  ES384: ['P-384', 'sha384', { dsaEncoding: 'ieee-p1363' }],
  ES512: ['P-521', 'sha512', { dsaEncoding: 'ieee-p1363' }],
  EdDSA: ['Ed25519', null],
}

/** Signs a compact JWS with node:crypto. */
function jws(alg, header, claims, privateKey) {
  const input = `${b64(JSON.stringify({ alg, ...header }))}.${b64(JSON.stringify(claims))}`
  const [pair, hash, opts] = ALGS[alg]
  const sig = pair === null
    ? createHmac(hash, privateKey ?? secret).update(input).digest()
    : sign(hash, Buffer.from(input), { key: privateKey ?? keys[pair].privateKey, ...opts })
  return `${input}.${b64(sig)}`
}

const claims = (extra = {}) => ({ sub: 'u1', iss: 'https://idp.test', aud: 'api', exp: now() + 3600, iat: now() - 10, ...extra })

function rejects(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof EdgeguardError, `expected EdgeguardError, got ${e}`)
    assert.equal(e.code, code, e.message)
    return true
  })
}

let eg
before(async () => {
  eg = await createEdgeguard(wasmModule)
})
after(() => eg.close())

describe('jwtVerifier', () => {
  test('every algorithm verifies with PEM and JWK keys; tampering fails', () => {
    for (const alg of Object.keys(ALGS)) {
      const [pair] = ALGS[alg]
      const token = jws(alg, { typ: 'JWT' }, claims())
      const keyOpts = pair === null
        ? [{ secret: b64(secret) }, { secret: new Uint8Array(secret) }, { key: { kty: 'oct', k: b64(secret) } }]
        : [{ key: keys[pair].publicKey.export({ type: 'spki', format: 'pem' }) }, { key: keys[pair].publicKey.export({ format: 'jwk' }) }]
      for (const k of keyOpts) {
        const v = eg.jwtVerifier({ algorithms: [alg], issuer: 'https://idp.test', audience: 'api', ...k })
        const { header, claims: c } = v.verify(token)
        assert.deepEqual(header, { alg, typ: 'JWT' }, alg)
        assert.equal(c.sub, 'u1')
        const [h, p, s] = token.split('.')
        const other = b64(JSON.stringify(claims({ sub: 'admin' })))
        rejects(() => v.verify(`${h}.${other}.${s}`), 'signature')
        v.close()
      }
    }
  })

  test('policy failures report their documented codes', () => {
    const v = eg.jwtVerifier({ algorithms: ['ES256'], key: keys['P-256'].publicKey.export({ format: 'jwk' }), issuer: 'https://idp.test', audience: 'api' })
    const cases = [
      [jws('ES256', {}, claims({ exp: now() - 60 })), 'expired'],
      [jws('ES256', {}, claims({ nbf: now() + 600 })), 'not_yet_valid'],
      [jws('ES256', {}, claims({ iss: 'https://evil.test' })), 'issuer'],
      [jws('ES256', {}, claims({ aud: 'other' })), 'audience'],
      [jws('ES256', {}, claims({ exp: undefined })), 'claim_missing'],
      [jws('ES256', { crit: ['exp'] }, claims()), 'crit'],
      [jws('HS256', {}, claims()), 'alg_not_allowed'],
      [`${b64('{"alg":"none"}')}.${b64(JSON.stringify(claims()))}.`, 'alg_not_allowed'],
      ['a.b', 'malformed'],
      ['.'.repeat(100_000), 'too_large'],
    ]
    for (const [token, code] of cases) {
      rejects(() => v.verify(token), code)
      assert.ok(JWT_ERROR_CODES.includes(code))
    }
    assert.throws(() => v.verify(42), (e) => e.code === 'malformed')
    // Claim errors name the claim.
    assert.throws(() => v.verify(cases[0][0]), (e) => e.detail?.claim === 'exp')
    v.close()
  })

  test('jose-style option names map to the module configuration', () => {
    const token = jws('EdDSA', {}, claims({ exp: now() - 3, iat: now() - 60 }))
    const key = keys.Ed25519.publicKey.export({ format: 'jwk' })
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], key }).verify(token), 'expired')
    assert.equal(eg.jwtVerifier({ algorithms: ['EdDSA'], key, clockTolerance: 60 }).verify(token).claims.sub, 'u1')
    assert.equal(eg.jwtVerifier({ algorithms: ['EdDSA'], key, clock_tolerance_s: 60 }).verify(token).claims.sub, 'u1')
    assert.deepEqual(jwtConfig({ algorithms: ['EdDSA'], maxTokenAge: 60, requiredClaims: ['jti'], jwks: { keys: [] } }).config,
      { algorithms: ['EdDSA'], max_age_s: 60, required_claims: ['jti'], keys: { jwks: { keys: [] } } })
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], key, clockTolerance: 5, clock_tolerance_s: 5 }), 'bad_config')
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], key, jwks: { keys: [] } }), 'bad_config')
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], key, clockTolerence: 5 }), 'bad_config')
    rejects(() => eg.jwtVerifier({ algorithms: ['RS256', 'HS256'], key: keys.RSA.publicKey.export({ type: 'spki', format: 'pem' }) }), 'bad_config')
    rejects(() => eg.jwtVerifier({ algorithms: ['HS256'], secret: b64(randomBytes(16)) }), 'key_weak')
    rejects(() => eg.jwtVerifier(null), 'bad_config')
  })
})

describe('verifyJwt', () => {
  test('verifies with a cached verifier', () => {
    const opts = { algorithms: ['HS256'], secret: b64(secret) }
    assert.equal(eg.verifyJwt(jws('HS256', {}, claims()), opts).claims.sub, 'u1')
    rejects(() => eg.verifyJwt(jws('HS256', {}, claims({ exp: 1 })), { ...opts }), 'expired')
    rejects(() => eg.verifyJwt('x', { algorithms: ['none'], secret: b64(secret) }), 'bad_config')
  })

  test('compiles once per distinct options, keeps at most 16', () => {
    const opened = []
    const fake = {
      open(kind, config) {
        const h = { kind, config, closed: false, close() { this.closed = true } }
        opened.push(h)
        return h
      },
      call(h) {
        return { header: {}, claims: { from: h.config } }
      },
    }
    const opts = { algorithms: ['HS256'], secret: 'x' }
    verifyJwt(fake, 't', opts)
    verifyJwt(fake, 't', { ...opts })
    assert.equal(opened.length, 1)
    verifyJwt(fake, 't', { ...opts, secret: new Uint8Array([1]) })
    assert.equal(opened.length, 2)
    for (let i = 0; i < 16; i++) verifyJwt(fake, 't', { ...opts, clockTolerance: i })
    assert.equal(opened.length, 18)
    assert.equal(opened.filter((h) => h.closed).length, 2, 'the two least recently used were closed')
  })
})

describe('authorize and jwtChallenge', () => {
  test('authorize takes a bare rule or a policy', () => {
    assert.deepEqual(eg.authorize({ roles: ['admin'] }, { roles: ['admin', 'x'] }), { ok: true })
    assert.deepEqual(eg.authorize({ scope: ['read', 'write'] }, { scope: 'read' }), { ok: false, code: 'insufficient_scope', missing: ['scope:write'] })
    assert.deepEqual(eg.authorize({ rule: { roles: ['admin'] }, roles_claim: '/realm/roles' }, '{"realm":{"roles":["admin"]}}'), { ok: true })
    rejects(() => eg.authorize({ roles: ['admin'] }, '{"roles":["admin"],"ROLES":[]}'), 'malformed')
    rejects(() => eg.authorize({ rule: {} }, {}), 'bad_config')
    rejects(() => eg.authorize({ role: ['admin'] }, {}), 'bad_config')
    rejects(() => eg.authorize(null, {}), 'bad_config')
    rejects(() => eg.authorize({ roles: ['a'] }, null), 'malformed')
  })

  test('jwtChallenge renders RFC 6750 responses', () => {
    assert.deepEqual(eg.jwtChallenge(), { status: 401, www_authenticate: 'Bearer' })
    const expired = (() => {
      try {
        eg.verifyJwt(jws('HS256', {}, claims({ exp: 1 })), { algorithms: ['HS256'], secret: b64(secret) })
      } catch (e) {
        return e
      }
    })()
    assert.deepEqual(eg.jwtChallenge(expired, { realm: 'api' }), {
      status: 401, error: 'invalid_token', error_description: 'the token expired',
      www_authenticate: 'Bearer realm="api", error="invalid_token", error_description="the token expired"',
    })
    const denied = eg.authorize({ scope: ['orders:read'] }, { scope: '' })
    const c = eg.jwtChallenge(denied)
    assert.equal(c.status, 403)
    assert.equal(c.scope, 'orders:read')
    assert.equal(eg.jwtChallenge(new TypeError('bug')).status, 500)
    assert.equal(eg.jwtChallenge(new EdgeguardError('trap', 'x')).status, 500)
    assert.equal(eg.jwtChallenge('jwks_timeout').status, 503)
    assert.equal(eg.jwtChallenge('jwks_timeout').www_authenticate, undefined)
  })
})

// A local identity provider serving a JWKS that the tests rotate.
class IdP {
  kids = []
  pairs = new Map()
  hits = 0
  delay = 0
  status = 200
  body = null

  serveKeys(...kids) {
    for (const kid of kids) if (!this.pairs.has(kid)) this.pairs.set(kid, generateKeyPairSync('ed25519'))
    this.kids = kids
  }

  token(kid) {
    if (!this.pairs.has(kid)) this.pairs.set(kid, generateKeyPairSync('ed25519'))
    return jws('EdDSA', { kid }, claims(), this.pairs.get(kid).privateKey)
  }

  async start() {
    this.server = createServer((req, res) => {
      this.hits++
      if (this.status === 302 && req.url !== '/moved') {
        // A client that followed this would get the keys.
        res.writeHead(302, { location: '/moved' })
        res.end()
        return
      }
      const body = this.body ?? JSON.stringify({ keys: this.kids.map((kid) => ({ ...this.pairs.get(kid).publicKey.export({ format: 'jwk' }), kid, use: 'sig' })) })
      setTimeout(() => {
        res.writeHead(req.url === '/moved' ? 200 : this.status, { 'content-type': 'application/json' })
        res.end(body)
      }, this.delay)
    })
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${this.server.address().port}/jwks.json`
    return this
  }

  stop() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(resolve))
  }
}

async function rejectsAsync(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof EdgeguardError, `expected EdgeguardError, got ${e}`)
    assert.equal(e.code, code, e.message)
    return true
  })
}

describe('remote JWKS', () => {
  let idp
  let clock
  const remote = (options = {}) => {
    const set = eg.createRemoteJWKSet(idp.url, { now: () => clock, ...options })
    return eg.jwtVerifier({ algorithms: ['EdDSA'], issuer: 'https://idp.test', jwks: set })
  }
  before(async () => {
    idp = await new IdP().start()
  })
  after(() => idp.stop())
  const reset = () => {
    clock = 1_800_000_000_000
    Object.assign(idp, { hits: 0, delay: 0, status: 200, body: null })
  }

  test('rotation: a new key verifies after one refetch, a removed key stops verifying', async () => {
    reset()
    idp.serveKeys('a')
    const v = remote()
    assert.equal((await v.verify(idp.token('a'))).header.kid, 'a')
    assert.equal(idp.hits, 1)
    idp.serveKeys('a', 'b')
    await rejectsAsync(v.verify(idp.token('b')), 'key_not_found') // cooling down
    assert.equal(idp.hits, 1)
    clock += 31_000
    assert.equal((await v.verify(idp.token('b'))).header.kid, 'b')
    assert.equal(idp.hits, 2)
    idp.serveKeys('b')
    clock += 10 * 60_000
    await rejectsAsync(v.verify(idp.token('a')), 'key_not_found')
    assert.equal(idp.hits, 3, 'the max-age refetch only: the kid refetch is cooling down')
    assert.equal((await v.verify(idp.token('b'))).header.kid, 'b')
    v.close()
  })

  test('a set rotated while a signature is being checked: the token is still verified, on the new handle', async () => {
    reset()
    idp.serveKeys('a')
    const web = webJwtCrypto(globalThis.crypto.subtle)
    const tokenA = idp.token('a')
    // A primitive that fails for tokenA once the set has rotated, sending
    // it back to the module after its handle was replaced.
    let reached
    const atGate = new Promise((resolve) => { reached = resolve })
    let release
    const gate = new Promise((resolve) => { release = resolve })
    const gated = {
      ...web,
      async verify(alg, key, token, n) {
        if (token !== tokenA) return web.verify(alg, key, token, n)
        reached()
        await gate
        throw new Error('primitive failed')
      },
    }
    const engine = await createEdgeguard(wasmModule, { jwtCrypto: [gated] })
    const v = engine.jwtVerifier({ algorithms: ['EdDSA'], issuer: 'https://idp.test', jwks: engine.createRemoteJWKSet(idp.url, { now: () => clock }) })
    const first = v.verify(tokenA)
    await atGate
    idp.serveKeys('a', 'b')
    clock += 11 * 60_000 // past the set's max age: the next verify refetches and re-opens
    assert.equal((await v.verify(idp.token('b'))).header.kid, 'b')
    assert.equal(idp.hits, 2)
    release()
    assert.equal((await first).header.kid, 'a')
    v.close()
    engine.close()
  })

  test('cooldown: unknown kids cause at most one refetch; concurrent callers share one fetch', async () => {
    reset()
    idp.serveKeys('a')
    idp.delay = 50
    const v = remote({ cooldownDuration: 60_000 })
    const first = await Promise.all(Array.from({ length: 20 }, () => v.verify(idp.token('a'))))
    assert.equal(first.length, 20)
    assert.equal(idp.hits, 1)
    clock += 120_000
    const forged = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => v.verify(idp.token(`forged-${i}`))))
    assert.ok(forged.every((r) => r.status === 'rejected' && r.reason.code === 'key_not_found'))
    assert.equal(idp.hits, 2)
    v.close()
  })

  test('failures have clear codes and cool down too', async () => {
    const cases = [
      // Generous numbers: the recovery fetch must finish within the timeout on a loaded machine.
      [{ delay: 1500 }, { timeoutDuration: 300 }, 'jwks_timeout'],
      [{ status: 502 }, {}, 'jwks_unavailable'],
      [{ status: 302 }, {}, 'jwks_unavailable'], // redirects are not followed
      [{ body: '<html>' }, {}, 'jwks_invalid'],
      [{ body: '{"kes":[]}' }, {}, 'jwks_invalid'],
      [{ body: `{"keys":[],"pad":"${'x'.repeat(2000)}"}` }, { maxBytes: 1000 }, 'jwks_unavailable'],
      // The module's strict parser judges the provider's exact bytes, as in the Go host.
      [{ body: '{"keys":[],"keys":[]}' }, {}, 'jwks_invalid'],
      [{ body: '{"keys":[{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}]}' }, {}, 'jwks_invalid'],
    ]
    for (const [server, options, code] of cases) {
      reset()
      idp.serveKeys('a')
      Object.assign(idp, server)
      const v = remote(options)
      const token = idp.token('a')
      await rejectsAsync(v.verify(token), code)
      const hits = idp.hits
      await rejectsAsync(v.verify(token), code)
      assert.equal(idp.hits, hits, `${code}: no retry within the cooldown`)
      Object.assign(idp, { delay: 0, status: 200, body: null })
      clock += 60_000
      assert.equal((await v.verify(token)).claims.sub, 'u1', `${code}: recovers`)
      v.close()
    }
  })

  test('fetch is called unbound, as browsers require', async () => {
    reset()
    idp.serveKeys('a')
    const options = {
      now: () => clock,
      // Browsers throw "Illegal invocation" when fetch's this is not the global.
      fetch(url, init) {
        if (this !== undefined) throw new TypeError('Illegal invocation')
        return fetch(url, init)
      },
    }
    const v = eg.jwtVerifier({ algorithms: ['EdDSA'], jwks: eg.createRemoteJWKSet(idp.url, options) })
    assert.equal((await v.verify(idp.token('a'))).claims.sub, 'u1')
    v.close()
  })

  test('configuration errors surface at once', () => {
    rejects(() => eg.createRemoteJWKSet('ftp://x/jwks'), 'bad_config')
    rejects(() => eg.createRemoteJWKSet('not a url'), 'bad_config')
    rejects(() => eg.createRemoteJWKSet('https://x/', { cooldownDuration: 60_000, cacheMaxAge: 1000 }), 'bad_config')
    rejects(() => eg.createRemoteJWKSet('https://x/', { timeout: 5 }), 'bad_config')
    const set = new RemoteJWKSet('https://127.0.0.1:1/')
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], isuer: 'x', jwks: set }), 'bad_config')
    rejects(() => eg.jwtVerifier({ algorithms: ['EdDSA'], keys: { pem: 'x' }, jwks: set }), 'bad_config')
  })
})
