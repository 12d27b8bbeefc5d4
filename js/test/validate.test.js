import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { CompiledCache, Rule, Schema, requestJSON } from '../src/validate.js'
import { wasmModule } from './helpers.js'

/** Asserts that fn throws an EdgeguardError with `code` (and returns it). */
function throwsCode(fn, code) {
  let caught
  assert.throws(fn, (e) => {
    assert.ok(e instanceof EdgeguardError, `expected EdgeguardError, got ${e}`)
    assert.equal(e.code, code, e.message)
    caught = e
    return true
  })
  return caught
}

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

// The sign-up schema of docs/validate.md (also the demo's and the benchmark's).
const signup = {
  email: { in: ['body'], trim: true, isEmail: { errorMessage: 'Enter a valid e-mail' }, normalizeEmail: true },
  password: { in: ['body'], isStrongPassword: { options: { minLength: 10 } } },
  age: { in: ['body'], optional: { options: { values: 'falsy' } }, isInt: { options: { min: 18 } }, toInt: true },
  'tags.*': { in: ['body'], trim: true, isLength: { options: { min: 1, max: 20 } } },
}

describe('eg.schema(): express-validator results', () => {
  test('a valid request: ok, no errors, sanitized data (matchedData)', () => {
    const s = eg.schema(signup)
    const r = s.validate({ body: { email: '  Ada@Example.COM ', password: 'Correct-horse-9', age: '36', tags: [' a ', 'b'] } })
    assert.deepEqual(r, {
      ok: true,
      errors: [],
      data: { email: 'ada@example.com', password: 'Correct-horse-9', age: 36, tags: ['a', 'b'] },
    })
    s.close()
  })

  test('errors: validationResult().array() shape, custom message, code and params, redaction', () => {
    const r = eg.validate(signup, { body: { email: 'ada@', password: 'short', age: '12', tags: ['ok', ''] } })
    assert.equal(r.ok, false)
    assert.deepEqual(r.errors, [
      // express-validator 7.3.2's order (checked with it): the chain with
      // fewer rules finishes first (docs/validate.md, "Order").
      { type: 'field', value: '[REDACTED]', msg: 'Invalid value', path: 'password', location: 'body', code: 'is_strong_password', params: [{ minLength: 10 }] },
      { type: 'field', value: '12', msg: 'Invalid value', path: 'age', location: 'body', code: 'is_int', params: [{ min: 18 }] },
      { type: 'field', value: '', msg: 'Invalid value', path: 'tags[1]', location: 'body', code: 'is_length', params: [{ min: 1, max: 20 }] },
      { type: 'field', value: 'ada@', msg: 'Enter a valid e-mail', path: 'email', location: 'body', code: 'is_email' },
    ])
    assert.deepEqual(r.data, { tags: ['ok'] }, 'only fields that passed are in data')
  })

  test('showSecrets: true shows the password in errors', () => {
    const r = eg.validate(signup, { body: { email: 'a@b.co', password: 'short' } }, { showSecrets: true })
    assert.deepEqual(r.errors.map((e) => e.value), ['short'])
  })

  test('unknown: "reject" (checkExact) and oneOf', () => {
    const s = eg.schema({ name: { in: ['body'], notEmpty: true } }, {
      unknown: 'reject',
      oneOf: [{ groups: [{ email: { in: ['query'], isEmail: true } }, { phone: { in: ['query'], isMobilePhone: { options: 'any' } } }], message: 'e-mail or phone' }],
    })
    const r = s.validate({ body: { name: 'x', extra: 1 }, query: { email: 'nope' } })
    // As express-validator with checkSchema, oneOf, checkExact mounted in that order.
    assert.deepEqual(r.errors.map((e) => [e.type, e.code, e.msg]), [
      ['alternative_grouped', 'one_of', 'e-mail or phone'],
      ['unknown_fields', 'unknown_fields', 'Unknown field(s)'],
    ])
    assert.deepEqual(r.errors[0].nestedErrors.map((g) => g.map((e) => [e.path, e.value])), [[['email', 'nope']], [['phone', undefined]]])
    assert.deepEqual(r.errors[1].fields, [{ path: 'extra', location: 'body', value: 1 }])
    assert.deepEqual(r.data, { name: 'x' })
    s.close()
  })

  test('every location; an Express-like request contributes only its five locations', () => {
    const schema = {
      id: { in: ['params'], isUUID: true },
      page: { in: ['query'], isInt: true, toInt: true },
      'x-api-version': { in: ['headers'], equals: { options: '2' } },
      session: { in: ['cookies'], isLength: { options: { min: 8 } } },
      title: { in: ['body'], trim: true, notEmpty: true },
    }
    class FakeRequest {
      constructor() {
        this.params = { id: '0f8fad5b-d9cb-469f-a165-70867728950e' }
        this.query = { page: '3' }
        this.headers = { 'x-api-version': '2', host: 'example.com' }
        this.cookies = { session: 'abcdefgh' }
        this.body = { title: ' Hi ' }
        this.socket = { self: this } // cyclic: serializing the whole request would throw
      }
    }
    const r = eg.validate(schema, new FakeRequest())
    assert.deepEqual(r.errors, [])
    assert.deepEqual(r.data, { id: '0f8fad5b-d9cb-469f-a165-70867728950e', page: 3, 'x-api-version': '2', session: 'abcdefgh', title: 'Hi' })
  })

  test('a field named like a wrapper key is a field', () => {
    const r = eg.validate({ schema: { in: ['body'], isInt: true }, unknown: { in: ['body'], isAlpha: true } }, { body: { schema: 'x', unknown: 'y' } })
    assert.deepEqual(r.errors.map((e) => e.path), ['schema'])
  })

  test('non-string values are converted as express-validator converts them; arrays item by item', () => {
    const r = eg.validate({ n: { in: ['body'], isInt: { options: { max: 5 } } } }, { body: { n: [3, 9, null, { a: 1 }] } })
    assert.deepEqual(r.errors.map((e) => e.value), [9, null, { a: 1 }])
    assert.deepEqual(r.errors.map((e) => e.path), ['n', 'n', 'n'])
  })
})

