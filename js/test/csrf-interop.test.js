// Live interoperability with csrf-csrf 4 (installed in ../tests/csrf-csrf by
// scripts/setup.sh): tokens csrf-csrf mints verify in edgeguard, and tokens
// edgeguard mints pass csrf-csrf's validateRequest; both refuse the other's
// tampered tokens. Skips with a message when csrf-csrf is not installed.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { load } from '../src/entry-node.js'
import { wasmModule } from './helpers.js'

const peerDir = fileURLToPath(new URL('../../tests/csrf-csrf/', import.meta.url))
const installed = existsSync(`${peerDir}node_modules/csrf-csrf/package.json`)
const skip = installed ? false : 'csrf-csrf is not installed in tests/csrf-csrf (run scripts/setup.sh)'
const { doubleCsrf } = installed ? createRequire(`${peerDir}package.json`)('csrf-csrf') : {}

const SECRET = 'interop-secret-0123456789abcdef-0123456789'
const NEW_SECRET = 'rotated-secret-0123456789abcdef-0123456789'
const SESSIONS = ['session-1', 'sess-é-中文-😀', 'a!b!c', 'x'.repeat(200)]
const COOKIE = '__Host-psifi.x-csrf-token'

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg?.close())

// csrf-csrf with its defaults (the ones edgeguard's format follows).
function peer(secrets) {
  return doubleCsrf({ getSecret: () => secrets, getSessionIdentifier: (req) => req.sid })
}

// csrf-csrf's generateCsrfToken against Express-shaped req/res stand-ins.
function peerMint(p, sid) {
  let cookie
  const res = { cookie: (name, value, opts) => { cookie = { name, value, opts } } }
  const token = p.generateCsrfToken({ sid, cookies: {}, headers: {} }, res)
  return { token, cookie }
}

function peerValid(p, sid, cookieToken, headerToken) {
  return p.validateRequest({ sid, cookies: { [COOKIE]: cookieToken }, headers: { 'x-csrf-token': headerToken } })
}

test('tokens csrf-csrf mints verify in edgeguard, in the same cookie', { skip }, () => {
  const ours = eg.csrf({ secrets: [SECRET] })
  const theirs = peer(SECRET)
  for (const sid of SESSIONS) {
    const { token, cookie } = peerMint(theirs, sid)
    assert.equal(cookie.name, ours.cookieName)
    assert.equal(cookie.value, token)
    assert.deepEqual(ours.verify(sid, token, token), { ok: true }, sid)
    assert.equal(ours.verify(`${sid}x`, token, token).code, 'csrf_token_invalid', `${sid}: bound to the session`)
    const request = { method: 'POST', url: '/', headers: { host: 'a.example', 'sec-fetch-site': 'same-origin', cookie: `${COOKIE}=${token}`, 'x-csrf-token': token } }
    assert.equal(ours.check(request, { sessionId: sid }).allowed, true, `${sid}: through check()`)
  }
  ours.close()
})

test('tokens edgeguard mints pass csrf-csrf validateRequest', { skip }, () => {
  const ours = eg.csrf({ secrets: [SECRET] })
  const theirs = peer(SECRET)
  for (const sid of SESSIONS) {
    const { token, setCookie } = ours.generate(sid)
    assert.ok(setCookie.startsWith(`${COOKIE}=${token};`))
    assert.equal(peerValid(theirs, sid, token, token), true, sid)
    assert.equal(peerValid(theirs, `${sid}x`, token, token), false, `${sid}: csrf-csrf binds it to the session too`)
    const tampered = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')
    assert.equal(peerValid(theirs, sid, tampered, tampered), false, `${sid}: tampered random part`)
    assert.equal(peerValid(peer(NEW_SECRET), sid, token, token), false, `${sid}: another secret`)
  }
  ours.close()
})

test('rotation works across the two: old csrf-csrf tokens verify under [new, old]', { skip }, () => {
  const { token } = peerMint(peer(SECRET), 'sid')
  const rotated = eg.csrf({ secrets: [NEW_SECRET, SECRET] })
  assert.deepEqual(rotated.verify('sid', token, token), { ok: true })
  const fresh = rotated.generate('sid').token
  assert.equal(peerValid(peer([NEW_SECRET, SECRET]), 'sid', fresh, fresh), true, 'csrf-csrf verifies our new-secret token')
  assert.equal(peerValid(peer(SECRET), 'sid', fresh, fresh), false, 'and only with the new secret')
  rotated.close()
})
