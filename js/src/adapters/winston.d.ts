// Types of `edgeguard/adapters/winston` (winston.js). Structural, so that
// they need no import of winston: the format is assignable to winston's
// Format and the logger parameter accepts a winston Logger.

import type { Edgeguard, SecurityEvent } from '../core.js'

/** A log record as winston's formats pass it (logform's TransformableInfo). */
export interface LogInfo {
  level: string
  message: unknown
  [key: string | symbol]: unknown
}

/**
 * A winston format that cleans every record with the module (one line,
 * credentials redacted, session ids hashed). Put it after `splat()` and
 * before the final `json()` / `printf()`.
 */
export declare function edgeguardFormat(eg: Edgeguard): { transform(info: LogInfo): LogInfo }

/** What logSecurityEvent hands to `logger.log` (winston's LogEntry). */
export interface LogEntry {
  level: string
  message: string
  [key: string]: unknown
}

/** Logs a security event at the npm level of its OWASP level (INFO → info, WARN → warn, CRITICAL → error). */
export declare function logSecurityEvent(
  logger: { log(entry: LogEntry): unknown },
  eg: Edgeguard,
  event: SecurityEvent,
  options?: { appId?: string },
): void
