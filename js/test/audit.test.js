import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { cleanRecord } from '../src/audit.js'
import { wasmModule } from './helpers.js'

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl'

test('securityEvent: the OWASP line, with JavaScript member names', () => {
  const line = eg.securityEvent({
    event: 'malicious_csrf', reason: 'cross_origin_sec_fetch_site', requestId: 'r-1', sourceIp: '203.0.113.9',
    requestMethod: 'POST', requestUri: '/transfer', hostname: 'bank.example', datetime: new Date(Date.UTC(2026, 0, 1)),
  }, { appId: 'bank' })
  assert.equal(line, '{"datetime":"2026-01-01T00:00:00Z","appid":"bank","event":"malicious_csrf","level":"WARN","reason":"cross_origin_sec_fetch_site","request_id":"r-1","source_ip":"203.0.113.9","request_method":"POST","request_uri":"/transfer","hostname":"bank.example"}')
})

test('log injection stays on one line; secrets never appear', () => {
  const attempts = [
    'joe\r\n{"event":"authn_login_success","userid":"admin"}',
    'joe\u001b[2J\u001b[31mFAKE',
    'joe\u2028next\u202egnp.exe',
  ]
  for (const userId of attempts) {
    const line = eg.securityEvent({
      event: 'authn_login_fail', userId, datetime: '2026-01-01T00:00:00Z', description: `login with Authorization: Bearer ${JWT}`,
      requestUri: '/login?password=hunter2&next=/', fields: { password: 'hunter2', session_id: 'sess-1', nested: { api_key: 'k-123', note: `token ${JWT}` } },
    })
    assert.ok(!/[\r\n\u001b\u2028\u202e]/.test(line), `one visible line: ${JSON.stringify(line)}`)
    assert.match(JSON.parse(line).userid, /\\u(000d|001b|2028)/, 'the control character is shown, not obeyed')
    for (const secret of ['hunter2', JWT, 'k-123', 'sess-1']) assert.ok(!line.includes(secret), `${secret} leaked: ${line}`)
    assert.match(JSON.parse(line).fields.session_id, /^sha256:[0-9a-f]{16}$/, 'session ids still correlate')
  }
})

test('securityEvent refuses what it cannot log faithfully', () => {
  const code = (event, expected) => assert.throws(() => eg.securityEvent(event), (e) => e instanceof EdgeguardError && e.code === expected, JSON.stringify(event))
  code({ event: 'made_up' }, 'bad_event')
  code({ event: 'authn_login_fail:joe' }, 'bad_event')
  code({ event: 'authz_fail', level: 'DEBUG' }, 'bad_event')
  code({ event: 'authz_fail', user: 'x' }, 'bad_request')
  code({ event: 'authz_fail', datetime: 'yesterday' }, 'bad_request')
  code(null, 'bad_request')
  assert.equal(JSON.parse(eg.securityEvent({ event: 'made_up', level: 'INFO', datetime: '2026-01-01T00:00:00Z' })).level, 'INFO')
})

test('redact and cleanRecord, for log adapters', () => {
  assert.equal(eg.redact(`ok\nAuthorization: Bearer ${JWT}`), 'ok\\u000aAuthorization: [REDACTED] [REDACTED]')
  const rec = cleanRecord(eg, { msg: `user logged in with ${JWT}`, password: 'x', count: 3, err: new Error('db\npassword=abc'), fn: () => 1 })
  assert.deepEqual(rec, { count: 3, err: 'db\\u000apassword=[REDACTED]', msg: 'user logged in with [REDACTED]', password: '[REDACTED]' })
  assert.deepEqual(cleanRecord(eg, {}), {})
})
