// Shared by the differential test and the benchmark: keys and tokens made
// with jose, and the jose and edgeguard verifiers configured alike.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import * as jose from 'jose'
import { createEdgeguard } from '../../js/src/core.js'
import { load } from '../../js/src/entry-node.js'
import { webJwtCrypto } from '../../js/src/jwt-sig-webcrypto.js'

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

/** The engine every run shares (the Node entry: node:crypto, then WebCrypto). */
export const eg = await load()

/** An engine whose only signature primitive is WebCrypto, as in browsers and workerd. */
export const egWeb = await createEdgeguard(
  await WebAssembly.compile(await readFile(new URL('../../js/dist/edgeguard.wasm', import.meta.url))),
  { jwtCrypto: [webJwtCrypto(globalThis.crypto.subtle)] })

/**
 * edgeguard verifiers for `egOptions` on each signature path (docs/jwt.md,
 * "Host signatures"): the module alone, node:crypto, WebCrypto.
 */
export function egVerifier(egOptions) {
  const paths = {
    module: eg.jwtVerifier({ ...egOptions, signatures: 'module' }),
    node: eg.jwtVerifier(egOptions),
    web: egWeb.jwtVerifier(egOptions),
  }
  return { paths, close: () => Object.values(paths).forEach((v) => v.close()) }
}

/** jose's verdict: {ok, claims} or {ok: false, code} (jose's error code). */
export async function joseVerdict(token, keys, joseOptions) {
  try {
    const { payload } = await jose.jwtVerify(token, keys.verify, joseOptions)
    return { ok: true, claims: payload }
  } catch (e) {
    return { ok: false, code: e.code ?? String(e), claim: e.claim }
  }
}

// A verification's full outcome: the result, or code, message and detail.
async function outcome(run) {
  try {
    return { ok: true, result: await run() }
  } catch (e) {
    return { ok: false, code: e.code ?? String(e), message: e.message, detail: e.detail }
  }
}

/**
 * edgeguard's verdict through an egVerifier: {ok, claims} or {ok: false,
 * code}. Every signature path must give exactly the module's outcome
 * (result, or code, message and detail); an assertion fails otherwise.
 */
export async function egVerdict(verifier, token) {
  const { module, node, web } = verifier.paths
  const reference = await outcome(() => module.verify(token))
  const others = {
    'node:crypto verify': await outcome(() => node.verify(token)),
    'node:crypto verifyAsync': await outcome(() => node.verifyAsync(token)),
    'WebCrypto verifyAsync': await outcome(() => web.verifyAsync(token)),
  }
  for (const [path, got] of Object.entries(others)) assert.deepEqual(got, reference, `${path} differs from the module on ${token.slice(0, 80)}…`)
  return reference.ok ? { ok: true, claims: reference.result.claims } : { ok: false, code: reference.code }
}

export { jose }