describe('eg.validate(): the cache', () => {
  test('key order is chain order: a reordered schema is a different schema', () => {
    const ab = { a: { in: ['body'], isInt: true }, b: { in: ['body'], isInt: true } }
    const ba = { b: ab.b, a: ab.a }
    const req = { body: { a: 'x', b: 'y' } }
    assert.deepEqual(eg.validate(ab, req).errors.map((e) => e.path), ['a', 'b'])
    assert.deepEqual(eg.validate(ba, req).errors.map((e) => e.path), ['b', 'a'])
    assert.deepEqual(eg.validate(ab, req).errors.map((e) => e.path), ['a', 'b'])
  })

  test('options are part of the key', () => {
    const s = { password: { in: ['body'], isLength: { options: { min: 8 } } } }
    const req = { body: { password: 'x' } }
    assert.equal(eg.validate(s, req).errors[0].value, '[REDACTED]')
    assert.equal(eg.validate(s, req, { showSecrets: true }).errors[0].value, 'x')
  })

  test('LRU: one compilation per key, the least recently used entry is closed past the size', () => {
    const made = []
    const compile = (k) => () => {
      const e = { k, closed: false, close() { this.closed = true } }
      made.push(e)
      return e
    }
    const cache = new CompiledCache(3)
    const a = cache.get('a', compile('a'))
    assert.equal(cache.get('a', compile('a')), a)
    cache.get('b', compile('b'))
    cache.get('c', compile('c'))
    cache.get('a', compile('a')) // a is now the most recent, b the oldest
    cache.get('d', compile('d'))
    assert.deepEqual(made.map((e) => [e.k, e.closed]), [['a', false], ['b', true], ['c', false], ['d', false]])
  })

  test('a failed compilation is not cached', () => {
    const cache = new CompiledCache(2)
    assert.throws(() => cache.get('x', () => { throw new Error('boom') }), /boom/)
    assert.equal(cache.get('x', () => ({ ok: 1, close() {} })).ok, 1)
  })

  test('a closed engine refuses every shortcut', async () => {
    const other = await load(wasmModule)
    other.close()
    throwsCode(() => other.validate(signup, { body: {} }), 'closed')
    throwsCode(() => other.isValid('isEmail', 'a@b.co'), 'closed')
    throwsCode(() => other.sanitizeValue('trim', ' x '), 'closed')
    throwsCode(() => other.schema(signup), 'closed')
  })
})

