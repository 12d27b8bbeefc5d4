// The schema × request cases of the differential test: hand-written ones for
// every feature of docs/validate.md, and seeded random ones.
//
// A case is {name, schema, options?, request}: `schema` is the bare
// checkSchema object, `options` the wrapper keys of eg.schema() (oneOf,
// unknown, …), `request` {body, query, params, headers, cookies}.

/** The sign-up schema of docs/validate.md: ten fields, the benchmark's too. */
export const signupSchema = {
  email: { in: ['body'], trim: true, isEmail: { errorMessage: 'Enter a valid e-mail' }, normalizeEmail: true },
  password: { in: ['body'], isStrongPassword: { options: { minLength: 10 } }, errorMessage: 'Choose a stronger password' },
  passwordConfirm: { in: ['body'], exists: { bail: true }, isLength: { options: { min: 10 } } },
  name: { in: ['body'], trim: true, notEmpty: { bail: true }, isLength: { options: { max: 80 } }, escape: true },
  age: { in: ['body'], optional: { options: { values: 'falsy' } }, isInt: { options: { min: 13, max: 130 } }, toInt: true },
  website: { in: ['body'], optional: true, isURL: { options: { protocols: ['http', 'https'], require_protocol: true } } },
  country: { in: ['body'], isISO31661Alpha2: true, toUpperCase: true },
  phone: { in: ['body'], optional: true, isMobilePhone: { options: ['any', { strictMode: true }] } },
  'tags.*': { in: ['body'], trim: true, isLength: { options: { min: 1, max: 20 } }, toLowerCase: true },
  terms: { in: ['body'], isBoolean: { options: { strict: true } }, equals: { options: 'true' } },
}

/** A request that passes the sign-up schema. */
export const signupValid = {
  body: {
    email: '  Ada.Lovelace@Example.com ',
    password: 'Correct-horse-battery-9',
    passwordConfirm: 'Correct-horse-battery-9',
    name: 'Ada <Lovelace>',
    age: '36',
    website: 'https://ada.example.com/',
    country: 'gb',
    phone: '+447911123456',
    tags: [' Maths ', 'engines'],
    terms: true,
  },
}

/** A request that fails most of its fields. */
export const signupInvalid = {
  body: {
    email: 'ada@',
    password: 'password',
    name: '   ',
    age: '12',
    website: 'javascript:alert(1)',
    country: 'XX',
    phone: '12',
    tags: ['ok', '', 'x'.repeat(21)],
    terms: 'true',
  },
}

const b = (body) => ({ body })

