// Keys and tokens for bench.mjs and middleware.mjs: one HMAC secret and one
// RSA-2048 key, made afresh in each process; the tokens carry what both
// verifiers check (iss, aud, exp) and what the route answers (sub).

import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto'

export const b64 = (x) => Buffer.from(x).toString('base64url')

export const secret = randomBytes(32)
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
export const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' })
export const issuer = 'https://idp.example'
export const audience = 'api'

/** The claims of a token issued now that expires after ttlS seconds. */
export function claims(ttlS) {
  const now = Math.floor(Date.now() / 1000)
  return { iss: issuer, aud: audience, sub: 'user-1815', iat: now, exp: now + ttlS }
}

/** A compact JWS of payload, signed with alg (HS256 or RS256). */
export function token(alg, payload) {
  const input = `${b64(JSON.stringify({ alg, typ: 'JWT' }))}.${b64(JSON.stringify(payload))}`
  const sig = alg === 'HS256' ? createHmac('sha256', secret).update(input).digest() : sign('sha256', Buffer.from(input), rsa.privateKey)
  return `${input}.${b64(sig)}`
}
