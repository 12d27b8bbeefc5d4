// Types of `edgeguard/adapters/pino` (pino.js). Structural, so that they
// need no import of pino: the options merge into pino's LoggerOptions and
// the logger parameter accepts a pino Logger.

import type { Edgeguard, SecurityEvent } from '../core.js'

/** pino options that clean every record (merge yours in; call these from your own formatters.log / hooks.logMethod). */
export interface EdgeguardPinoOptions {
  formatters: { log(object: Record<string, unknown>): Record<string, unknown> }
  hooks: { logMethod(this: unknown, args: unknown[], method: (...args: any[]) => unknown): unknown }
}

export declare function pinoOptions(eg: Edgeguard): EdgeguardPinoOptions

/** A pino-shaped logger: one method per npm level a security event can have. */
export interface PinoLike {
  info(object: object, message?: string): unknown
  warn(object: object, message?: string): unknown
  error(object: object, message?: string): unknown
}

/** Logs a security event at the npm level of its OWASP level (INFO → info, WARN → warn, CRITICAL → error). */
export declare function logSecurityEvent(logger: PinoLike, eg: Edgeguard, event: SecurityEvent, options?: { appId?: string }): void

/** printf-style interpolation as pino does it (%s %d %i %f %j %o %O %%); arguments without a placeholder are appended with spaces. */
export declare function interpolate(template: unknown, params: unknown[]): string