/** Hand-written cases: each feature, with requests on both sides of it. */
export const handCases = [
  { name: 'signup/valid', schema: signupSchema, request: signupValid },
  { name: 'signup/invalid', schema: signupSchema, request: signupInvalid },
  { name: 'signup/empty', schema: signupSchema, request: b({}) },
  { name: 'signup/no-body', schema: signupSchema, request: {} },
  { name: 'messages/field-and-rule', schema: { a: { in: ['query'], errorMessage: 'field msg', isInt: true, isLength: { options: { max: 1 }, errorMessage: 'rule msg' } } }, request: { query: { a: 'xy' } } },
  { name: 'messages/i18n-object', schema: { a: { in: ['body'], isInt: { errorMessage: { key: 'not_int', n: 1 } } } }, request: b({ a: 'x' }) },
  { name: 'optional/undefined', schema: { a: { in: ['body'], optional: true, isInt: true }, b: { in: ['body'], optional: true, isInt: true } }, request: b({ b: null }) },
  { name: 'optional/null', schema: { a: { in: ['body'], optional: { options: { values: 'null' } }, isInt: true } }, request: b({ a: null }) },
  { name: 'optional/falsy', schema: { a: { in: ['body'], optional: { options: { values: 'falsy' } }, isEmail: true }, c: { in: ['body'], optional: { options: { checkFalsy: true } }, isEmail: true } }, request: b({ a: '', c: 0 }) },
  { name: 'optional/nullable', schema: { a: { in: ['body'], optional: { options: { nullable: true } }, isInt: true } }, request: b({ a: null }) },
  { name: 'coercion/numbers', schema: { n: { in: ['body'], isInt: { options: { max: 10 } } }, f: { in: ['body'], equals: { options: '0.000001' } }, g: { in: ['body'], equals: { options: '1e+21' } } }, request: b({ n: 11, f: 1e-6, g: 1e21 }) },
  { name: 'coercion/arrays-item-by-item', schema: { type: { in: ['query'], isIn: { options: [['new', 'old']] } } }, request: { query: { type: ['new', 'foo', 'bar'] } } },
  { name: 'coercion/object', schema: { a: { in: ['body'], isAlpha: true } }, request: b({ a: { x: 1 } }) },
  { name: 'coercion/null-bool', schema: { a: { in: ['body'], isEmpty: true }, t: { in: ['body'], equals: { options: 'true' } } }, request: b({ a: null, t: true }) },
  { name: 'wildcard/items', schema: { 'items.*.name': { in: ['body'], trim: true, notEmpty: true } }, request: b({ items: [{ name: ' a ' }, { name: '  ' }, {}] }) },
  { name: 'wildcard/empty', schema: { 'items.*.name': { in: ['body'], notEmpty: true } }, request: b({ items: [] }) },
  { name: 'wildcard/object-keys', schema: { 'prefs.*': { in: ['body'], isBoolean: true } }, request: b({ prefs: { a: 'true', b: 'maybe' } }) },
  { name: 'wildcard/nested', schema: { 'a.*.b.*': { in: ['body'], isInt: true, toInt: true } }, request: b({ a: [{ b: ['1', 'x'] }, { b: ['3'] }] }) },
  { name: 'globstar', schema: { '**.id': { in: ['body'], isInt: true } }, request: b({ a: { id: '1', b: { id: 'x' } }, id: '2' }) },
  { name: 'path/quoted', schema: { 'sites["www.example.com"]': { in: ['body'], isURL: true } }, request: b({ sites: { 'www.example.com': 'notaurl' } }) },
  { name: 'path/index', schema: { 'e[1]': { in: ['body'], isInt: true } }, request: b({ e: ['x', 'y'] }) },
  { name: 'bail/chain', schema: { a: { in: ['body'], isInt: { bail: true }, isLength: { options: { min: 5 } } } }, request: b({ a: 'x' }) },
  { name: 'bail/request', schema: { a: { in: ['body'], isInt: { bail: { level: 'request' } } }, b: { in: ['body'], isInt: true } }, request: b({ a: 'x', b: 'y' }) },
  { name: 'bail/request-passes', schema: { a: { in: ['body'], isInt: { bail: { level: 'request' } } }, b: { in: ['body'], isInt: true } }, request: b({ a: '1', b: 'y' }) },
  { name: 'if/skipped', schema: { other: { in: ['body'], isEmail: { if: { field: 'contact', in: ['body'], equals: { options: 'email' } } } } }, request: b({ contact: 'phone', other: '123' }) },
  { name: 'if/runs', schema: { other: { in: ['body'], isEmail: { if: { field: 'contact', in: ['body'], equals: { options: 'email' } } } } }, request: b({ contact: 'email', other: '123' }) },
  { name: 'if/exists', schema: { c: { in: ['body'], notEmpty: true }, d: { in: ['body'], isInt: { if: { field: 'c', in: ['body'], exists: true } } } }, request: b({ c: '', d: 'x' }) },
  { name: 'negated', schema: { u: { in: ['body'], contains: { options: 'admin', negated: true } } }, request: b({ u: 'superadmin' }) },
  { name: 'exists/variants', schema: { a: { in: ['body'], exists: true }, b: { in: ['body'], exists: { options: { values: 'null' } } }, c: { in: ['body'], exists: { options: { checkFalsy: true } } } }, request: b({ b: null, c: '' }) },
  { name: 'notEmpty/negated', schema: { a: { in: ['body'], notEmpty: { negated: true } } }, request: b({ a: 'x' }) },
  { name: 'isArray-isObject', schema: { tags: { in: ['body'], isArray: { options: { min: 1, max: 2 } } }, meta: { in: ['body'], isObject: true }, s: { in: ['body'], isObject: { options: { strict: false } } } }, request: b({ tags: ['a', 'b', 'c'], meta: [1], s: [1] }) },
  { name: 'isString', schema: { a: { in: ['body'], isString: true }, b: { in: ['body'], isString: true } }, request: b({ a: 1, b: 'x' }) },
  { name: 'isBoolean/strict', schema: { a: { in: ['body'], isBoolean: { options: { strict: true } } }, b: { in: ['body'], isBoolean: true } }, request: b({ a: 'true', b: 'true' }) },
  { name: 'sanitizers/coercion', schema: { n: { in: ['query'], toInt: true }, b: { in: ['query'], toBoolean: true }, f: { in: ['query'], toFloat: true }, d: { in: ['query'], default: { options: 'x' } }, t: { in: ['query'], toArray: true } }, request: { query: { n: '42px', b: 'false', f: 'abc', t: 'one' } } },
  { name: 'sanitizers/strings', schema: { a: { in: ['body'], trim: { options: 'x' }, escape: true }, c: { in: ['body'], blacklist: { options: 'abc' }, stripLow: true }, d: { in: ['body'], replace: { options: [['a', 'b'], 'z'] } }, e: { in: ['body'], toUpperCase: true, ltrim: true, rtrim: true } }, request: b({ a: 'xx<b>xx', c: 'abcdef\u0001g', d: 'a', e: '  up  ' }) },
  { name: 'sanitizers/normalizeEmail', schema: { e: { in: ['body'], normalizeEmail: { options: { gmail_remove_dots: false } } } }, request: b({ e: 'A.B+x@GoogleMail.com' }) },
  { name: 'sanitizers/toDate', schema: { d: { in: ['body'], toDate: true }, e: { in: ['body'], toDate: true } }, request: b({ d: '2024-02-29T12:00:00Z', e: 'nope' }) },
  { name: 'sanitizers/unescape', schema: { a: { in: ['body'], unescape: true, whitelist: { options: 'a-z<>' } } }, request: b({ a: '&lt;b&gt;x&amp;y' }) },
  { name: 'headers', schema: { 'x-api-version': { in: ['headers'], isInt: true } }, request: { headers: { 'x-api-version': 'v2', host: 'example.com' } } },
  { name: 'locations/several', schema: { id: { in: ['params', 'query'], isInt: true } }, request: { params: {}, query: { id: 'x' } } },
  { name: 'locations/absent-everywhere', schema: { id: { in: ['params', 'query'], isInt: true } }, request: { params: {}, query: {} } },
  { name: 'locations/default-all', schema: { id: { isInt: true } }, request: { query: { id: '1' }, cookies: { id: 'x' } } },
  { name: 'cookies', schema: { session: { in: ['cookies'], isLength: { options: { min: 8 } } } }, request: { cookies: { session: 'short' } } },
  { name: 'rule/false-skipped', schema: { a: { in: ['body'], isInt: false, isAlpha: null, isEmail: true } }, request: b({ a: 'x' }) },
  { name: 'validators/options', schema: { ip: { in: ['body'], isIP: { options: 4 } }, d: { in: ['body'], isISO8601: { options: { strict: true } } }, u: { in: ['body'], isUUID: { options: 4 } }, h: { in: ['body'], isHash: { options: 'sha256' } }, m: { in: ['body'], matches: { options: ['^a+$', 'i'] } } }, request: b({ ip: '::1', d: '2023-02-30', u: '0f8fad5b-d9cb-469f-a165-70867728950e', h: 'ab', m: 'AAa' }) },
  { name: 'validators/locale', schema: { p: { in: ['body'], isPostalCode: { options: 'GB' } }, a: { in: ['body'], isAlpha: { options: ['de-DE', { ignore: ' ' }] } }, c: { in: ['body'], isCreditCard: true }, i: { in: ['body'], isIBAN: true } }, request: b({ p: 'SW1A 1AA', a: 'Grüße dich', c: '4111111111111112', i: 'GB82WEST12345698765432' }) },
  { name: 'validators/numbers', schema: { f: { in: ['body'], isFloat: { options: { min: 0, max: 1 } } }, n: { in: ['body'], isNumeric: { options: { no_symbols: true } } }, d: { in: ['body'], isDecimal: { options: { decimal_digits: '2' } } }, cur: { in: ['body'], isCurrency: true } }, request: b({ f: '1.5', n: '-1', d: '1.234', cur: '$1,000.00' }) },
  { name: 'unknown/reject', schema: { name: { in: ['body'], notEmpty: true } }, options: { unknown: 'reject' }, request: { body: { name: 'x', extra: 1, nested: { y: 2 } }, query: { q: '1' } } },
  { name: 'unknown/reject-locations', schema: { name: { in: ['body'], notEmpty: true } }, options: { unknown: 'reject', unknownLocations: ['query'], unknownMessage: 'nope' }, request: { body: { extra: 1 }, query: { q: '1' } } },
  { name: 'unknown/reject-clean', schema: { 'a.*': { in: ['body'], isInt: true } }, options: { unknown: 'reject' }, request: b({ a: ['1', '2'] }) },
  { name: 'oneOf/grouped', schema: { name: { in: ['body'], notEmpty: true } }, options: { oneOf: [{ groups: [{ email: { in: ['body'], isEmail: true } }, { phone: { in: ['body'], isMobilePhone: { options: 'any' } } }], message: 'e-mail or phone' }] }, request: b({ name: '', email: 'x', phone: 'y' }) },
  { name: 'oneOf/least-errored', schema: {}, options: { oneOf: [{ groups: [{ a: { in: ['body'], isInt: true }, b: { in: ['body'], isInt: true } }, { c: { in: ['body'], isInt: true } }], errorType: 'least_errored' }] }, request: b({ a: 'x', b: 'y', c: 'z' }) },
  { name: 'oneOf/flat', schema: {}, options: { oneOf: [{ groups: [{ a: { in: ['body'], isInt: true } }, { c: { in: ['body'], isAlpha: true } }], errorType: 'flat' }] }, request: b({ a: 'x', c: '1' }) },
  { name: 'oneOf/passes', schema: {}, options: { oneOf: [{ groups: [{ a: { in: ['body'], isInt: true, toInt: true } }, { c: { in: ['body'], isAlpha: true } }] }] }, request: b({ a: '7', c: '1' }) },
]

