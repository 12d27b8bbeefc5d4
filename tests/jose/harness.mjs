// Shared by the differential test and the benchmark: keys and tokens made
// with jose, and the jose and edgeguard verifiers configured alike.

import * as jose from 'jose'
import { load } from '../../js/src/entry-node.js'

/** Every algorithm both libraries implement. */
export const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']

/** A fixed clock (seconds) for both verifiers, so that runs are repeatable. */
export const NOW = 1_800_000_000
export const ISSUER = 'https://idp.example/'
export const AUDIENCE = 'api'

/** The claims of a good token. */
export const goodClaims = () => ({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, iat: NOW - 60, exp: NOW + 3600, scope: 'read:orders', roles: ['admin'] })

/** Test-only keys for alg: {sign, verify (jose's), jwk (public, or oct)}. */
export async function keysFor(alg) {
  if (alg.startsWith('HS')) {
    const bits = Number(alg.slice(2))
    const secret = crypto.getRandomValues(new Uint8Array(bits / 8))
    return { sign: secret, verify: secret, egKey: { secret } }
  }
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true })
  return { sign: privateKey, verify: publicKey, egKey: { key: await jose.exportJWK(publicKey) } }
}

/** A token made by jose from a claims object. */
export function signClaims(alg, keys, claims, header = {}) {
  return new jose.SignJWT(claims).setProtectedHeader({ alg, ...header }).sign(keys.sign)
}

/** A token made by jose over exact payload text (for duplicate names and such). */
export function signText(alg, keys, payloadText, header = {}) {
  return new jose.CompactSign(new TextEncoder().encode(payloadText)).setProtectedHeader({ alg, ...header }).sign(keys.sign)
}

// WebCrypto parameters per algorithm, for signRaw.
function subtleParams(alg) {
  const hash = `SHA-${alg.slice(2)}`
  switch (alg.slice(0, 2)) {
    case 'HS': return { name: 'HMAC', hash }
    case 'RS': return { name: 'RSASSA-PKCS1-v1_5' }
    case 'PS': return { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 }
    case 'ES': return { name: 'ECDSA', hash }
    default: return { name: 'Ed25519' }
  }
}

/**
 * A token signed over an exact header and payload with WebCrypto, for the
 * headers jose refuses to produce (an unknown crit, b64: false).
 */
export async function signRaw(alg, keys, header, payloadText) {
  const enc = (s) => Buffer.from(s).toString('base64url')
  const input = `${enc(JSON.stringify({ alg, ...header }))}.${enc(payloadText)}`
  const params = subtleParams(alg)
  const key = keys.sign instanceof Uint8Array
    ? await crypto.subtle.importKey('raw', keys.sign, params, false, ['sign'])
    : keys.sign
  const sig = await crypto.subtle.sign(params, key, new TextEncoder().encode(input))
  return `${input}.${Buffer.from(sig).toString('base64url')}`
}

/**
 * The verification options, in each library's terms. jose's jwtVerify is
 * told to require exp, which edgeguard requires by default.
 */
export function options(alg, extra = {}) {
  const { joseExtra = {}, egExtra = {} } = extra
  return {
    jose: { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp'], currentDate: new Date(NOW * 1000), ...joseExtra },
    eg: { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, now: NOW, ...egExtra },
  }
}

/** The engine every run shares. */
export const eg = await load()

/** jose's verdict: {ok, claims} or {ok: false, code} (jose's error code). */
export async function joseVerdict(token, keys, joseOptions) {
  try {
    const { payload } = await jose.jwtVerify(token, keys.verify, joseOptions)
    return { ok: true, claims: payload }
  } catch (e) {
    return { ok: false, code: e.code ?? String(e), claim: e.claim }
  }
}

/** edgeguard's verdict through a compiled verifier. */
export function egVerdict(verifier, token) {
  try {
    return { ok: true, claims: verifier.verify(token).claims }
  } catch (e) {
    return { ok: false, code: e.code ?? String(e) }
  }
}

export { jose }
