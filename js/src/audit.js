// The security-event API over kind "audit": OWASP Application Logging
// Vocabulary events as safe JSON lines (one line whatever the input, secrets
// redacted), and the same cleaning for arbitrary log records, which the
// winston and pino adapters (adapters/) use. All cleaning is the module's
// (audit.Clean, audit.RedactField/RedactValue in Go), so a JS host logs
// exactly what a Go host would.

import { EdgeguardError } from './errors.js'

/** The npm log level for each OWASP level (winston and pino share these names). */
export const NPM_LEVELS = Object.freeze({ INFO: 'info', WARN: 'warn', CRITICAL: 'error' })

// JavaScript member names → the module's (the OWASP vocabulary's) names.
const EVENT_NAMES = {
  event: 'event', level: 'level', datetime: 'datetime', description: 'description', reason: 'reason',
  requestId: 'request_id', userId: 'userid', sourceIp: 'source_ip', userAgent: 'useragent',
  requestMethod: 'request_method', requestUri: 'request_uri', hostname: 'hostname', fields: 'fields',
}

// One "audit" handle per engine and app id, opened on first use.
const handles = new WeakMap()

function auditHandle(engine, appId = '') {
  let byApp = handles.get(engine)
  if (!byApp) handles.set(engine, (byApp = new Map()))
  let h = byApp.get(appId)
  if (!h) {
    if (typeof appId !== 'string') throw new EdgeguardError('bad_config', 'audit: appId must be a string')
    // An application has one or a few ids; bound the cache anyway, so that
    // ids built per request cannot pile up handles.
    if (byApp.size >= 16) {
      const [oldest, old] = byApp.entries().next().value
      byApp.delete(oldest)
      old.close()
    }
    h = engine.open('audit', appId ? { app_id: appId } : {})
    byApp.set(appId, h)
  }
  return h
}

/**
 * One security event as a JSON line (no trailing newline).
 * @param {import('./core.js').Edgeguard} engine
 * @param {object} event see index.d.ts SecurityEvent
 * @param {{appId?: string}} [options]
 * @returns {string}
 */
export function securityEvent(engine, event, options = {}) {
  if (event === null || typeof event !== 'object') throw new EdgeguardError('bad_request', 'securityEvent: event must be an object')
  const input = {}
  for (const [k, v] of Object.entries(event)) {
    if (v === undefined) continue
    // Unknown names pass through unchanged, so the module's refusal names them.
    input[EVENT_NAMES[k] ?? k] = k === 'datetime' && v instanceof Date ? v.toISOString() : v
  }
  return engine.callRaw(auditHandle(engine, options.appId), 'event', JSON.stringify(input)).text
}

/**
 * Text with credentials redacted (JWTs, Bearer/Basic values, password
 * hashes, csrf tokens, sensitive name=value pairs) and control characters
 * made visible, so it stays one line in any sink.
 * @param {import('./core.js').Edgeguard} engine
 * @param {string} text
 * @returns {string}
 */
export function redact(engine, text) {
  if (typeof text !== 'string') throw new EdgeguardError('bad_request', 'redact: text must be a string')
  return engine.call(auditHandle(engine), 'redact', text)
}

// A fixed time for records that are only carried through the event op to
// have their fields cleaned; the time is discarded.
const EPOCH = '1970-01-01T00:00:00Z'

/**
 * Cleans a log record's members the way event fields are cleaned: values
 * under sensitive names redacted, session ids hashed, credentials redacted
 * inside strings, control characters escaped, at most 64 members and 4
 * levels deep. Values JSON cannot carry (functions, symbols) are dropped,
 * errors become their message.
 * @param {import('./core.js').Edgeguard} engine
 * @param {Record<string, unknown>} record
 * @returns {Record<string, unknown>}
 */
export function cleanRecord(engine, record) {
  const fields = JSON.parse(JSON.stringify(record, (_, v) => (v instanceof Error ? v.message : typeof v === 'bigint' ? String(v) : v)) ?? '{}')
  if (Object.keys(fields).length === 0) return {}
  const line = engine.callRaw(auditHandle(engine), 'event', JSON.stringify({ event: 'log_record', level: 'INFO', datetime: EPOCH, fields })).text
  return JSON.parse(line).fields ?? {}
}

/**
 * Marks a log record that is already a cleaned security event, so that the
 * log adapters do not clean it twice (a second pass would re-hash the hashed
 * session ids and break their correlation).
 */
export const SECURITY_EVENT = Symbol.for('edgeguard.securityEvent')

/**
 * A security event as a log record for winston or pino: the event's members,
 * the OWASP level as `owasp_level`, and `level` the npm level it maps to.
 * @param {import('./core.js').Edgeguard} engine
 * @param {object} event
 * @param {{appId?: string}} [options]
 * @returns {Record<string, unknown> & {level: string}}
 */
export function eventRecord(engine, event, options) {
  const { level, ...rest } = JSON.parse(securityEvent(engine, event, options))
  return { ...rest, level: NPM_LEVELS[level], owasp_level: level, [SECURITY_EVENT]: true }
}
