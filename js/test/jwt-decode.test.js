// eg.decodeJwt: the module's jwt_decode kind through the package (its rules
// are jwtcheck's tests and tests/vectors/jwt-decode.json; here, the JS
// surface: parsed result, error class and codes, argument checks).
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, test } from 'node:test'
import { EdgeguardError, createEdgeguard } from '../src/core.js'
import { wasmModule } from './helpers.js'

const b64 = (text) => Buffer.from(text).toString('base64url')

let eg
before(async () => {
  eg = await createEdgeguard(wasmModule)
})
after(() => eg.close())

test('decodeJwt returns header and claims, signature unchecked', () => {
  const token = `${b64('{"alg":"none","typ":"JWT"}')}.${b64('{"sub":"user-42","roles":["admin"],"n":1.5}')}.`
  assert.deepEqual(eg.decodeJwt(token), { header: { alg: 'none', typ: 'JWT' }, claims: { n: 1.5, roles: ['admin'], sub: 'user-42' } })
})

test('decodeJwt gives what verify gives for a token verify accepts', () => {
  const secret = Buffer.alloc(32, 7)
  const input = `${b64('{"alg":"HS256"}')}.${b64('{"sub":"u","exp":4102444800,"a":{"z":1,"b":[true,null]}}')}`
  const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
  const verified = eg.verifyJwt(token, { algorithms: ['HS256'], secret: new Uint8Array(secret) })
  assert.deepEqual(eg.decodeJwt(token), verified)
  assert.equal(JSON.stringify(eg.decodeJwt(token)), JSON.stringify(verified))
})

test('decodeJwt refuses what the verifier refuses to parse, with its codes', () => {
  const none = b64('{"alg":"none"}')
  const cases = [
    ['', 'malformed'],
    [`${none}.${b64('{}')}`, 'malformed'],
    [`${none}.a.b.c.d`, 'malformed'],
    [`${none}=.${b64('{}')}.`, 'malformed'],
    [`${none}.${b64('{"sub":"a","SUB":"b"}')}.`, 'malformed'],
    [`${none}.${b64('{"a":1,"a":2}')}.`, 'malformed'],
    [`${none}.${b64('{}')}.!!`, 'malformed'],
    [`${b64('{"alg":"HS256","b64":false}')}.${b64('{}')}.`, 'crit'],
    [`${none}.${b64(`{"a":"${'x'.repeat(16 << 10)}"}`)}.`, 'too_large'],
  ]
  for (const [token, code] of cases) {
    assert.throws(() => eg.decodeJwt(token), (err) => err instanceof EdgeguardError && err.code === code, `${token.slice(0, 60)}: ${code}`)
  }
})

test('decodeJwt takes a string only', () => {
  for (const bad of [undefined, null, 42, { token: 'a.b.c' }, Buffer.from('a.b.c')]) {
    assert.throws(() => eg.decodeJwt(bad), (err) => err instanceof EdgeguardError && err.code === 'malformed')
  }
})
