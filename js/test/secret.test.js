import assert from 'node:assert/strict'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { fromB64url, toB64url } from '../src/secret.js'
import { wasmModule } from './helpers.js'

const K1 = new Uint8Array(32).fill(1)
const K2 = randomBytes(32)

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

function throwsCode(fn, code) {
  assert.throws(fn, (e) => e instanceof EdgeguardError && e.code === code, `expected ${code}`)
}

// docs/practices.md's recipe for opening an envelope with Node's crypto.
function nodeOpen(keys, env, ad = Buffer.alloc(0)) {
  const [v, kid, data] = env.split('.')
  const raw = Buffer.from(data, 'base64url')
  const d = createDecipheriv('aes-256-gcm', keys[kid], raw.subarray(0, 12))
  d.setAAD(Buffer.concat([Buffer.from(`${v}.${kid}.`), Buffer.from(ad)]))
  d.setAuthTag(raw.subarray(raw.length - 16))
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()])
}

// The reverse: an envelope sealed by Node's crypto.
function nodeSeal(kid, key, plaintext, ad = Buffer.alloc(0)) {
  const nonce = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, nonce)
  c.setAAD(Buffer.concat([Buffer.from(`v1.${kid}.`), Buffer.from(ad)]))
  const ct = Buffer.concat([c.update(plaintext), c.final()])
  return `v1.${kid}.${Buffer.concat([nonce, ct, c.getAuthTag()]).toString('base64url')}`
}

describe('keyring', () => {
  test('seal/open round trips text and bytes, bound to the associated data', () => {
    const kr = eg.keyring({ keys: { k1: K1 } })
    const env = kr.seal('card 4111 1111 1111 1111', 'user:42')
    assert.match(env, /^v1\.k1\.[A-Za-z0-9_-]+$/)
    assert.notEqual(kr.seal('card 4111 1111 1111 1111', 'user:42'), env, 'a fresh nonce per seal')
    assert.equal(kr.openString(env, 'user:42'), 'card 4111 1111 1111 1111')
    throwsCode(() => kr.open(env, 'user:43'), 'decrypt_failed')
    throwsCode(() => kr.open(env), 'decrypt_failed')
    const bin = new Uint8Array([0, 255, 128, 7])
    const benv = kr.seal(bin, new Uint8Array([1, 2]))
    assert.deepEqual(kr.open(benv, new Uint8Array([1, 2])), bin)
    throwsCode(() => kr.openString(benv, new Uint8Array([1, 2])), 'invalid_utf8')
    assert.deepEqual(kr.open(kr.seal('')), new Uint8Array(0))
    kr.close()
  })

  test('tampering, relabelling and garbage are refused with distinct codes', () => {
    const kr = eg.keyring({ keys: { k1: K1, k2: K1 }, primary: 'k1' })
    const env = kr.seal('x')
    const [v, , data] = env.split('.')
    const flipped = data.slice(0, -2) + (data.at(-2) === 'A' ? 'B' : 'A') + data.at(-1)
    throwsCode(() => kr.open(`${v}.k1.${flipped}`), 'decrypt_failed')
    throwsCode(() => kr.open(`${v}.k2.${data}`), 'decrypt_failed') // same key, other id: the header is authenticated
    throwsCode(() => kr.open(`${v}.k9.${data}`), 'unknown_key')
    throwsCode(() => kr.open('v2.k1.' + data), 'bad_envelope')
    throwsCode(() => kr.open('not an envelope'), 'bad_envelope')
    throwsCode(() => kr.open(42), 'bad_request')
    kr.close()
  })

  test('rotation: the primary seals, every key opens', () => {
    const old = eg.keyring({ keys: { k1: K1 } })
    const rotated = eg.keyring({ keys: { k2: toB64url(K2), k1: K1 } })
    const env = old.seal('secret')
    assert.equal(rotated.openString(env), 'secret')
    assert.match(rotated.seal('x'), /^v1\.k2\./, 'the first key is the default primary')
    old.close()
    rotated.close()
  })

  test('configuration errors', () => {
    throwsCode(() => eg.keyring({ keys: { k1: new Uint8Array(16) } }), 'bad_key')
    throwsCode(() => eg.keyring({ keys: {} }), 'bad_config')
    throwsCode(() => eg.keyring({ keys: { 'bad id': K1 } }), 'bad_key')
    throwsCode(() => eg.keyring({ keys: { k1: K1 }, primary: 'k2' }), 'bad_config')
    throwsCode(() => eg.keyring({ keys: { k1: K1 }, rotate: true }), 'bad_config')
    throwsCode(() => eg.keyring({ keys: { k1: 42 } }), 'bad_request')
  })
})

