// Host signatures (docs/jwt.md, "Host signatures"): for RS*, PS*, ES* and
// EdDSA the module does everything but the signature primitive in one call
// (verify_prepare) and the host runs the primitive, natively; HS* and any
// token the host cannot check stay in the module. Every path gives the
// module's verdict: a primitive is only used for an algorithm after its
// known answers (jwt-sig-selftest.js), and any failure of a primitive (a
// key the runtime cannot import, an exception, a non-boolean answer) sends
// the token to the module's own verify: a failing primitive decides nothing.

import { EdgeguardError } from './errors.js'
import { selfTest } from './jwt-sig-selftest.js'
import { runAsync, runSync } from './jwt-steps.js'
import { webJwtCrypto } from './jwt-sig-webcrypto.js'

/**
 * A signature primitive (node:crypto, WebCrypto, or one of your own).
 * @typedef {object} JwtCrypto
 * @property {string} name for diagnostics
 * @property {boolean} sync whether importKey and verify return values (true) or promises
 * @property {(jwk: object, alg: string) => unknown} importKey a public JWK (kty and the key's members only) as a key for alg; throws (or rejects) when the runtime cannot use it
 * @property {(alg: string, key: unknown, token: string, signed: number) => boolean | Promise<boolean>} verify whether the base64url signature after token[signed] is alg's signature over the ASCII bytes token[0, signed) under key
 */

/**
 * The primitives an engine uses when its options name none: WebCrypto where
 * the runtime has it. The Node, Deno and Bun entries put node:crypto first.
 * @returns {JwtCrypto[]}
 */
export function defaultJwtCrypto() {
  const web = webJwtCrypto(globalThis.crypto?.subtle)
  return web ? [web] : []
}

/**
 * Checks an engine's `jwtCrypto` option.
 * @param {unknown} list
 * @returns {readonly JwtCrypto[]}
 */
export function checkJwtCrypto(list) {
  if (list === undefined) return Object.freeze(defaultJwtCrypto())
  const ok = Array.isArray(list) && list.every((c) => c !== null && typeof c === 'object' &&
    typeof c.importKey === 'function' && typeof c.verify === 'function' && typeof c.sync === 'boolean')
  if (!ok) throw new EdgeguardError('bad_request', 'options.jwtCrypto must be an array of signature primitives ({name, sync, importKey, verify})')
  return Object.freeze([...list])
}

/**
 * Verification over one opened jwt handle: the module's verdict, with the
 * signature primitive run by the host where it can. Keys are imported once
 * per handle, primitive and algorithm; a new handle needs a new HostVerifier.
 */
export class HostVerifier {
  #engine
  #handle
  #sync
  #all
  /** @type {object[] | null} the public JWKs, by the module's key index */
  #jwks = null
  // Imported keys: primitive → "index alg" → key, or a promise of one. A
  // failed synchronous import is kept as FAILED so that it is not retried.
  #imported = new Map()
  // Set when the module has no verify_prepare (built before the protocol).
  #moduleOnly = false

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {import('./core.js').Handle} handle a handle of kind jwt, owned by the caller
   * @param {readonly JwtCrypto[]} cryptos in order of preference; [] verifies in the module only
   */
  constructor(engine, handle, cryptos) {
    this.#engine = engine
    this.#handle = handle
    this.#all = cryptos
    this.#sync = cryptos.filter((c) => c.sync)
  }

