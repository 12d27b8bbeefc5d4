// The HTTP test scaffolding shared by tests/worker/checks.mjs and
// tests/express/express.test.mjs: fresh secrets and the tokens they sign, an
// identity provider serving a JWK Set, and the problem+json assertion. Node
// built-ins only, so that either suite can import it without the other's
// dependencies.

import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { createServer } from 'node:http'

const PROBLEM = 'application/problem+json'
export const b64 = (x) => Buffer.from(x).toString('base64url')
export const now = () => Math.floor(Date.now() / 1000)

/** Fresh secrets and an ES256 identity provider for one run. */
export function makeSecrets () {
  const jwt = randomBytes(32)
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    settings: { jwtSecret: b64(jwt), csrfSecret: b64(randomBytes(32)) },
    hs256 (claims) {
      const input = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify(claims))}`
      return `${input}.${b64(createHmac('sha256', jwt).update(input).digest())}`
    },
    es256 (claims, key = ec.privateKey) {
      const input = `${b64(JSON.stringify({ alg: 'ES256', kid: 'k1' }))}.${b64(JSON.stringify(claims))}`
      return `${input}.${b64(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`
    },
    jwk: { ...ec.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' },
  }
}

/**
 * Serves the identity provider's JWK Set on 127.0.0.1, counting fetches.
 * @returns {Promise<{url: string, hits: () => number, close: () => void}>}
 */
export async function serveJwks (jwk) {
  let hits = 0
  const server = createServer((_req, res) => {
    hits++
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}/jwks.json`, hits: () => hits, close: () => server.close() }
}

/** Asserts a problem+json answer with `status`; returns its document. */
export async function problem (res, status) {
  assert.equal(res.status, status)
  assert.equal(res.headers.get('content-type').split(';')[0], PROBLEM)
  const body = await res.json()
  assert.equal(body.status, status)
  assert.equal(typeof body.title, 'string')
  return body
}
