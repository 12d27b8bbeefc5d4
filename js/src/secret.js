// The secrets API: a Keyring over kind "aead" (AES-256-GCM envelopes with
// key ids, docs/practices.md), and password hashing over kind "password"
// (argon2id by default, bcrypt for migrations). The cryptography runs in the
// module; this file converts bytes and names.

import { compact, rejectUnknown } from './csrf.js'
import { EdgeguardError } from './errors.js'

/** Seals and opens envelopes `v1.<kid>.<base64url>` with one set of keys. */
export class Keyring {
  #engine
  #handle

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {{keys: Record<string, Uint8Array | string>, primary?: string}} config
   *   keys by id (32 bytes, raw or unpadded base64url); `primary` seals
   *   (default: the first id), all open.
   */
  constructor(engine, config) {
    const { keys, primary, ...rest } = config ?? {}
    rejectUnknown('keyring', rest)
    if (keys === null || typeof keys !== 'object') throw new EdgeguardError('bad_config', 'keyring: keys must be an object of id → key')
    const list = Object.entries(keys).map(([id, key]) => ({ id, key_b64url: typeof key === 'string' ? key : toB64url(bytes(key, 'key')) }))
    this.#engine = engine
    this.#handle = engine.open('aead', { keys: list, primary: primary ?? list[0]?.id ?? '' })
  }

  /**
   * Encrypts and authenticates `plaintext`, bound to `ad` (associated data:
   * opening needs the same), with a fresh random nonce.
   * @param {string | Uint8Array} plaintext
   * @param {string | Uint8Array} [ad]
   * @returns {string} the envelope
   */
  seal(plaintext, ad) {
    const input = typeof plaintext === 'string' ? { plaintext } : { plaintext_b64url: toB64url(bytes(plaintext, 'plaintext')) }
    Object.assign(input, adInput(ad))
    return this.#engine.call(this.#handle, 'seal', JSON.stringify(input)).envelope
  }

  /**
   * Opens an envelope. Throws decrypt_failed (any authentication failure),
   * bad_envelope or unknown_key.
   * @param {string} envelope
   * @param {string | Uint8Array} [ad]
   * @returns {Uint8Array}
   */
  open(envelope, ad) {
    return fromB64url(this.#open(envelope, ad).plaintext_b64url)
  }

  /**
   * Opens an envelope whose plaintext is text; invalid_utf8 otherwise.
   * @param {string} envelope
   * @param {string | Uint8Array} [ad]
   * @returns {string}
   */
  openString(envelope, ad) {
    const out = this.#open(envelope, ad)
    if (out.plaintext === undefined) throw new EdgeguardError('invalid_utf8', 'keyring: the plaintext is not UTF-8 text; use open()')
    return out.plaintext
  }

  /** Releases the keys held by the module. Idempotent. */
  close() {
    this.#handle.close()
  }

  #open(envelope, ad) {
    if (typeof envelope !== 'string') throw new EdgeguardError('bad_request', 'keyring: envelope must be a string')
    return this.#engine.call(this.#handle, 'open', JSON.stringify({ envelope, ...adInput(ad) }))
  }
}

/** Hashes and verifies passwords with one configuration. */
export class PasswordHasher {
  #engine
  #handle

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {object} [options] see index.d.ts PasswordOptions
   */
  constructor(engine, options = {}) {
    this.#engine = engine
    this.#handle = engine.open('password', passwordConfig(options))
  }

  /** @param {string} password @returns {string} a PHC string (argon2id) or $2b$ hash (bcrypt) */
  hash(password) {
    return this.#engine.call(this.#handle, 'hash', JSON.stringify({ password: text(password, 'password') })).hash
  }

  /**
   * Constant-time verification. A wrong password is false; a hash that does
   * not parse throws bad_hash, one over the cost bounds hash_too_costly.
   * @param {string} password @param {string} hash @returns {boolean}
   */
  verify(password, hash) {
    return this.#engine.call(this.#handle, 'verify', JSON.stringify({ password: text(password, 'password'), hash: text(hash, 'hash') })).ok
  }

  /**
   * Whether `hash` uses another algorithm or other parameters than this
   * configuration: after a successful verify, hash again and store it.
   * @param {string} hash @returns {boolean}
   */
  needsRehash(hash) {
    return this.#engine.call(this.#handle, 'needs_rehash', JSON.stringify({ hash: text(hash, 'hash') })).needs_rehash
  }

  /** Idempotent. */
  close() {
    this.#handle.close()
  }
}

function passwordConfig(options) {
  if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_config', 'password: options must be an object')
  const { algorithm, argon2, bcryptCost, maxMemoryKiB, maxTime, maxParallelism, maxBcryptCost, ...rest } = options
  rejectUnknown('password', rest)
  let a2
  if (argon2 !== undefined) {
    const { memoryKiB, time, parallelism, saltLen, keyLen, ...more } = argon2 ?? {}
    rejectUnknown('password: argon2', more)
    a2 = compact({ memory_kib: memoryKiB, time, parallelism, salt_len: saltLen, key_len: keyLen })
  }
  return compact({ algorithm, argon2: a2, bcrypt_cost: bcryptCost, max_memory_kib: maxMemoryKiB, max_time: maxTime,
    max_parallelism: maxParallelism, max_bcrypt_cost: maxBcryptCost })
}

/**
 * The hashers an engine's shortcuts (eg.hashPassword…) use, one per
 * distinct configuration, so that a configuration is compiled once.
 */
const hashers = new WeakMap()

/**
 * The engine's cached PasswordHasher for `options` (a handful at most: the
 * options of an application are constants).
 * @param {import('./core.js').Edgeguard} engine
 * @param {object} [options]
 * @returns {PasswordHasher}
 */
export function cachedHasher(engine, options = {}) {
  let byConfig = hashers.get(engine)
  if (!byConfig) hashers.set(engine, (byConfig = new Map()))
  const key = JSON.stringify(passwordConfig(options))
  let h = byConfig.get(key)
  if (!h) {
    if (byConfig.size >= 8) {
      const [oldest, old] = byConfig.entries().next().value
      byConfig.delete(oldest)
      old.close()
    }
    h = new PasswordHasher(engine, options)
    byConfig.set(key, h)
  }
  return h
}

function adInput(ad) {
  if (ad === undefined) return {}
  return typeof ad === 'string' ? { ad } : { ad_b64url: toB64url(bytes(ad, 'ad')) }
}

function text(v, what) {
  if (typeof v !== 'string') throw new EdgeguardError('bad_request', `${what} must be a string`)
  return v
}

function bytes(v, what) {
  if (v instanceof Uint8Array) return v
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  throw new EdgeguardError('bad_request', `${what} must be a string or bytes`)
}

/**
 * Unpadded base64url. btoa/atob exist in every host this package supports
 * (browsers, Node ≥ 16, Deno, Bun, workerd); Buffer does not.
 * @param {Uint8Array} b
 */
export function toB64url(b) {
  let bin = ''
  // In chunks: fromCharCode's argument count is bounded.
  for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000))
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * Decodes the module's unpadded base64url (which it always writes canonically).
 * @param {string} s
 */
export function fromB64url(s) {
  let bin
  try {
    bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'))
  } catch (cause) {
    throw new EdgeguardError('internal', 'unexpected base64url from the module', { cause })
  }
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