describe('bad input', () => {
  test('a malformed schema fails at compile time, naming the field and the rule', () => {
    const e = throwsCode(() => eg.schema({ email: { in: ['body'], isEmail: { options: { allow_display_nam: true } } } }), 'bad_config')
    assert.equal(e.detail.field, 'email')
    assert.equal(e.detail.rule, 'isEmail')
    assert.match(e.message, /allow_display_nam/)
    const unknown = throwsCode(() => eg.validate({ a: { isEmaill: true } }, { body: {} }), 'bad_config')
    assert.deepEqual([unknown.detail.field, unknown.detail.rule], ['a', 'isEmaill'])
  })

  test('schemas and options that are not objects, and unknown options', () => {
    for (const s of [null, 'email', [], 3]) throwsCode(() => eg.schema(s), 'bad_config')
    const e = throwsCode(() => eg.schema(signup, { unknwon: 'reject' }), 'bad_config')
    assert.equal(e.detail.option, 'unknwon')
    throwsCode(() => eg.schema(signup, []), 'bad_config')
    throwsCode(() => eg.schema(signup, { unknown: 'maybe' }), 'bad_config')
    throwsCode(() => eg.schema({ a: { custom: { options: 1 } } }), 'bad_config')
  })

  test('requests: not an object, a misspelt location, unserializable values', () => {
    const s = eg.schema(signup)
    for (const req of [null, undefined, 'body', [], 1]) throwsCode(() => s.validate(req), 'bad_request')
    throwsCode(() => s.validate({ boddy: { email: 'x' } }), 'bad_request')
    throwsCode(() => s.validate({ body: { n: 1n } }), 'bad_request')
    const cyclic = {}
    cyclic.self = cyclic
    throwsCode(() => s.validate({ body: cyclic }), 'bad_request')
    s.close()
    throwsCode(() => s.validate({ body: {} }), 'bad_handle')
  })

  test('requestJSON: plain objects whole (so the module can refuse typos), others by location', () => {
    assert.equal(requestJSON({ body: { a: 1 }, query: undefined }), '{"body":{"a":1}}')
    assert.equal(requestJSON(Object.assign(Object.create(null), { typo: 1 })), '{"typo":1}')
    assert.equal(requestJSON(new (class { constructor() { this.body = 1; this.app = 2 } })()), '{"body":1}')
    const req = new (class { constructor() { this.body = 1; this.headers = { a: 2 }; this.query = 3 } })()
    assert.equal(requestJSON(req, ['body', 'query']), '{"body":1,"query":3}')
    assert.equal(requestJSON({ body: 1, headers: 2 }, ['body']), '{"body":1,"headers":2}') // plain: whole
  })

  test('a request object sends only the locations the schema reads', () => {
    // A header the schema does not read is never serialized: a BigInt there
    // would make JSON.stringify throw.
    class Req { constructor(headers) { this.body = { age: '20' }; this.headers = headers } }
    const bodyOnly = eg.schema({ age: { in: ['body'], isInt: true, toInt: true } })
    assert.deepEqual(bodyOnly.validate(new Req({ n: 1n })), { ok: true, errors: [], data: { age: 20 } })
    const anywhere = eg.schema({ age: { isInt: true, toInt: true } })
    throwsCode(() => anywhere.validate(new Req({ n: 1n })), 'bad_request')
    assert.deepEqual(anywhere.validate(new Req({ age: 'x' })).errors.map((e) => e.location), ['headers'])
    const viaIf = eg.schema({ age: { in: ['body'], isInt: { if: { field: 'n', in: ['headers'], notEmpty: true } } } })
    throwsCode(() => viaIf.validate(new Req({ n: 1n })), 'bad_request')
    for (const s of [bodyOnly, anywhere, viaIf]) s.close()
  })
})

