// The log adapters' declarations against winston's and pino's own (the
// versions tests/logging pins): package.test.mjs links both into the
// installed project and runs `tsc --strict --noEmit` on this file, so a
// structural declaration that stops fitting the real library fails here.
// Never run, only type-checked.

import { load } from 'edgeguard'
import { edgeguardFormat, logSecurityEvent as winstonEvent } from 'edgeguard/adapters/winston'
import { logSecurityEvent as pinoEvent, pinoOptions } from 'edgeguard/adapters/pino'
import winston from 'winston'
import { pino } from 'pino'

const eg = await load()

// The README's winston set-up: the format between splat() and json().
const logger = winston.createLogger({
  format: winston.format.combine(winston.format.splat(), edgeguardFormat(eg), winston.format.json()),
  transports: [new winston.transports.Console()],
})
winstonEvent(logger, eg, { event: 'authz_fail', userId: 'u' }, { appId: 'app' })
// @ts-expect-error the factory, not a format
winston.format.combine(edgeguardFormat)

// pino: the options merged into LoggerOptions, the logger into logSecurityEvent.
const log = pino({ ...pinoOptions(eg), level: 'info' })
pinoEvent(log, eg, { event: 'authn_login_fail', level: 'WARN' })
const child = log.child({ requestId: 'r1' })
pinoEvent(child, eg, { event: 'authn_login_fail' })
// @ts-expect-error pinoOptions needs the engine
pino(pinoOptions())
