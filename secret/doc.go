// Package secret is edgeguard's cryptography for application data:
//
//   - Keyring: AES-256-GCM seal and open with random 96-bit nonces, key ids
//     for rotation, associated data, and a documented text envelope
//     ("v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>") that Node's
//     crypto or WebCrypto can open with a few lines.
//   - DeriveKey: HKDF (RFC 5869) from the standard library.
//   - Hasher: password hashing with argon2id (PHC strings, OWASP's
//     parameters by default) and bcrypt (for migrating old hashes),
//     constant-time verification, NeedsRehash, and bounds on the
//     parameters a stored hash may ask for, so that a hostile or corrupted
//     hash cannot make a verification allocate gigabytes or run for hours.
//
// It replaces the Express-era crypto.createCipher('aes-256-cbc', key),
// which derives the key and IV from a password with one MD5 round, reuses
// the IV for every message and does not authenticate the ciphertext.
package secret
