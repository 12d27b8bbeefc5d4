// The JWT API: verifiers over handles of kind "jwt" (docs/jwt.md), remote
// key sets re-opened as they rotate, authorization over kind "authz", and
// RFC 6750 challenges. Every verdict comes from the module; this file only
// shapes configurations and caches compiled handles. The signature
// primitive may run in the host (jwt-host.js), with the module's verdicts.

import { EdgeguardError } from './errors.js'
import { HostVerifier } from './jwt-host.js'
import { RemoteJWKSet } from './jwks.js'

/**
 * The codes a token, a verifier configuration, a remote key set or an
 * authorization can fail with (docs/jwt.md, "Error codes"). Errors thrown by
 * the JWT API are EdgeguardErrors with one of these codes, or one of
 * ERROR_CODES (bad_request, closed, …) for misuse of the engine.
 */
export const JWT_ERROR_CODES = Object.freeze([
  'malformed', 'too_large', 'alg_not_allowed', 'crit', 'typ', 'key_not_found', 'key_ambiguous',
  'signature', 'expired', 'not_yet_valid', 'issuer', 'audience', 'claim_missing', 'claim_invalid',
  'key_weak', 'bad_config', 'insufficient_scope', 'jwks_unavailable', 'jwks_timeout', 'jwks_invalid',
])

/**
 * A configuration already serialized: the engine passes `text` to the
 * module unchanged. Used for fetched JWK Sets, so that the module's strict
 * parser (duplicate and case-variant member names refused) sees the
 * provider's exact bytes, as in the Go host, rather than what JSON.parse
 * made of them.
 */
export class ConfigText {
  /** @param {string} text */
  constructor(text) {
    this.text = text
    Object.freeze(this)
  }
}

// jose-style option names (camelCase, as the API sketch and jose's
// jwtVerify use) and the module's names they stand for. Both spellings of
// one option at once are refused.
const ALIASES = Object.freeze({
  clockTolerance: 'clock_tolerance_s',
  maxTokenAge: 'max_age_s',
  requiredClaims: 'required_claims',
  requireExp: 'require_exp',
  maxTokenBytes: 'max_token_bytes',
  allowSymmetricJwks: 'allow_symmetric_jwks',
  cacheSize: 'cache_size',
})

/**
 * Turns verifier options into the module's configuration (docs/jwt.md):
 * module names pass through, jose-style names are renamed, and `key`
 * (a PEM string or a JWK object), `secret` (base64url text or bytes) and
 * `jwks` (a JWK Set object, or a RemoteJWKSet) become `keys`. `signatures`
 * ('host', the default, or 'module') is the host's own option and is taken
 * out. Anything else passes through for the module to judge (unknown names
 * are bad_config).
 * @param {object} options
 * @returns {{config: object, remote: RemoteJWKSet | null, signatures: 'host' | 'module'}}
 */
export function jwtConfig(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new EdgeguardError('bad_config', 'jwt: configuration must be an object')
  }
  const config = {}
  let keys = null
  let remote = null
  let signatures = 'host'
  const setKeys = (name, value) => {
    if (keys !== null) throw new EdgeguardError('bad_config', `jwt: "${name}" and another key source given; use exactly one of keys, key, secret, jwks`)
    keys = value
  }
  for (const [name, value] of Object.entries(options)) {
    if (name === 'keys') setKeys(name, value)
    else if (name === 'key') setKeys(name, typeof value === 'string' ? { pem: value } : { jwk: value })
    else if (name === 'secret') setKeys(name, { secret_b64url: typeof value === 'string' ? value : base64url(value) })
    else if (name === 'jwks') {
      setKeys(name, value instanceof RemoteJWKSet ? value : { jwks: value })
      if (value instanceof RemoteJWKSet) remote = value
    } else if (name === 'signatures') {
      if (value !== 'host' && value !== 'module') throw new EdgeguardError('bad_config', `jwt: "signatures" must be "host" or "module", not ${JSON.stringify(value)}`)
      signatures = value
    } else {
      const target = ALIASES[name] ?? name
      if (target in config) throw new EdgeguardError('bad_config', `jwt: "${name}" given twice (as ${target} too)`)
      config[target] = value
    }
  }
  if (keys !== null && !remote) config.keys = keys
  return { config, remote, signatures }
}