describe('interoperability with node:crypto', () => {
  test('Node opens what edgeguard seals', () => {
    const kr = eg.keyring({ keys: { k1: K1, k2: K2 }, primary: 'k2' })
    for (const [pt, ad] of [['hello', ''], ['', 'ad'], ['😀'.repeat(1000), 'x'], [randomBytes(4096), randomBytes(7)]]) {
      const env = kr.seal(pt, ad === '' ? undefined : ad)
      assert.deepEqual(nodeOpen({ k1: Buffer.from(K1), k2: K2 }, env, ad), Buffer.from(pt))
    }
    kr.close()
  })

  test('edgeguard opens what Node seals', () => {
    const kr = eg.keyring({ keys: { k1: K1, k2: K2 } })
    for (const [pt, ad] of [['hello', undefined], ['with ad', 'user:1'], [randomBytes(1000), randomBytes(3)]]) {
      const env = nodeSeal('k2', K2, Buffer.from(pt), ad ?? Buffer.alloc(0))
      assert.deepEqual(Buffer.from(kr.open(env, ad)), Buffer.from(pt))
    }
    const bad = nodeSeal('k1', K2, Buffer.from('x')) // labelled k1, sealed with k2
    throwsCode(() => kr.open(bad), 'decrypt_failed')
    kr.close()
  })
})

describe('passwords', () => {
  // From tests/vectors/secret.json (argon2id, OWASP parameters, checked with
  // the argon2 reference CLI) and jBCrypt's known answers.
  const ARGON = '$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0'
  const BCRYPT = '$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i'

  test('known hashes verify; wrong passwords do not', () => {
    assert.equal(eg.verifyPassword('correct horse battery staple', ARGON), true)
    assert.equal(eg.verifyPassword('Correct horse battery staple', ARGON), false)
    assert.equal(eg.verifyPassword('abc', BCRYPT), true)
    assert.equal(eg.verifyPassword('abd', BCRYPT), false)
  })

  test('hash → verify → needsRehash with the OWASP defaults', () => {
    const h = eg.hashPassword('p@ss wörd')
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    assert.equal(eg.verifyPassword('p@ss wörd', h), true)
    assert.equal(eg.verifyPassword('p@ss word', h), false)
    assert.equal(eg.needsRehash(h), false)
    assert.equal(eg.needsRehash(ARGON), false)
    assert.equal(eg.needsRehash(BCRYPT), true, 'migrate bcrypt to argon2id')
    assert.equal(eg.needsRehash(h, { argon2: { memoryKiB: 47104, time: 1, parallelism: 1, saltLen: 16, keyLen: 32 } }), true, 'other parameters')
  })

  test('bcrypt for migrations; its 72-byte limit is an error, not a truncation', () => {
    const hasher = eg.passwordHasher({ algorithm: 'bcrypt' })
    const h = hasher.hash('abc')
    assert.match(h, /^\$2[ab]\$10\$/)
    assert.equal(hasher.verify('abc', h), true)
    assert.equal(hasher.needsRehash(h), false)
    throwsCode(() => hasher.hash('x'.repeat(73)), 'password_too_long')
    hasher.close()
  })

  test('hostile and malformed hashes, bad options', () => {
    throwsCode(() => eg.verifyPassword('x', '$argon2id$v=19$m=4194304,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0'), 'hash_too_costly')
    throwsCode(() => eg.verifyPassword('x', 'plaintext'), 'bad_hash')
    throwsCode(() => eg.verifyPassword('x', '$argon2i$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0'), 'bad_hash')
    throwsCode(() => eg.verifyPassword(undefined, ARGON), 'bad_request')
    throwsCode(() => eg.hashPassword('x', { argon2: { memoryKiB: 1024, time: 1, parallelism: 1, saltLen: 16, keyLen: 32 } }), 'bad_config')
    throwsCode(() => eg.hashPassword('x', { cost: 12 }), 'bad_config')
    throwsCode(() => eg.hashPassword('x', { argon2: { memory: 1 } }), 'bad_config')
  })
})

test('base64url helpers agree with Buffer for every length', () => {
  for (let n = 0; n < 70; n++) {
    const b = randomBytes(n)
    assert.equal(toB64url(b), b.toString('base64url'), `length ${n}`)
    assert.deepEqual(Buffer.from(fromB64url(b.toString('base64url'))), b, `length ${n}`)
  }
})