describe('single validators and sanitizers', () => {
  const checks = [
    // [name, options, value, want]: validator.js 13's verdicts.
    ['isEmail', undefined, 'ada@example.com', true],
    ['isEmail', undefined, 'Ada <ada@example.com>', false],
    ['isEmail', { allow_display_name: true }, 'Ada <ada@example.com>', true],
    ['isInt', { min: 18 }, '17', false],
    ['isInt', { min: 18 }, '18', true],
    ['isURL', undefined, 'https://example.com/a?b', true],
    ['isURL', undefined, 'javascript:alert(1)', false],
    ['isIP', 4, '192.168.0.1', true],
    ['isIP', 6, '192.168.0.1', false],
    ['isMobilePhone', ['en-GB', { strictMode: true }], '+447911123456', true],
    ['isMobilePhone', ['en-GB', { strictMode: true }], '07911123456', false],
    ['isStrongPassword', undefined, 'Correct-horse-9', true],
    ['isStrongPassword', undefined, 'password', false],
    ['isIn', [['a', 'b']], 'b', true],
    ['isUUID', 4, '0f8fad5b-d9cb-469f-a165-70867728950e', true],
  ]
  for (const [name, options, value, want] of checks) {
    test(`isValid ${name} ${JSON.stringify(options)} ${value}`, () => {
      assert.equal(eg.isValid(name, value, options), want)
    })
  }

  const sanitizers = [
    ['trim', undefined, '  x  ', 'x'],
    ['trim', 'x', 'xxaxx', 'a'],
    ['escape', undefined, '<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ['normalizeEmail', undefined, 'A.B+tag@GoogleMail.com', 'ab@gmail.com'],
    ['toInt', undefined, '42abc', 42],
    ['toInt', undefined, 'abc', null], // NaN, as JSON has it
    ['toFloat', undefined, '1.5e3', 1500],
    ['toBoolean', undefined, '0', false],
    ['toBoolean', true, 'yes', false],
    ['toDate', undefined, '2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['whitelist', 'abc', 'abcdef', 'abc'],
  ]
  for (const [name, options, value, want] of sanitizers) {
    test(`sanitizeValue ${name} ${JSON.stringify(options)} ${value}`, () => {
      assert.equal(eg.sanitizeValue(name, value, options), want)
    })
  }

  test('validator(): a Rule you own; the wrong operation, non-strings and unknown names', () => {
    const isEmail = eg.validator('isEmail', { allow_display_name: true })
    assert.ok(isEmail instanceof Rule)
    assert.equal(isEmail.check('Ada <ada@example.com>'), true)
    throwsCode(() => isEmail.sanitize('x'), 'bad_request')
    for (const v of [1, null, undefined, ['a'], { toString: () => 'a@b.co' }]) throwsCode(() => isEmail.check(v), 'bad_request')
    isEmail.close()
    isEmail.close()
    throwsCode(() => isEmail.check('a@b.co'), 'bad_handle')

    const trim = eg.validator('trim')
    throwsCode(() => trim.check('x'), 'bad_request')
    trim.close()

    const e = throwsCode(() => eg.validator('isEmal'), 'bad_config')
    assert.equal(e.detail.rule, 'isEmal')
    throwsCode(() => eg.validator(''), 'bad_config')
    throwsCode(() => eg.validator(42), 'bad_config')
    throwsCode(() => eg.isValid('isInt', '1', { mini: 1 }), 'bad_config')
  })

  test('validator(schema) is schema(schema): the form issue 4 names', () => {
    const v = eg.validator(signup, { showSecrets: true })
    assert.ok(v instanceof Schema)
    const r = v.validate({ body: { email: 'ada@example.com', password: 'short' } })
    assert.deepEqual(r.errors.map((e) => [e.path, e.value]), [['password', 'short']])
    v.close()
    throwsCode(() => eg.validator(['isEmail']), 'bad_config')
  })

  test('Schema and Rule are exported classes', () => {
    const s = eg.schema(signup)
    assert.ok(s instanceof Schema)
    s.close()
  })
})