function base64url(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new EdgeguardError('bad_config', 'jwt: secret must be base64url text or a Uint8Array')
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
}

function checkToken(token) {
  if (typeof token !== 'string') throw new EdgeguardError('malformed', 'the token must be a string')
}

/**
 * Verifies tokens with one compiled configuration and fixed keys. `verify`
 * is synchronous: the signature primitive runs in the host where the
 * runtime has a synchronous one (node:crypto in Node, Deno and Bun), else
 * in the module. `verifyAsync` can also use WebCrypto (browsers, workerd).
 * Both give the module's verdict for every token.
 */
export class JwtVerifier {
  #engine
  #handle
  #host

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {object} config the module's configuration (see jwtConfig)
   * @param {readonly import('./jwt-host.js').JwtCrypto[]} [cryptos] the host's signature primitives; none: the module verifies
   */
  constructor(engine, config, cryptos = []) {
    this.#engine = engine
    this.#handle = engine.open('jwt', config)
    this.#host = new HostVerifier(engine, this.#handle, cryptos)
  }

  /**
   * Verifies `token`; throws an EdgeguardError with a JWT code otherwise.
   * @param {string} token
   * @returns {{header: object, claims: object}}
   */
  verify(token) {
    checkToken(token)
    return this.#host.verify(token)
  }

  /**
   * `verify`, free to use an asynchronous signature primitive (WebCrypto):
   * the fast path where the runtime has no synchronous one.
   * @param {string} token
   * @returns {Promise<{header: object, claims: object}>}
   */
  async verifyAsync(token) {
    checkToken(token)
    return this.#host.verifyAsync(token)
  }

  /** Releases the compiled configuration. Idempotent. */
  close() {
    this.#handle.close()
    // The imported keys go with the handle; later calls meet the closed
    // handle (bad_handle) in the module.
    this.#host = new HostVerifier(this.#engine, this.#handle, [])
  }
}

/**
 * Verifies tokens against a RemoteJWKSet: the configuration is re-opened
 * with each new version of the set, and a token whose key the set lacks
 * triggers one refresh (subject to the set's cooldown) and one more try.
 * `verify` is asynchronous because it may fetch.
 */
export class RemoteJwtVerifier {
  #engine
  #set
  #base // the configuration without keys, as JSON text "{…}"
  #cryptos
  /** @type {import('./core.js').Handle | null} */
  #handle = null
  /** @type {HostVerifier | null} the current handle's, with its imported keys */
  #host = null
  #generation = 0
  #closed = false

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {RemoteJWKSet} set
   * @param {object} config the module's configuration without keys
   * @param {readonly import('./jwt-host.js').JwtCrypto[]} [cryptos] the host's signature primitives; none: the module verifies
   */
  constructor(engine, set, config, cryptos = []) {
    this.#engine = engine
    this.#set = set
    this.#cryptos = cryptos
    this.#base = JSON.stringify(config)
    // Checked now against an empty set, so that a bad_config later can only
    // be the fetched set's fault (reported as jwks_invalid).
    engine.open('jwt', this.#withKeys('{"keys":[]}')).close()
  }

  #withKeys(jwksText) {
    const rest = this.#base.slice(1)
    return new ConfigText(`{"keys":{"jwks":${jwksText}}${rest === '}' ? '' : ','}${rest}`)
  }

  /**
   * Verifies `token` with the current keys.
   * @param {string} token
   * @returns {Promise<{header: object, claims: object}>}
   */
  async verify(token) {
    checkToken(token)
    const doc = await this.#set.get()
    try {
      return await this.#verifyWith(doc, token)
    } catch (err) {
      if (err?.code !== 'key_not_found') throw err
      let next
      try {
        next = await this.#set.refresh()
      } catch {
        throw err // no new keys: the token's key is unknown
      }
      if (next.generation === doc.generation) throw err
      return this.#verifyWith(next, token)
    }
  }