// A linear congruential generator: the same seed gives the same cases in
// every Node version (Math.random cannot be seeded).
function generator(seed) {
  let s = seed
  const rnd = (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s % n
  }
  return { rnd, pick: (a) => a[rnd(a.length)] }
}

// Rules the random schemas draw from: validators, sanitizers, their options,
// bail (chain and request level), negation, if conditions, and a rule set to
// false (skipped by both).
const randomRules = [
  ['isInt', true], ['isAlpha', true], ['isEmail', { errorMessage: 'bad' }], ['isLength', { options: { min: 2, max: 4 } }],
  ['exists', true], ['notEmpty', true], ['isString', true], ['isArray', true],
  ['trim', true], ['escape', true], ['toInt', true], ['default', { options: 'd' }], ['toArray', true],
  ['toLowerCase', true], ['isInt', { bail: true }], ['isIn', { options: [['a', 'b', '1']] }], ['isInt', { negated: true }],
  ['exists', { options: { values: 'falsy' }, bail: true }], ['isInt', { if: { field: 'b', in: ['body'], exists: true } }],
  ['isAlpha', { if: { field: 'c', in: ['body', 'query'], trim: true, isInt: true }, errorMessage: 'x' }],
  ['customSanitizerX', false], ['isIn', { options: [[]], negated: true }], ['replace', { options: [['a', 1], 'z'] }],
  ['isLength', { options: { min: 1 }, bail: { level: 'request' } }], ['matches', { options: ['^a', 'i'] }],
  ['isURL', true], ['normalizeEmail', true], ['toBoolean', true], ['toFloat', true],
  ['isObject', true], ['isArray', { options: { max: 1 } }], ['stripLow', true], ['isNumeric', true],
  ['isBoolean', { options: { strict: true } }], ['toUpperCase', true], ['isEmpty', true], ['isFloat', { options: { min: 1 } }],
]
const randomValues = ['1', 'a', ' b ', '', null, 3, ['1', 'x'], { k: 1 }, 'ab@c.de', true, 'A1', 0, -2.5]
const randomPaths = ['a', 'b', 'c', 'd', 'e.*', 'g.h', 'g.*', 'e[1]', '**.h', '*']

