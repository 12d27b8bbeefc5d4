// The validate API (docs/validate.md): a Schema wraps one handle of kind
// "schema" (express-validator's checkSchema document), a Rule one handle of
// kind "validator" (a single validator.js validator or sanitizer). The
// engine's shortcuts (`validate`, `isValid`, `sanitizeValue`) keep recently
// used configurations compiled in a CompiledCache.

import { EdgeguardError } from './errors.js'

// The request locations express-validator reads (and the module accepts).
const LOCATIONS = ['body', 'query', 'params', 'headers', 'cookies']

// What eg.schema()'s options may hold: the wrapper keys of docs/validate.md.
// Checked here because a misspelt key would otherwise turn the wrapper into a
// bare schema with a field called "schema".
const SCHEMA_OPTIONS = new Set(['oneOf', 'unknown', 'unknownLocations', 'unknownMessage', 'showSecrets', 'defaultLocations'])

/**
 * An express-validator checkSchema document, compiled once.
 * Create it with `eg.schema(schema, options)`.
 */
export class Schema {
  #engine
  #handle
  /** @type {string[]} the locations the module reports the schema reads */
  #locations

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {import('./core.js').Handle} handle of kind "schema"
   */
  constructor(engine, handle) {
    this.#engine = engine
    this.#handle = handle
    // Asked once: serializing only these keeps a request's headers (with
    // its bearer token) out of every call whose schema does not read them.
    this.#locations = engine.call(handle, 'locations', '').locations
  }

  /**
   * Validates a request. `req` is `{body, query, params, headers, cookies}`
   * (each optional) or any object carrying them, such as an Express request:
   * only those five properties are read from it.
   * @param {object} req
   * @returns {{ok: boolean, errors: object[], data: object}} errors as
   *   express-validator's `validationResult(req).array()`, data as its
   *   `matchedData(req)`
   */
  validate(req) {
    const result = this.#engine.call(this.#handle, 'validate', requestJSON(req, this.#locations))
    return { ok: result.errors.length === 0, errors: result.errors, data: result.data }
  }

  /** Releases the compiled schema. Idempotent. */
  close() {
    this.#handle.close()
  }
}

/**
 * One validator.js validator (`check`) or sanitizer (`sanitize`) bound to its
 * options. Create it with `eg.validator(name, options)`.
 */
export class Rule {
  #engine
  #handle

  /**
   * @param {import('./core.js').Edgeguard} engine
   * @param {import('./core.js').Handle} handle of kind "validator"
   */
  constructor(engine, handle) {
    this.#engine = engine
    this.#handle = handle
  }

  /**
   * Whether `value` passes the validator (bad_request for a sanitizer).
   * @param {string} value
   * @returns {boolean}
   */
  check(value) {
    return this.#engine.call(this.#handle, 'check', stringInput(value)).valid
  }

  /**
   * The sanitized value (bad_request for a validator). Most sanitizers give a
   * string; toInt/toFloat a number, toBoolean a boolean, toDate an ISO string,
   * and null where validator.js gives NaN or an invalid Date (as JSON would).
   * @param {string} value
   * @returns {string | number | boolean | null}
   */
  sanitize(value) {
    return this.#engine.call(this.#handle, 'sanitize', stringInput(value)).value
  }

  /** Releases the compiled rule. Idempotent. */
  close() {
    this.#handle.close()
  }
}

/**
 * A least-recently-used cache of compiled configurations (anything with a
 * `close()`), keyed by a string the caller derives from the configuration.
 */
export class CompiledCache {
  #size
  /** @type {Map<string, {close(): void}>} */
  #entries = new Map()

  /** @param {number} size how many entries to keep */
  constructor(size) {
    this.#size = size
  }

  /**
   * The entry for `key`, compiling it with `compile()` on a miss; the least
   * recently used entry is closed when the cache is full.
   * @template {{close(): void}} T
   * @param {string} key
   * @param {() => T} compile
   * @returns {T}
   */
  get(key, compile) {
    let entry = this.#entries.get(key)
    if (entry) {
      this.#entries.delete(key) // re-inserted below as the most recent
    } else {
      entry = compile()
      if (this.#entries.size >= this.#size) {
        const [oldestKey, oldest] = this.#entries.entries().next().value
        this.#entries.delete(oldestKey)
        oldest.close()
      }
    }
    this.#entries.set(key, entry)
    return /** @type {T} */ (entry)
  }

  clear() {
    this.#entries.clear()
  }
}

/**
 * The module configuration of `eg.schema(schema, options)`: always the
 * wrapper form, so that a schema with a field named like a wrapper key is
 * never misread.
 * @param {object} schema
 * @param {object} [options]
 */
export function schemaConfig(schema, options) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new EdgeguardError('bad_config', 'schema must be a checkSchema object {field: {rules}}')
  }
  if (options === undefined) return { schema }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new EdgeguardError('bad_config', 'schema options must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!SCHEMA_OPTIONS.has(key)) {
      throw new EdgeguardError('bad_config', `unknown schema option ${JSON.stringify(key)} (${[...SCHEMA_OPTIONS].join(', ')})`,
        { detail: { option: key, reason: 'bad_option' } })
    }
  }
  return { ...options, schema }
}

/**
 * The module configuration of `eg.validator(name, options)`. As in a schema,
 * an array of options is the argument list.
 * @param {string} name
 * @param {unknown} [options]
 */
export function ruleConfig(name, options) {
  if (typeof name !== 'string' || name === '') throw new EdgeguardError('bad_config', 'a validator name must be a non-empty string')
  return options === undefined ? { name } : { name, options }
}

/**
 * A cache key for a configuration: its JSON text, key order included, since
 * a schema's key order is its chain order.
 * @param {unknown} config
 */
export function configKey(config) {
  let text
  try {
    text = JSON.stringify(config)
  } catch (cause) {
    throw new EdgeguardError('bad_config', `configuration is not serializable as JSON: ${cause.message}`, { cause })
  }
  if (text === undefined) throw new EdgeguardError('bad_config', 'configuration is not a JSON value')
  return text
}

/**
 * Serializes a request for the module. A plain object is sent whole, so that
 * the module rejects a misspelt location (`bad_request`) instead of the
 * field being silently treated as absent; any other object (an Express or
 * Node request) contributes only the five locations, or only `locations`
 * when given (those the schema reads: the others cannot change the result).
 * @param {unknown} req
 * @param {readonly string[]} [locations]
 */
export function requestJSON(req, locations = LOCATIONS) {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    throw new EdgeguardError('bad_request', 'request must be an object {body, query, params, headers, cookies}')
  }
  const proto = Object.getPrototypeOf(req)
  let doc = req
  if (proto !== Object.prototype && proto !== null) {
    doc = {}
    for (const loc of locations) if (req[loc] !== undefined) doc[loc] = req[loc]
  }
  let text
  try {
    text = JSON.stringify(doc)
  } catch (cause) {
    throw new EdgeguardError('bad_request', `request is not serializable as JSON: ${cause.message}`, { cause })
  }
  return text
}

// validator.js only takes strings (it throws a TypeError otherwise); so do we,
// rather than guess a conversion.
function stringInput(value) {
  if (typeof value !== 'string') {
    throw new EdgeguardError('bad_request', `validators take a string, not ${value === null ? 'null' : typeof value}`)
  }
  return value
}
