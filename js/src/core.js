// @ts-self-types="./core.d.ts"
// The Edgeguard engine: one module, one live instance at a time, JS-level
// handles that survive the replacement of that instance. Runtime-neutral: it
// takes a compiled WebAssembly.Module and never touches files or the network.

import { Reactor } from './abi.js'
import { EdgeguardError } from './errors.js'
import { EscaperCache, PolicyCache, Sanitizer } from './sanitize.js'
import { HeadersAPI } from './headers.js'
import { CompiledCache, Rule, Schema, configKey, ruleConfig, schemaConfig } from './validate.js'
import { consoleLog, encodeEnv } from './wasi.js'
import { ConfigText, authorize, decodeJwt, jwtChallenge, openVerifier, verifyJwt } from './jwt.js'
import { checkJwtCrypto } from './jwt-host.js'
import { RemoteJWKSet } from './jwks.js'
import { Csrf } from './csrf.js'
import { RateLimiter } from './ratelimit.js'
import { Keyring, PasswordHasher, cachedHasher } from './secret.js'
import { securityEvent, redact } from './audit.js'

export { EdgeguardError, ERROR_CODES } from './errors.js'
export { Sanitizer } from './sanitize.js'
export { JWT_ERROR_CODES, JwtVerifier, RemoteJwtVerifier } from './jwt.js'
export { RemoteJWKSet } from './jwks.js'
export { SecurityHeaders, newNonce } from './headers.js'
export { Rule, Schema } from './validate.js'
export { Csrf } from './csrf.js'
export { DurableObjectStore, MemoryStore, RateLimiter } from './ratelimit.js'
export { RedisStore } from './ratelimit-redis.js'
export { Keyring, PasswordHasher } from './secret.js'

const DEFAULT_MAX_MEMORY = 256 << 20

// Compiled schemas and rules kept by the validate shortcuts: enough for an
// application's forms, bounded so per-request schemas cannot exhaust handles.
const VALIDATE_CACHE_SIZE = 32

/** The module handle: always open, carries the stateless operations. */
const MODULE_HANDLE = 0

// Per-handle state, out of reach of callers: which engine owns the handle,
// what to reopen it from, and its number on the current instance.
const handleState = new WeakMap()

// Handles dropped without close() are released when collected, so that code
// that forgets close() cannot exhaust the module's handle limit (4096).
const dropped = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((state) => state.release()) : null

/** An opened configuration. Valid until `close()` or the engine's close. */
export class Handle {
  /** @param {number} id @param {string} kind */
  constructor(id, kind) {
    /** @readonly */
    this.id = id
    /** @readonly */
    this.kind = kind
    Object.freeze(this)
  }

  /** Releases the handle. Closing twice, or after the engine closed, does nothing. */
  close() {
    const state = handleState.get(this)
    handleState.delete(this)
    dropped?.unregister(this)
    state?.release()
  }
}

/**
 * Creates an engine from a compiled module.
 * @param {WebAssembly.Module} module
 * @param {import('./index.js').Options} [options]
 * @returns {Promise<Edgeguard>}
 */
export async function createEdgeguard(module, options = {}) {
  if (!(module instanceof WebAssembly.Module)) {
    throw new EdgeguardError('bad_request', 'createEdgeguard needs a WebAssembly.Module')
  }
  const eg = new Edgeguard(module, options)
  if (!options.lazy) await eg.ready()
  return eg
}

/** The engine. Use `load()` (or `createEdgeguard()` from 'edgeguard/core'). */
export class Edgeguard {
  #module
  #reactorOptions
  #maxMemory
  /** @type {Reactor | null} */
  #reactor = null
  #generation = 0
  /** @type {Promise<void> | null} */
  #pending = null
  #busy = false
  #closed = false
  #lazy
  // Set once the runtime refused `new WebAssembly.Instance` (Chromium's main
  // thread refuses it for modules over 8 MB): from then on, instances are
  // only ever created asynchronously.
  #syncRefused = false
  #nextId = 1
  #version = null
  #policies
  #escapers
  #headers
  #validateCache = new CompiledCache(VALIDATE_CACHE_SIZE)
  #jwtCrypto