  /**
   * The same as `verify` (already asynchronous), for code that handles
   * both kinds of verifier alike.
   * @param {string} token
   * @returns {Promise<{header: object, claims: object}>}
   */
  verifyAsync(token) {
    return this.verify(token)
  }

  async #verifyWith(doc, token) {
    if (this.#closed) throw new EdgeguardError('bad_handle', 'this verifier was closed')
    // A caller that awaited an older generation uses the newer handle: the
    // set only ever moves forward.
    if (this.#handle === null || doc.generation > this.#generation) {
      let next
      try {
        next = this.#engine.open('jwt', this.#withKeys(doc.text))
      } catch (err) {
        if (err?.code === 'bad_config' || err?.code === 'key_weak' || err?.code === 'malformed') {
          const invalid = new EdgeguardError('jwks_invalid', `remote JWKS ${this.#set.url} refused by the verifier: ${err.code}: ${err.message}`, { cause: err })
          this.#set.invalidate(doc.generation, invalid)
          throw invalid
        }
        throw err
      }
      this.#handle?.close()
      this.#handle = next
      // Keys imported for the old set go with its handle.
      this.#host = new HostVerifier(this.#engine, next, this.#cryptos)
      this.#generation = doc.generation
    }
    const host = this.#host
    try {
      return await host.verifyAsync(token)
    } catch (err) {
      // A token whose primitive failed went back to the module after the
      // set rotated under it: the new handle answers.
      if (err?.code === 'bad_handle' && !this.#closed && this.#host !== host) return this.#host.verifyAsync(token)
      throw err
    }
  }

  /** Releases the compiled configuration. Idempotent. */
  close() {
    this.#closed = true
    this.#handle?.close()
    this.#handle = null
    this.#host = null
  }
}

/**
 * Opens a verifier for `options`: a JwtVerifier, or a RemoteJwtVerifier when
 * `options.jwks` is a RemoteJWKSet.
 * @param {import('./core.js').Edgeguard} engine
 * @param {object} options
 * @param {readonly import('./jwt-host.js').JwtCrypto[]} [cryptos] the engine's signature primitives
 */
export function openVerifier(engine, options, cryptos = []) {
  const { config, remote, signatures } = jwtConfig(options)
  const used = signatures === 'module' ? [] : cryptos
  return remote ? new RemoteJwtVerifier(engine, remote, config, used) : new JwtVerifier(engine, config, used)
}

// How many verifiers and policies the shortcuts keep compiled per engine:
// enough for every configuration an application uses at once, few enough
// that configurations built per request cannot exhaust the handle limit.
const SHORTCUT_CACHE_SIZE = 16

/** A least-recently-used map of closable values, per engine. */
class ClosingLRU {
  /** @type {Map<string, {close(): void}>} */
  #entries = new Map()

  get(key, make) {
    let v = this.#entries.get(key)
    if (v) {
      this.#entries.delete(key)
    } else {
      v = make()
      if (this.#entries.size >= SHORTCUT_CACHE_SIZE) {
        const [oldestKey, oldest] = this.#entries.entries().next().value
        this.#entries.delete(oldestKey)
        oldest.close()
      }
    }
    this.#entries.set(key, v)
    return v
  }