  /**
   * The verdict with synchronous primitives only.
   * @param {string} token
   * @returns {{header: object, claims: object}}
   */
  verify(token) {
    if (this.#sync.length === 0) return this.#moduleVerify(token)
    return runSync(this.#steps(token, this.#sync))
  }

  /**
   * The verdict with any primitive, synchronous ones first.
   * @param {string} token
   * @returns {Promise<{header: object, claims: object}>}
   */
  async verifyAsync(token) {
    if (this.#all.length === 0) return this.#moduleVerify(token)
    return runAsync(this.#steps(token, this.#all))
  }

  #moduleVerify(token) {
    return this.#engine.call(this.#handle, 'verify', token)
  }

  // The protocol, written once for both drivers (jwt-steps.js).
  * #steps(token, cryptos) {
    const p = this.#prepare(token)
    if (p === NO_PREPARE) return this.#moduleVerify(token)
    checkPrepared(p, token)
    if (p.done) return p.done
    // Read now, while the handle is surely open (a remote set may replace
    // it while a primitive runs).
    this.#jwks ??= this.#engine.call(this.#handle, 'keys').keys.map((k) => k.jwk)
    for (const crypto of cryptos) {
      let verified
      try {
        if ((yield selfTest(crypto, p.alg)) !== true) continue
        const key = yield this.#key(crypto, p.key, p.alg)
        verified = yield crypto.verify(p.alg, key, token, p.signed)
      } catch {
        continue // this primitive cannot answer: the next one, or the module
      }
      if (typeof verified !== 'boolean') continue
      // The signature error wins over a claims error, as in the module.
      if (!verified) throw new EdgeguardError('signature', `${p.alg} signature does not verify`)
      if (p.error) throw new EdgeguardError(p.error.code, p.error.message, 'detail' in p.error ? { detail: p.error.detail } : {})
      return p.then
    }
    return this.#moduleVerify(token)
  }

  // verify_prepare's answer, or NO_PREPARE when the module predates it. Every
  // error before the signature is thrown here, exactly as verify reports it.
  #prepare(token) {
    if (this.#moduleOnly) return NO_PREPARE
    try {
      return this.#engine.call(this.#handle, 'verify_prepare', token)
    } catch (err) {
      if (err?.code !== 'unknown_op') throw err
      this.#moduleOnly = true
      return NO_PREPARE
    }
  }

  // The key at the module's index, imported for alg by crypto, once.
  #key(crypto, index, alg) {
    let keys = this.#imported.get(crypto)
    if (!keys) this.#imported.set(crypto, (keys = new Map()))
    const id = `${index} ${alg}`
    let key = keys.get(id)
    if (key === undefined) {
      const jwk = this.#jwks[index]
      if (!jwk) throw new EdgeguardError('internal', `verify_prepare named key ${index}, the verifier has ${this.#jwks.length}`)
      try {
        key = crypto.importKey(jwk, alg)
      } catch {
        key = FAILED
      }
      keys.set(id, key)
    }
    if (key === FAILED) throw new Error(`${crypto.name} cannot import key ${index} for ${alg}`)
    return key
  }
}

const FAILED = Symbol('import failed')
const NO_PREPARE = Symbol('no verify_prepare')

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const isResult = (v) => isObject(v) && isObject(v.header) && isObject(v.claims)

/**
 * Fails closed on a verify_prepare answer outside the protocol (say, a
 * module built from other sources than this package): without this, a
 * missing `then` would come back as an undefined "result". Exactly one of
 * done, then and error; a key index, an algorithm, and a `signed` that
 * ends at the token's second dot.
 * @param {any} p
 * @param {string} token
 */
export function checkPrepared(p, token) {
  const members = isObject(p) ? Object.keys(p) : []
  let ok
  if (members.length === 1 && members[0] === 'done') {
    ok = isResult(p.done)
  } else {
    ok = members.length === 4 &&
      Number.isInteger(p.key) && p.key >= 0 && typeof p.alg === 'string' &&
      Number.isInteger(p.signed) && p.signed > 0 && p.signed < token.length && token[p.signed] === '.' &&
      token.indexOf('.') < p.signed &&
      ('then' in p ? isResult(p.then) : isObject(p.error) && typeof p.error.code === 'string' && typeof p.error.message === 'string')
  }
  if (!ok) throw new EdgeguardError('internal', 'verify_prepare answered outside the protocol (module and package from different versions?)')
}
