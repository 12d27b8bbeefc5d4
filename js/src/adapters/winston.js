// winston adapter: a format that cleans every record with the module (one
// line, credentials redacted, session ids hashed; audit.Clean/RedactField in
// Go), and a helper that logs OWASP security events at their npm level.
// It needs no import of winston: a winston format is any object with a
// `transform(info)` method, which `winston.format.combine` accepts.
//
//   const logger = winston.createLogger({
//     format: winston.format.combine(winston.format.splat(), edgeguardFormat(eg), winston.format.json()),
//     transports: [new winston.transports.Console()],
//   })
//   logSecurityEvent(logger, eg, { event: 'authz_fail', userId, requestUri })

import { SECURITY_EVENT, cleanRecord, eventRecord } from '../audit.js'

/**
 * A winston format. Put it after `splat()` (so interpolated values are
 * cleaned too) and before the final `json()`/`printf()`.
 * @param {import('../core.js').Edgeguard} eg
 * @returns {{transform(info: Record<string | symbol, unknown>): Record<string | symbol, unknown>}}
 */
export function edgeguardFormat(eg) {
  return {
    transform(info) {
      if (info[SECURITY_EVENT]) return info
      const { level, ...members } = info
      const cleaned = cleanRecord(eg, members)
      // Mutate in place: winston keeps its own symbols (LEVEL, SPLAT,
      // MESSAGE) on the same object.
      for (const key of Object.keys(info)) if (key !== 'level') delete info[key]
      return Object.assign(info, cleaned)
    },
  }
}

/**
 * Logs a security event through a winston logger at the npm level of its
 * OWASP level (INFO → info, WARN → warn, CRITICAL → error).
 * @param {{log(info: object): unknown}} logger
 * @param {import('../core.js').Edgeguard} eg
 * @param {import('../index.js').SecurityEvent} event
 * @param {{appId?: string}} [options]
 */
export function logSecurityEvent(logger, eg, event, options) {
  const record = eventRecord(eg, event, options)
  logger.log({ ...record, message: record.event })
}