  get size() {
    return this.#entries.size
  }
}

const verifierCaches = new WeakMap()
const policyCaches = new WeakMap()
const challengeHandles = new WeakMap()
const remoteIds = new WeakMap()
let nextRemoteId = 1

function cacheFor(map, engine) {
  let c = map.get(engine)
  if (!c) map.set(engine, (c = new ClosingLRU()))
  return c
}

// A cache key for verifier options: their JSON, with each RemoteJWKSet
// standing for itself (by identity, not URL: two sets may differ in options).
function optionsKey(options) {
  try {
    return JSON.stringify(options, (_, v) => {
      if (v instanceof RemoteJWKSet) {
        if (!remoteIds.has(v)) remoteIds.set(v, nextRemoteId++)
        return `\u0000remote#${remoteIds.get(v)}`
      }
      if (v instanceof Uint8Array) return `\u0000bytes:${base64url(v)}`
      return v
    })
  } catch (cause) {
    throw new EdgeguardError('bad_config', `jwt: configuration is not serializable as JSON: ${cause.message}`, { cause })
  }
}

/**
 * `eg.verifyJwt(token, options)`: verifies with a verifier cached per
 * distinct options. Returns a promise when options.jwks is a RemoteJWKSet.
 * @param {import('./core.js').Edgeguard} engine
 * @param {string} token
 * @param {object} options
 * @param {readonly import('./jwt-host.js').JwtCrypto[]} [cryptos] the engine's signature primitives
 */
export function verifyJwt(engine, token, options, cryptos = []) {
  checkToken(token)
  return cacheFor(verifierCaches, engine).get(optionsKey(options), () => openVerifier(engine, options, cryptos)).verify(token)
}

/**
 * `eg.authorize(rule, claims)`: a policy decision. `rule` is a policy
 * object ({rule, roles_claim?, …}) or a bare rule (wrapped as {rule}).
 * claims is an object or its JSON text.
 * @param {import('./core.js').Edgeguard} engine
 * @param {object} rule
 * @param {object | string} claims
 * @returns {{ok: boolean, code?: string, missing?: string[]}}
 */
export function authorize(engine, rule, claims) {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    throw new EdgeguardError('bad_config', 'authorize: the rule must be an object')
  }
  const policy = 'rule' in rule ? rule : { rule }
  const text = typeof claims === 'string' ? claims : JSON.stringify(claims)
  if (text === undefined || claims === null || (typeof claims !== 'string' && typeof claims !== 'object')) {
    throw new EdgeguardError('malformed', 'authorize: the claims must be an object or its JSON text')
  }
  const handle = cacheFor(policyCaches, engine).get(optionsKey(policy), () => engine.open('authz', policy))
  return engine.call(handle, 'check', text)
}

/**
 * `eg.jwtChallenge(error, {realm})`: the RFC 6750 response for an outcome.
 * `error` is what verify or authorize produced: undefined/null (no token
 * was presented), an error with a `code` (an EdgeguardError), a denied
 * decision ({ok: false, code: 'insufficient_scope', missing}), or a code.
 * @param {import('./core.js').Edgeguard} engine
 * @param {unknown} error
 * @param {{realm?: string}} [options]
 * @returns {{status: number, error?: string, error_description?: string, scope?: string, www_authenticate?: string}}
 */
export function jwtChallenge(engine, error, options = {}) {
  const request = {}
  if (typeof error === 'string') {
    request.code = error
  } else if (error !== undefined && error !== null) {
    // An error without a JWT code (a TypeError, an engine 'timeout' or
    // 'trap') is the server's fault, not the token's: answered as
    // bad_config (500), where the module would map an unknown code to 401.
    request.code = JWT_ERROR_CODES.includes(error.code) ? error.code : 'bad_config'
    const missing = error.missing ?? error.detail?.missing
    if (Array.isArray(missing)) request.missing = missing
  }
  if (options?.realm !== undefined) request.realm = options.realm
  let handle = challengeHandles.get(engine)
  if (!handle) {
    // The challenge operation lives on the jwt and authz kinds; any policy
    // will do, it is not consulted.
    handle = engine.open('authz', { rule: { scope: ['challenge'] } })
    challengeHandles.set(engine, handle)
  }
  return engine.call(handle, 'challenge', JSON.stringify(request))
}

const decoderHandles = new WeakMap()

/**
 * `eg.decodeJwt(token)`: the header and claims of a compact JWS, NOT
 * verified (docs/jwt.md, "Unverified decode"): for display and logs, never
 * for a decision. The module's jwt_decode kind parses it exactly as a
 * verifier does (canonical base64url, strict JSON, 16 KiB cap) and throws
 * malformed, too_large or crit otherwise.
 * @param {import('./core.js').Edgeguard} engine
 * @param {string} token
 * @returns {{header: object, claims: object}}
 */
export function decodeJwt(engine, token) {
  checkToken(token)
  let handle = decoderHandles.get(engine)
  if (!handle) {
    handle = engine.open('jwt_decode', {})
    decoderHandles.set(engine, handle)
  }
  return engine.call(handle, 'decode', token)
}
