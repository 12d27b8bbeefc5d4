// The JWT signature primitive on node:crypto: synchronous, so that
// JwtVerifier.verify stays synchronous where the runtime has node:crypto
// (Node, Bun, Deno). Imported only by the entries for those runtimes; the
// parameters are the protocol's (docs/jwt.md, "Host signatures").

import { Buffer } from 'node:buffer'
import * as crypto from 'node:crypto'

const HASHES = { 256: 'sha256', 384: 'sha384', 512: 'sha512' }

/**
 * The node:crypto primitive, or null when this runtime's node:crypto lacks
 * what it needs (JWK import, one-shot verify). Whether each algorithm then
 * gives the module's verdicts is checked by known answers before first use
 * (jwt-sig-selftest.js).
 * @returns {import('./jwt-host.js').JwtCrypto | null}
 */
export function nodeJwtCrypto() {
  if (typeof crypto.createPublicKey !== 'function' || typeof crypto.verify !== 'function' || !crypto.constants) return null
  const { RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING } = crypto.constants
  return Object.freeze({
    name: 'node:crypto',
    sync: true,
    /**
     * A KeyObject with its verify parameters for `alg`, ready for
     * crypto.verify (imported once per verifier, key and algorithm).
     */
    importKey(jwk, alg) {
      const key = crypto.createPublicKey({ key: jwk, format: 'jwk' })
      const hash = HASHES[alg.slice(2)]
      switch (alg.slice(0, 2)) {
        case 'RS': return { hash, params: { key, padding: RSA_PKCS1_PADDING } }
        // The salt length is pinned to the hash size (RFC 7518 §3.5);
        // OpenSSL then refuses any other, as the module does.
        case 'PS': return { hash, params: { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 } }
        case 'ES': return { hash, params: { key, dsaEncoding: 'ieee-p1363' } }
        case 'Ed': return { hash: null, params: key } // EdDSA and Ed25519: pure Ed25519, no prehash
        default: throw new Error(`node:crypto: no host primitive for ${alg}`)
      }
    },
    verify(alg, prepared, token, signed) {
      const data = Buffer.from(token.slice(0, signed), 'latin1')
      const signature = Buffer.from(token.slice(signed + 1), 'base64url')
      return crypto.verify(prepared.hash, data, prepared.params, signature)
    },
  })
}
