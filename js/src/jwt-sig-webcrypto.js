// The JWT signature primitive on WebCrypto (crypto.subtle): asynchronous,
// available in browsers, workerd, Deno, Bun and Node. Used by
// JwtVerifier.verifyAsync where no synchronous primitive is; the parameters
// are the protocol's (docs/jwt.md, "Host signatures").

const HASHES = { 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' }

/**
 * The WebCrypto primitive over `subtle`, or null without one.
 * @param {SubtleCrypto | undefined} subtle
 * @returns {import('./jwt-host.js').JwtCrypto | null}
 */
export function webJwtCrypto(subtle) {
  if (typeof subtle?.importKey !== 'function' || typeof subtle.verify !== 'function') return null
  const encoder = new TextEncoder()
  return Object.freeze({
    name: 'webcrypto',
    sync: false,
    /** A CryptoKey for `alg` with its verify parameters (one per key and algorithm, as WebCrypto binds them). */
    async importKey(jwk, alg) {
      const [importParams, params] = algorithmParams(alg, jwk)
      return { key: await subtle.importKey('jwk', jwk, importParams, false, ['verify']), params }
    },
    verify(alg, prepared, token, signed) {
      return subtle.verify(prepared.params, prepared.key, base64urlBytes(token.slice(signed + 1)), encoder.encode(token.slice(0, signed)))
    },
  })
}

// WebCrypto's import and verify parameters for a JWS alg.
function algorithmParams(alg, jwk) {
  const hash = HASHES[alg.slice(2)]
  switch (alg.slice(0, 2)) {
    case 'RS': return [{ name: 'RSASSA-PKCS1-v1_5', hash }, { name: 'RSASSA-PKCS1-v1_5' }]
    // The salt length is pinned to the hash size (RFC 7518 §3.5).
    case 'PS': return [{ name: 'RSA-PSS', hash }, { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 }]
    // WebCrypto's ECDSA signatures are r‖s already (IEEE P1363), as in JWS.
    case 'ES': return [{ name: 'ECDSA', namedCurve: jwk.crv }, { name: 'ECDSA', hash }]
    case 'Ed': return [{ name: 'Ed25519' }, { name: 'Ed25519' }]
    default: throw new Error(`webcrypto: no host primitive for ${alg}`)
  }
}

// The module has checked that the segment is canonical unpadded base64url.
function base64urlBytes(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text, { alphabet: 'base64url' })
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
