// The winston and pino adapters, against the real libraries (installed in
// ../tests/logging by scripts/setup.sh; skipped with a message otherwise):
// log injection stays on one line, secrets never reach the output, security
// events keep their hashed session ids and map to npm levels.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { interpolate, logSecurityEvent as pinoEvent, pinoOptions } from '../src/adapters/pino.js'
import { edgeguardFormat, logSecurityEvent as winstonEvent } from '../src/adapters/winston.js'
import { load } from '../src/entry-node.js'
import { wasmModule } from './helpers.js'

const peerDir = fileURLToPath(new URL('../../tests/logging/', import.meta.url))
const installed = existsSync(`${peerDir}node_modules/winston/package.json`) && existsSync(`${peerDir}node_modules/pino/package.json`)
const skip = installed ? false : 'winston/pino are not installed in tests/logging (run scripts/setup.sh)'
const peerRequire = installed ? createRequire(`${peerDir}package.json`) : null
const winston = peerRequire?.('winston')
const pino = peerRequire?.('pino')

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl'
const SECRETS = ['hunter2', JWT, 'sk_live_123', 'sess-42']
const INJECTION = 'joe\r\n{"level":"info","message":"admin logged in"}\u001b[2J'

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg?.close())

/** Every line written, parsed; and asserts the raw text is safe. */
function checkOutput(text) {
  const lines = text.split('\n').filter(Boolean)
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} leaked:\n${text}`)
  assert.ok(!/[\r\u001b]/.test(text), 'no raw CR or ESC')
  return lines.map((l) => JSON.parse(l))
}

function winstonLogger() {
  let text = ''
  const stream = new Writable({ write(chunk, _enc, cb) { text += chunk; cb() } })
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.combine(winston.format.splat(), edgeguardFormat(eg), winston.format.json()),
    transports: [new winston.transports.Stream({ stream })],
  })
  return { logger, output: async () => { await new Promise((r) => setImmediate(r)); return text } }
}

function pinoLogger() {
  let text = ''
  const logger = pino({ ...pinoOptions(eg), base: undefined, timestamp: false }, { write: (s) => { text += s } })
  return { logger, output: () => text }
}

describe('winston', { skip }, () => {
  test('records are cleaned: one line, secrets redacted', async () => {
    const { logger, output } = winstonLogger()
    logger.info(`login by ${INJECTION}`, { password: 'hunter2', headers: { authorization: `Bearer ${JWT}` }, session_id: 'sess-42' })
    logger.warn('retry with password=%s', 'hunter2')
    logger.error('failed', { err: new Error(`db said api_key=sk_live_123\nbye`) })
    const [a, b, c] = checkOutput(await output())
    assert.equal(a.level, 'info')
    assert.match(a.message, /^login by joe\\u000d\\u000a\{"level"/, 'the injected record is part of the message, visibly')
    assert.equal(a.password, '[REDACTED]')
    assert.equal(a.headers.authorization, '[REDACTED]')
    assert.match(a.session_id, /^sha256:[0-9a-f]{16}$/)
    assert.equal(b.message, 'retry with password=[REDACTED]', 'splat() ran first, the interpolated secret is redacted')
    assert.equal(c.err, 'db said api_key=[REDACTED]\\u000abye')
  })

  test('security events: npm level, OWASP level, session hash kept', async () => {
    const { logger, output } = winstonLogger()
    winstonEvent(logger, eg, { event: 'authz_fail', userId: INJECTION, datetime: '2026-01-01T00:00:00Z', fields: { sid: 'sess-42' } }, { appId: 'bank' })
    winstonEvent(logger, eg, { event: 'malicious_csrf', reason: 'cross_origin_sec_fetch_site', datetime: '2026-01-01T00:00:00Z' })
    const [crit, warn] = checkOutput(await output())
    const direct = JSON.parse(eg.securityEvent({ event: 'authz_fail', userId: INJECTION, datetime: '2026-01-01T00:00:00Z', fields: { sid: 'sess-42' } }, { appId: 'bank' }))
    assert.equal(crit.level, 'error')
    assert.equal(crit.owasp_level, 'CRITICAL')
    assert.equal(crit.message, 'authz_fail')
    assert.equal(crit.appid, 'bank')
    assert.equal(crit.fields.sid, direct.fields.sid, 'not hashed twice')
    assert.equal(crit.userid, direct.userid)
    assert.equal(warn.level, 'warn')
    assert.equal(warn.reason, 'cross_origin_sec_fetch_site')
  })
})

describe('pino', { skip }, () => {
  test('records are cleaned: one line, secrets redacted', () => {
    const { logger, output } = pinoLogger()
    logger.info({ password: 'hunter2', headers: { cookie: 'sid=sess-42' }, session_id: 'sess-42' }, `login by ${INJECTION}`)
    logger.warn('retry with password=%s (%d tries)', 'hunter2', 3)
    logger.error(new Error(`db said api_key=sk_live_123\nbye`))
    logger.info(`token ${JWT}`)
    const [a, b, c, d] = checkOutput(output())
    assert.equal(a.level, 30)
    assert.match(a.msg, /^login by joe\\u000d\\u000a\{"level"/)
    assert.equal(a.password, '[REDACTED]')
    assert.equal(a.headers.cookie, '[REDACTED]')
    assert.match(a.session_id, /^sha256:[0-9a-f]{16}$/)
    assert.equal(b.msg, 'retry with password=[REDACTED] (3 tries)')
    assert.equal(c.err, 'db said api_key=[REDACTED]\\u000abye')
    assert.equal(c.msg, 'db said api_key=[REDACTED]\\u000abye', 'the message pino takes from the error is redacted too')
    assert.equal(d.msg, 'token [REDACTED]')
  })

  test('security events: npm level, OWASP level, session hash kept', () => {
    const { logger, output } = pinoLogger()
    pinoEvent(logger, eg, { event: 'excess_rate_limit_exceeded', sourceIp: '203.0.113.9', datetime: '2026-01-01T00:00:00Z', fields: { session: 'sess-42' } })
    const [e] = checkOutput(output())
    const direct = JSON.parse(eg.securityEvent({ event: 'excess_rate_limit_exceeded', datetime: '2026-01-01T00:00:00Z', fields: { session: 'sess-42' } }))
    assert.equal(e.level, 40)
    assert.equal(e.owasp_level, 'WARN')
    assert.equal(e.msg, 'excess_rate_limit_exceeded')
    assert.equal(e.source_ip, '203.0.113.9')
    assert.equal(e.fields.session, direct.fields.session)
  })
})

test('interpolate follows pino placeholders', () => {
  assert.equal(interpolate('a %s b %d c %j %% %o', ['x', '4', { k: 1 }, [1]]), 'a x b 4 c {"k":1} % [1]')
  assert.equal(interpolate('a %s', []), 'a %s')
  assert.equal(interpolate('a', ['b', { c: 1 }]), 'a b {"c":1}')
  assert.equal(interpolate(42, ['x']), '42 x')
  const cyclic = {}
  cyclic.self = cyclic
  assert.equal(interpolate('%j', [cyclic]), '"[Circular]"')
})
