// pino adapter: options that clean every record with the module (the
// merging object through `formatters.log`, the message through
// `hooks.logMethod`), and a helper that logs OWASP security events.
//
//   const logger = pino(pinoOptions(eg))
//   logSecurityEvent(logger, eg, { event: 'excess_rate_limit_exceeded', sourceIp })

import { SECURITY_EVENT, cleanRecord, eventRecord, redact } from '../audit.js'

/**
 * pino options (merge yours in; if you set `formatters.log` or
 * `hooks.logMethod` yourself, call these from yours).
 * @param {import('../core.js').Edgeguard} eg
 */
export function pinoOptions(eg) {
  return {
    formatters: {
      log(obj) {
        return obj[SECURITY_EVENT] ? obj : cleanRecord(eg, obj)
      },
    },
    hooks: {
      // The message is interpolated here, before redaction, so that a
      // secret split between the template and an argument ("password=%s")
      // is seen whole.
      logMethod(args, method) {
        let [first, ...rest] = args
        let obj
        if (first instanceof Error) {
          obj = { err: first }
          if (rest.length === 0) rest = [first.message]
        } else if (first !== null && typeof first === 'object') {
          obj = first
        } else {
          rest = args
        }
        if (obj?.[SECURITY_EVENT]) return method.apply(this, args)
        const out = obj === undefined ? [] : [obj]
        if (rest.length > 0) out.push(redact(eg, interpolate(rest[0], rest.slice(1))))
        return method.apply(this, out)
      },
    },
  }
}

/**
 * Logs a security event through a pino logger at the npm level of its
 * OWASP level (INFO → info, WARN → warn, CRITICAL → error).
 * @param {Record<string, Function>} logger
 * @param {import('../core.js').Edgeguard} eg
 * @param {import('../index.js').SecurityEvent} event
 * @param {{appId?: string}} [options]
 */
export function logSecurityEvent(logger, eg, event, options) {
  const { level, ...record } = eventRecord(eg, event, options)
  record[SECURITY_EVENT] = true
  logger[level](record, record.event)
}

/**
 * printf-style interpolation as pino does it (%s %d %i %f %j %o %O %%);
 * arguments without a placeholder are appended with spaces.
 * @param {unknown} template
 * @param {unknown[]} params
 */
export function interpolate(template, params) {
  if (typeof template !== 'string') return [template, ...params].map(show).join(' ')
  let i = 0
  const out = template.replace(/%[sdifjoO%]/g, (m) => {
    if (m === '%%') return '%'
    if (i >= params.length) return m
    const p = params[i++]
    switch (m[1]) {
      case 's': return typeof p === 'object' && p !== null ? json(p) : String(p)
      case 'd': case 'f': return String(Number(p))
      case 'i': return String(Math.trunc(Number(p)))
      default: return json(p)
    }
  })
  return [out, ...params.slice(i).map(show)].join(' ')
}

function show(v) {
  return typeof v === 'string' ? v : json(v)
}

function json(v) {
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return '"[Circular]"'
  }
}