/**
 * `count` random cases from `seed`: 1–4 fields with wildcards, globstars,
 * optional modes, one or two locations and 0–4 rules each, over requests
 * with strings, numbers, null, booleans, arrays and objects.
 * @param {number} seed
 * @param {number} count
 */
export function randomCases(seed, count) {
  const { rnd, pick } = generator(seed)
  const cases = []
  for (let i = 0; i < count; i++) {
    const schema = {}
    const body = {}
    const fields = 1 + rnd(4)
    for (let f = 0; f < fields; f++) {
      const cfg = { in: rnd(3) ? ['body'] : ['body', 'query'] }
      if (rnd(4) === 0) cfg.optional = pick([true, { options: { values: 'null' } }, { options: { values: 'falsy' } }])
      const rules = rnd(5)
      for (let r = 0; r < rules; r++) {
        const [k, v] = pick(randomRules)
        if (!(k in cfg)) cfg[k] = v
      }
      schema[pick(randomPaths)] = cfg
    }
    for (const k of ['a', 'b', 'c', 'd']) if (rnd(3)) body[k] = pick(randomValues)
    if (rnd(2)) body.e = [pick(randomValues), pick(randomValues)]
    if (rnd(2)) body.g = { h: pick(randomValues) }
    const query = {}
    if (rnd(2)) query[pick(['a', 'b', 'c'])] = pick(randomValues)
    const options = rnd(8) === 0 ? { unknown: 'reject' } : undefined
    cases.push({ name: `random/${seed}/${i}`, schema, options, request: { body, query } })
  }
  return cases
}