  /**
   * @param {WebAssembly.Module} module
   * @param {import('./index.js').Options} options
   */
  constructor(module, options) {
    if (options === null || typeof options !== 'object') throw new EdgeguardError('bad_request', 'options must be an object')
    let env
    try {
      env = encodeEnv(options.env)
    } catch (cause) {
      throw new EdgeguardError('bad_request', cause.message, { cause })
    }
    const log = options.log ?? consoleLog
    if (typeof log !== 'function') throw new EdgeguardError('bad_request', 'options.log must be a function')
    const max = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY
    if (typeof max !== 'number' || !(max > 0)) throw new EdgeguardError('bad_request', 'options.maxMemoryBytes must be a positive number')
    this.#module = module
    this.#reactorOptions = { env, log }
    this.#maxMemory = max
    this.#jwtCrypto = checkJwtCrypto(options.jwtCrypto)
    this.#lazy = Boolean(options.lazy)
    this.#policies = new PolicyCache(this)
    this.#escapers = new EscaperCache(this)
    this.#headers = new HeadersAPI(this)
  }

  /**
   * Instantiates and initializes the module now, asynchronously, unless an
   * instance is already live. `load()` calls it unless `options.lazy`; call
   * it yourself where synchronous instantiation is refused (see README).
   * @returns {Promise<void>}
   */
  ready() {
    if (this.#closed) return Promise.reject(closedError())
    if (this.#reactor) return Promise.resolve()
    this.#pending ??= Reactor.instantiate(this.#module, this.#reactorOptions).then(
      (r) => {
        this.#pending = null
        if (!this.#closed && !this.#reactor) this.#adopt(r)
      },
      (cause) => {
        this.#pending = null
        throw unavailable(cause)
      },
    )
    return this.#pending
  }

  /**
   * Counters for monitoring: how many instances were created (more than one
   * means traps or memory recycling happened) and the live instance's memory.
   * @returns {{instantiations: number, memoryBytes: number}}
   */
  get stats() {
    return { instantiations: this.#generation, memoryBytes: this.#reactor?.memoryBytes ?? 0 }
  }

  /** `{abi, version}` as reported by the module's `version` operation. */
  get version() {
    this.#version ??= Object.freeze(this.call(MODULE_HANDLE, 'version'))
    return this.#version
  }

  /**
   * Sanitizes HTML with a preset name or a policy object. Each distinct
   * policy is compiled once and cached.
   * @param {string | Uint8Array} html
   * @param {string | object} [policy='ugc']
   * @returns {string}
   */
  sanitize(html, policy = 'ugc') {
    this.#checkOpen()
    return this.#policies.get(policy).sanitize(html)
  }

  /**
   * A sanitizer for one policy, compiled once; close it when done. With
   * `{trustedTypes: name}`, where the runtime has Trusted Types, it returns
   * TrustedHTML from a Trusted Types policy of that name (which sanitizes).
   * @param {string | object} [policy='ugc']
   * @param {{trustedTypes?: string}} [options]
   */
  sanitizer(policy = 'ugc', options = {}) {
    const handle = this.open('sanitize', policy)
    try {
      return new Sanitizer(this, handle, options)
    } catch (err) {
      handle.close()
      throw err
    }
  }

  /**
   * Escapes text for one output context: html, text, attr, url, js or css
   * (docs/sanitize.md). Unknown contexts are bad_config.
   * @param {string | Uint8Array} text
   * @param {string} [context='html']
   * @returns {string}
   */
  escape(text, context = 'html') {
    this.#checkOpen()
    return this.#escapers.escape(text, context)
  }

  /**
   * Compiles an express-validator checkSchema document (docs/validate.md);
   * close the Schema when done. `options` holds the wrapper keys: `unknown`,
   * `unknownLocations`, `unknownMessage`, `oneOf`, `showSecrets`,
   * `defaultLocations`.
   * @param {object} schema
   * @param {object} [options]
   */
  schema(schema, options) {
    return new Schema(this, this.open('schema', schemaConfig(schema, options)))
  }

  /**
   * Validates a request with a schema compiled once and cached (by its JSON
   * text). For a hot path, `schema()` once and reuse it.
   * @param {object} schema
   * @param {object} req `{body, query, params, headers, cookies}` or an Express request
   * @param {object} [options] as for `schema()`
   */
  validate(schema, req, options) {
    this.#checkOpen()
    const config = schemaConfig(schema, options)
    return this.#validateCache.get(`s${configKey(config)}`, () => this.schema(schema, options)).validate(req)
  }

  /**
   * One validator.js validator or sanitizer, by name, bound to its options
   * (an array is the argument list); close it when done. Given a schema
   * object instead of a name, it is `schema(schema, options)` (the form
   * issue 4 names: `eg.validator(schema).validate(req)`).
   * @param {string | object} name
   * @param {unknown} [options]
   */
  validator(name, options) {
    if (name !== null && typeof name === 'object' && !Array.isArray(name)) return this.schema(name, options)
    return new Rule(this, this.open('validator', ruleConfig(name, options)))
  }

  /**
   * Whether `value` passes validator.js's validator `name` (cached).
   * @param {string} name
   * @param {string} value
   * @param {unknown} [options]
   * @returns {boolean}
   */
  isValid(name, value, options) {
    return this.#cachedRule(name, options).check(value)
  }

  /**
   * `value` through validator.js's sanitizer `name` (cached).
   * @param {string} name
   * @param {string} value
   * @param {unknown} [options]
   */
  sanitizeValue(name, value, options) {
    return this.#cachedRule(name, options).sanitize(value)
  }

  #cachedRule(name, options) {
    this.#checkOpen()
    return this.#validateCache.get(`r${configKey(ruleConfig(name, options))}`, () => this.validator(name, options))
  }

  /**
   * One response's security headers from helmet options (null: helmet's
   * defaults): `{headers: {name: value}, remove: ['X-Powered-By'], nonce?}`.
   * Each option set is compiled once; per response only a fresh nonce is
   * drawn (crypto.getRandomValues) and filled in. A `nonce` you pass is
   * checked by the module instead.
   * @param {object | null} [options]
   * @param {{nonce?: string}} [init]
   */
  securityHeaders(options, init) {
    this.#checkOpen()
    return this.#headers.securityHeaders(options, init)
  }

  /**
   * helmet options compiled once: `.build()` per response, no cache lookup.
   * @param {object | null} [options]
   */
  compileSecurityHeaders(options) {
    this.#checkOpen()
    return this.#headers.compile(options)
  }

  /**
   * One Content-Security-Policy header, `{name, value, nonce?}`, from
   * directives and helmet/edgeguard CSP options (docs/headers.md).
   * @param {object | null} [directives]
   * @param {object} [options]
   */
  csp(directives, options) {
    this.#checkOpen()
    return this.#headers.csp(directives, options)
  }

  /**
   * csp-evaluator's findings for a policy string.
   * @param {string} policy
   * @param {object} [options] {version, strict, reporting, extra, wasm}
   */
  evaluateCsp(policy, options) {
    this.#checkOpen()
    return this.#headers.evaluateCsp(policy, options)
  }

  /** A policy string parsed: `{directives: [{name, values}], policy}`. @param {string} policy */
  parseCsp(policy) {
    this.#checkOpen()
    return this.#headers.parseCsp(policy)
  }

  /** CSP violation reports → `{events, ignored}`. @param {string | Uint8Array | object} body */
  parseCspReport(body) {
    this.#checkOpen()
    return this.#headers.parseCspReport(body)
  }

  /**
   * The source expression for an inline script or style, e.g. `'sha256-…'`.
   * @param {string} content
   * @param {'sha256' | 'sha384' | 'sha512'} [algorithm]
   */
  cspHash(content, algorithm) {
    this.#checkOpen()
    return this.#headers.cspHash(content, algorithm)
  }

  /**
   * CSRF protection: Fetch Metadata / Origin checks, and signed
   * double-submit tokens when `options.secrets` is given.
   * @param {object} [options]
   */
  csrf(options) {
    return new Csrf(this, options)
  }

  /**
   * A GCRA rate limiter for `policy` over `options.store` (default: a new
   * in-memory store).
   * @param {object} policy
   * @param {object} [options]
   */
  rateLimiter(policy, options) {
    return new RateLimiter(this, policy, options)
  }

  /**
   * AES-256-GCM envelopes with key ids for rotation.
   * @param {{keys: Record<string, Uint8Array | string>, primary?: string}} config
   */
  keyring(config) {
    return new Keyring(this, config)
  }

  /**
   * A password hasher you own (argon2id with OWASP's parameters by default).
   * @param {object} [options]
   */
  passwordHasher(options) {
    return new PasswordHasher(this, options)
  }

  /**
   * Hashes a password (argon2id PHC string by default); the hasher for
   * `options` is compiled once per engine.
   * @param {string} password
   * @param {object} [options]
   */
  hashPassword(password, options) {
    return cachedHasher(this, options).hash(password)
  }

  /**
   * Verifies a password against a stored hash in constant time.
   * @param {string} password
   * @param {string} hash
   * @param {object} [options]
   */
  verifyPassword(password, hash, options) {
    return cachedHasher(this, options).verify(password, hash)
  }

  /**
   * Whether a stored hash should be replaced (other algorithm or parameters).
   * @param {string} hash
   * @param {object} [options]
   */
  needsRehash(hash, options) {
    return cachedHasher(this, options).needsRehash(hash)
  }

  /**
   * A security event (OWASP vocabulary) as one safe JSON line.
   * @param {object} event
   * @param {{appId?: string}} [options]
   */
  securityEvent(event, options) {
    return securityEvent(this, event, options)
  }

  /**
   * Text with credentials redacted and control characters made visible.
   * @param {string} text
   */
  redact(text) {
    return redact(this, text)
  }

  /**
   * A JWT verifier for `options` (docs/jwt.md; jose-style names accepted):
   * `verify(token)` returns `{header, claims}` or throws a JWT code;
   * `verifyAsync(token)` may also use WebCrypto for the signature. With
   * `options.jwks` a RemoteJWKSet, `verify` returns a promise.
   * @param {object} options
   */
  jwtVerifier(options) {
    this.#checkOpen()
    return openVerifier(this, options, this.#jwtCrypto)
  }

  /**
   * Verifies a token with a verifier compiled once per distinct options.
   * @param {string} token
   * @param {object} options as for jwtVerifier
   */
  verifyJwt(token, options) {
    this.#checkOpen()
    return verifyJwt(this, token, options, this.#jwtCrypto)
  }

  /**
   * An authorization decision `{ok, code?, missing?}` for claims.
   * @param {object} rule a rule, or a policy `{rule, roles_claim?, …}`
   * @param {object | string} claims
   */
  authorize(rule, claims) {
    this.#checkOpen()
    return authorize(this, rule, claims)
  }

  /**
   * The RFC 6750 response (status, WWW-Authenticate) for a verification or
   * authorization outcome; `error` undefined means no token was presented.
   * @param {unknown} error
   * @param {{realm?: string}} [options]
   */
  jwtChallenge(error, options) {
    this.#checkOpen()
    return jwtChallenge(this, error, options)
  }

  /**
   * The header and claims of `token`, NOT verified (docs/jwt.md,
   * "Unverified decode"): to display or log a token, never to decide on it.
   * Parsed as strictly as `verify` parses; throws malformed, too_large or
   * crit.
   * @param {string} token
   * @returns {{header: object, claims: object}}
   */
  decodeJwt(token) {
    this.#checkOpen()
    return decodeJwt(this, token)
  }

  /**
   * A remote JWK Set (jose's createRemoteJWKSet semantics) to pass as
   * `jwks` to jwtVerifier or verifyJwt. It does not depend on this engine.
   * @param {string | URL} url
   * @param {object} [options]
   */
  createRemoteJWKSet(url, options) {
    return new RemoteJWKSet(url, options)
  }

  /**
   * Opens a configuration of `kind`. On a live instance the configuration is
   * compiled at once, so errors such as bad_config are thrown here; before
   * the first instantiation (lazy mode) they surface at the first call.
   * @param {string} kind
   * @param {unknown} [config] any JSON value; omitted means null
   * @returns {Handle}
   */
  open(kind, config) {
    this.#checkOpen()
    if (typeof kind !== 'string') throw new EdgeguardError('bad_request', 'kind must be a string')
    const state = { engine: this, kind, config: configJSON(config), native: 0, generation: -1 }
    state.release = () => this.#release(state)
    const handle = new Handle(this.#nextId++, kind)
    if (this.#reactor) this.#run((r) => this.#bind(r, state))
    handleState.set(handle, state)
    dropped?.register(handle, state, handle)
    return handle
  }

  /**
   * Runs operation `op` on a handle (or 0, the module handle). A text result
   * is returned as a string, a JSON result parsed.
   * @param {Handle | 0} handle
   * @param {string} op
   * @param {string | Uint8Array} [input]
   */
  call(handle, op, input) {
    const { json, text } = this.callRaw(handle, op, input)
    return json ? JSON.parse(text) : text
  }

  /**
   * Like `call`, but returns the result's exact text and whether it is JSON.
   * @param {Handle | 0} handle
   * @param {string} op
   * @param {string | Uint8Array} [input]
   * @returns {{json: boolean, text: string}}
   */
  callRaw(handle, op, input = '') {
    this.#checkOpen()
    const state = handle === MODULE_HANDLE ? null : this.#stateOf(handle)
    if (typeof op !== 'string') throw new EdgeguardError('bad_request', 'op must be a string')
    if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
      throw new EdgeguardError('bad_request', 'input must be a string or a Uint8Array')
    }
    return this.#run((r) => r.call(state ? this.#bind(r, state) : MODULE_HANDLE, op, input))
  }

  /** Closes the engine; every later call throws 'closed'. Idempotent. */
  close() {
    this.#closed = true
    this.#reactor = null
    this.#policies.clear()
    this.#escapers.clear()
    this.#headers.clear()
    this.#validateCache.clear()
  }

  // Closes a handle's module handle if it is open on the live instance;
  // otherwise there is nothing to free (a replaced instance took it along).
  #release(state) {
    const r = this.#reactor
    if (this.#closed || !r || state.generation !== this.#generation || this.#busy) return
    try {
      this.#run((live) => live.close(state.native))
    } catch {
      // A trap here already replaced the instance, which forgets the handle.
    }
  }

  #checkOpen() {
    if (this.#closed) throw closedError()
  }

  #stateOf(handle) {
    const state = handle instanceof Handle ? handleState.get(handle) : undefined
    if (!state || state.engine !== this) {
      throw new EdgeguardError('bad_handle', handle instanceof Handle ? 'handle is closed or belongs to another Edgeguard' : 'not a handle')
    }
    return state
  }

  // Opens a handle's configuration on the current instance, once per instance.
  #bind(reactor, state) {
    if (state.generation !== this.#generation) {
      state.native = reactor.open(state.kind, state.config)
      state.generation = this.#generation
    }
    return state.native
  }

  // Runs fn on a live instance, replacing an instance that trapped or grew
  // past the memory ceiling.
  #run(fn) {
    if (this.#busy) {
      // A log sink calling back into the engine while the module runs.
      throw new EdgeguardError('bad_request', 're-entrant call: the engine is busy in another call')
    }
    const r = this.#reactor ?? this.#instantiateSync()
    this.#busy = true
    try {
      return fn(r)
    } finally {
      this.#busy = false
      if (r.dead || r.memoryBytes > this.#maxMemory) this.#discard(r)
    }
  }

  #instantiateSync() {
    if (this.#syncRefused) {
      this.ready().catch(() => {})
      throw new EdgeguardError('unavailable', 'the instance is being re-created asynchronously; await eg.ready() and retry')
    }
    let r
    try {
      r = Reactor.instantiateSync(this.#module, this.#reactorOptions)
    } catch (cause) {
      if (cause instanceof RangeError) {
        // The runtime refuses synchronous instantiation of a module this
        // size (Chromium's main thread, over 8 MB). Start the asynchronous
        // one, so that a retry after `await eg.ready()` succeeds.
        this.#syncRefused = true
        this.ready().catch(() => {})
        throw new EdgeguardError('unavailable', `synchronous instantiation refused (${cause.message}); await eg.ready() and retry`, { cause })
      }
      throw unavailable(cause)
    }
    this.#adopt(r)
    return r
  }

  #adopt(r) {
    this.#reactor = r
    this.#generation++
  }

  // Drops an instance that trapped or grew too large. Unless the engine is
  // lazy, its replacement is created in the background right away, so that
  // the next call usually finds it ready instead of instantiating on its own
  // time (or, where synchronous instantiation is refused, failing).
  #discard(r) {
    if (this.#reactor !== r) return
    this.#reactor = null
    if ((!this.#lazy || this.#syncRefused) && !this.#closed) this.ready().catch(() => {})
  }
}

function closedError() {
  return new EdgeguardError('closed', 'this Edgeguard was closed')
}

function unavailable(cause) {
  if (cause instanceof EdgeguardError) return cause
  return new EdgeguardError('unavailable', `cannot instantiate the module: ${cause?.message ?? cause}`, { cause })
}

/**
 * Serializes a configuration; values JSON cannot represent are bad_config.
 * An omitted configuration is null, as in the Go host and the vectors.
 */
function configJSON(config) {
  if (config === undefined) return 'null'
  if (config instanceof ConfigText) return config.text
  let text
  try {
    text = JSON.stringify(config)
  } catch (cause) {
    throw new EdgeguardError('bad_config', `configuration is not serializable as JSON: ${cause.message}`, { cause })
  }
  if (text === undefined) throw new EdgeguardError('bad_config', 'configuration is not a JSON value')
  return text
}
