package jwtcheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// verificationKey is one key: a public key or an HMAC secret, with the JWK
// metadata that restricts what it may verify. Keys are immutable.
type verificationKey struct {
	kid string
	kty string
	crv string
	// alg, when set (JWK "alg"), is the only algorithm the key verifies.
	alg string
	// material is []byte (oct), *rsa.PublicKey, *ecdsa.PublicKey or
	// ed25519.PublicKey: exactly the types golang-jwt's methods expect.
	material any
}

// KeySet is an immutable set of verification keys. A verifier holds one; to
// rotate keys, build a new KeySet (for example from a JWKS document the host
// fetched) and a new Verifier with it.
type KeySet struct {
	keys []*verificationKey
	// static marks a set made from one key handed over directly (PEM, secret,
	// single JWK). Like jose with a static key, the token's kid is then not
	// used for selection: the key is the key.
	static bool
}

// Len reports how many usable keys the set holds.
func (ks *KeySet) Len() int { return len(ks.keys) }

// NewSecretKey returns a set holding one HMAC secret. Its length is checked
// against the algorithms when a Verifier is built (RFC 7518 §3.2: at least
// the hash size).
func NewSecretKey(secret []byte) *KeySet {
	k := &verificationKey{kty: ktyOct, material: append([]byte(nil), secret...)}
	return &KeySet{keys: []*verificationKey{k}, static: true}
}

// ParsePEM returns a set holding the one public key in pemText: a
// "PUBLIC KEY" (SPKI: RSA, EC P-256/384/521, Ed25519), an "RSA PUBLIC KEY"
// (PKCS #1) or a "CERTIFICATE", whose public key is used as is: the
// certificate's chain, validity and usage are not checked (a verifier
// configured with a certificate trusts its key, nothing more).
func ParsePEM(pemText []byte) (*KeySet, error) {
	block, rest := pem.Decode(pemText)
	if block == nil {
		return nil, errorf(CodeBadConfig, "pem: no PEM block found")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, errorf(CodeBadConfig, "pem: exactly one PEM block is allowed (found data after %q)", block.Type)
	}
	var pub any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		if cert, err = x509.ParseCertificate(block.Bytes); err == nil {
			pub = cert.PublicKey
		}
	default:
		if strings.Contains(block.Type, "PRIVATE") {
			return nil, errorf(CodeBadConfig, "pem: %q is a private key; a verifier needs only the public key", block.Type)
		}
		return nil, errorf(CodeBadConfig, "pem: unsupported block type %q", block.Type)
	}
	if err != nil {
		return nil, errorf(CodeBadConfig, "pem: %v", err)
	}
	k, err := keyFromPublic(pub)
	if err != nil {
		return nil, err
	}
	return &KeySet{keys: []*verificationKey{k}, static: true}, nil
}

func keyFromPublic(pub any) (*verificationKey, error) {
	switch p := pub.(type) {
	case *rsa.PublicKey:
		if err := checkRSA(p); err != nil {
			return nil, err
		}
		return &verificationKey{kty: ktyRSA, material: p}, nil
	case *ecdsa.PublicKey:
		crv := curveName(p.Curve)
		if crv == "" {
			return nil, errorf(CodeBadConfig, "unsupported elliptic curve %s", p.Curve.Params().Name)
		}
		return &verificationKey{kty: ktyEC, crv: crv, material: p}, nil
	case ed25519.PublicKey:
		return &verificationKey{kty: ktyOKP, crv: crvEd25519, material: p}, nil
	default:
		return nil, errorf(CodeBadConfig, "unsupported public key type %T", pub)
	}
}

func curveName(c elliptic.Curve) string {
	switch c {
	case elliptic.P256():
		return crvP256
	case elliptic.P384():
		return crvP384
	case elliptic.P521():
		return crvP521
	}
	return ""
}

func curveByName(name string) elliptic.Curve {
	switch name {
	case crvP256:
		return elliptic.P256()
	case crvP384:
		return elliptic.P384()
	case crvP521:
		return elliptic.P521()
	}
	return nil
}

// checkRSA refuses moduli under 2048 bits and public exponents that are even,
// 1, or too large for rsa.PublicKey (e = 1 makes "signatures" trivial).
func checkRSA(p *rsa.PublicKey) error {
	if p.N == nil || p.N.BitLen() < minRSABits {
		bits := 0
		if p.N != nil {
			bits = p.N.BitLen()
		}
		return errorf(CodeKeyWeak, "RSA key has %d bits; at least %d are required", bits, minRSABits)
	}
	if p.E < 3 || p.E%2 == 0 {
		return errorf(CodeKeyWeak, "RSA public exponent %d is not an odd number of at least 3", p.E)
	}
	if hasROCAFingerprint(p.N) {
		return errorf(CodeKeyWeak, "RSA key has the ROCA fingerprint (CVE-2017-15361): its private key can be recovered")
	}
	return nil
}

// rocaPrimes are the small primes of the ROCA fingerprint (Nemec et al.,
// "The Return of Coppersmith's Attack", CCS 2017). Infineon RSALib moduli
// are, modulo each of them, a power of 65537; a random modulus passes all
// 38 tests with negligible probability.
var rocaPrimes = [...]int64{3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
	73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167}

// hasROCAFingerprint reports whether n mod p lies in the subgroup generated
// by 65537 modulo p for every p in rocaPrimes. It costs 38 small reductions,
// once per key, at configuration time.
func hasROCAFingerprint(n *big.Int) bool {
	var r, bp big.Int
	for _, p := range rocaPrimes {
		residue := r.Mod(n, bp.SetInt64(p)).Int64()
		g, x, found := 65537%p, int64(1), false
		for range p {
			if x == residue {
				found = true
				break
			}
			x = x * g % p
		}
		if !found {
			return false
		}
	}
	return true
}

// ParseJWK returns a set holding the single key described by the JWK JSON
// object doc. Symmetric ("oct") keys are accepted here, because handing over
// one JWK is an explicit choice; see ParseJWKS for key sets.
func ParseJWK(doc []byte) (*KeySet, error) {
	m, err := strictjson.ParseObject(doc)
	if err != nil {
		return nil, errorf(CodeBadConfig, "jwk: %v", err)
	}
	k, usable, err := parseJWK(m, "jwk")
	if err != nil {
		return nil, err
	}
	if !usable {
		return nil, errorf(CodeBadConfig, "jwk: the key is not usable for signature verification (use, key_ops, kty or crv)")
	}
	return &KeySet{keys: []*verificationKey{k}, static: true}, nil
}

// ParseJWKS returns the verification keys of the JWK Set document doc
// (RFC 7517 §5). Keys that cannot verify signatures are skipped: use other
// than "sig", key_ops without "verify", and key types or curves this package
// does not implement (for example X25519 or secp256k1), as jose does.
// Malformed keys, private keys and weak keys are errors. Symmetric keys are
// refused unless allowSymmetric is set: a JWKS is normally public, and an
// "oct" key in it is the classic road to algorithm confusion. Even then, a
// set may not mix symmetric and asymmetric keys.
func ParseJWKS(doc []byte, allowSymmetric bool) (*KeySet, error) {
	m, err := strictjson.ParseObject(doc)
	if err != nil {
		return nil, errorf(CodeBadConfig, "jwks: %v", err)
	}
	return jwksFromMap(m, allowSymmetric)
}

func jwksFromMap(m map[string]any, allowSymmetric bool) (*KeySet, error) {
	list, ok := m["keys"].([]any)
	if !ok {
		return nil, errorf(CodeBadConfig, `jwks: "keys" must be an array`)
	}
	ks := &KeySet{}
	for i, item := range list {
		where := fmt.Sprintf("jwks: keys[%d]", i)
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, errorf(CodeBadConfig, "%s: not an object", where)
		}
		k, usable, err := parseJWK(obj, where)
		if err != nil {
			return nil, err
		}
		if !usable {
			continue
		}
		if k.kty == ktyOct && !allowSymmetric {
			return nil, errorf(CodeBadConfig, "%s: symmetric (oct) keys are refused in a JWKS unless allow_symmetric_jwks is set", where)
		}
		ks.keys = append(ks.keys, k)
	}
	// A set mixing secrets and public keys is refused even when symmetric
	// keys are allowed: whoever can read the public half can read the
	// secrets, and one set then serves two trust models (Wycheproof
	// "MixedKeySet").
	symmetric := 0
	for _, k := range ks.keys {
		if k.kty == ktyOct {
			symmetric++
		}
	}
	if symmetric > 0 && symmetric < len(ks.keys) {
		return nil, errorf(CodeBadConfig, "jwks: the set mixes symmetric (oct) and asymmetric keys")
	}
	return ks, nil
}

// privateMembers are JWK members that only private keys carry.
var privateMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth"}

// parseJWK converts one JWK object. usable is false (with no error) when the
// key is well-formed but not meant or not supported for verification.
func parseJWK(m map[string]any, where string) (k *verificationKey, usable bool, err error) {
	str := func(name string) (string, bool, error) {
		v, present := m[name]
		if !present {
			return "", false, nil
		}
		s, ok := v.(string)
		if !ok {
			return "", false, errorf(CodeBadConfig, "%s: %q must be a string", where, name)
		}
		return s, true, nil
	}
	kty, ok, err := str("kty")
	if err != nil {
		return nil, false, err
	}
	if !ok || kty == "" {
		return nil, false, errorf(CodeBadConfig, "%s: \"kty\" is required", where)
	}
	kid, _, err := str("kid")
	if err != nil {
		return nil, false, err
	}
	use, hasUse, err := str("use")
	if err != nil {
		return nil, false, err
	}
	alg, hasAlg, err := str("alg")
	if err != nil {
		return nil, false, err
	}
	verifyOp, hasOps, err := keyOpsAllowVerify(m, where)
	if err != nil {
		return nil, false, err
	}
	if (hasUse && use != "sig") || (hasOps && !verifyOp) {
		return nil, false, nil
	}
	if kty != ktyOct {
		for _, name := range privateMembers {
			if _, present := m[name]; present {
				return nil, false, errorf(CodeBadConfig, "%s: private key member %q present; a verifier needs only the public key", where, name)
			}
		}
	}
	bytesOf := func(name string) ([]byte, error) {
		s, ok, err := str(name)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errorf(CodeBadConfig, "%s: %q is required for kty %q", where, name, kty)
		}
		b, ok := decodeB64URL(s)
		if !ok {
			return nil, errorf(CodeBadConfig, "%s: %q is not unpadded base64url", where, name)
		}
		return b, nil
	}
	k = &verificationKey{kid: kid, kty: kty}
	switch kty {
	case ktyOct:
		if k.material, err = bytesOf("k"); err != nil {
			return nil, false, err
		}
	case ktyRSA:
		n, err := bytesOf("n")
		if err != nil {
			return nil, false, err
		}
		e, err := bytesOf("e")
		if err != nil {
			return nil, false, err
		}
		if len(e) == 0 || len(e) > 4 || e[0] == 0 {
			return nil, false, errorf(CodeBadConfig, "%s: \"e\" must be 1 to 4 bytes without leading zeros", where)
		}
		eInt := 0
		for _, b := range e {
			eInt = eInt<<8 | int(b)
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: eInt}
		if err := checkRSA(pub); err != nil {
			return nil, false, errorf(CodeKeyWeak, "%s: %v", where, err)
		}
		k.material = pub
	case ktyEC:
		crv, _, err := str("crv")
		if err != nil {
			return nil, false, err
		}
		curve := curveByName(crv)
		if curve == nil {
			return nil, false, nil // secp256k1 and friends: not supported, skipped
		}
		x, err := bytesOf("x")
		if err != nil {
			return nil, false, err
		}
		y, err := bytesOf("y")
		if err != nil {
			return nil, false, err
		}
		size := (curve.Params().BitSize + 7) / 8
		if len(x) != size || len(y) != size {
			return nil, false, errorf(CodeBadConfig, "%s: %s coordinates must be %d bytes each", where, crv, size)
		}
		point := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil, false, errorf(CodeBadConfig, "%s: invalid %s point: %v", where, crv, err)
		}
		k.crv, k.material = crv, pub
	case ktyOKP:
		crv, _, err := str("crv")
		if err != nil {
			return nil, false, err
		}
		if crv != crvEd25519 {
			return nil, false, nil // X25519, Ed448: not signature keys we support
		}
		x, err := bytesOf("x")
		if err != nil {
			return nil, false, err
		}
		if len(x) != ed25519.PublicKeySize {
			return nil, false, errorf(CodeBadConfig, "%s: Ed25519 \"x\" must be %d bytes", where, ed25519.PublicKeySize)
		}
		k.crv, k.material = crv, ed25519.PublicKey(x)
	default:
		return nil, false, nil
	}
	if hasAlg {
		a, known := algorithms[alg]
		if !known {
			// An algorithm we do not implement (e.g. ES256K, RSA-OAEP): the
			// key cannot verify anything we accept.
			return nil, false, nil
		}
		if a.kty != k.kty || a.crv != k.crv {
			return nil, false, errorf(CodeBadConfig, "%s: \"alg\" %s does not fit kty %q crv %q", where, alg, k.kty, k.crv)
		}
		k.alg = alg
	}
	return k, true, nil
}

// keyOpsAllowVerify reads the optional key_ops member (RFC 7517 §4.3): an
// array of distinct strings.
func keyOpsAllowVerify(m map[string]any, where string) (verify, present bool, err error) {
	v, present := m["key_ops"]
	if !present {
		return false, false, nil
	}
	list, ok := v.([]any)
	if !ok {
		return false, true, errorf(CodeBadConfig, "%s: \"key_ops\" must be an array of strings", where)
	}
	seen := map[string]bool{}
	for _, item := range list {
		op, ok := item.(string)
		if !ok {
			return false, true, errorf(CodeBadConfig, "%s: \"key_ops\" must be an array of strings", where)
		}
		if seen[op] {
			return false, true, errorf(CodeBadConfig, "%s: \"key_ops\" lists %q twice", where, op)
		}
		seen[op] = true
	}
	return seen["verify"], true, nil
}

// fits reports whether k may verify a token signed with a, the binding of
// RFC 8725 §3.1: same key type, same curve, and the JWK's own alg if it has one.
func (k *verificationKey) fits(a *algorithm) bool {
	return k.kty == a.kty && k.crv == a.crv && (k.alg == "" || k.alg == a.name)
}

// find selects the one key for a token header's alg and kid.
func (ks *KeySet) find(a *algorithm, kid string, hasKid bool) (*verificationKey, error) {
	var found *verificationKey
	n := 0
	for _, k := range ks.keys {
		if !k.fits(a) || (!ks.static && hasKid && k.kid != kid) {
			continue
		}
		found = k
		n++
	}
	switch {
	case n == 0 && hasKid && !ks.static:
		return nil, errorf(CodeKeyNotFound, "no %s key with the token's kid", a.name)
	case n == 0:
		return nil, errorf(CodeKeyNotFound, "no key for algorithm %s", a.name)
	case n > 1 && hasKid:
		return nil, errorf(CodeKeyAmbiguous, "%d keys match the token's alg %s and kid", n, a.name)
	case n > 1:
		return nil, errorf(CodeKeyAmbiguous, "%d keys match alg %s and the token has no kid", n, a.name)
	}
	return found, nil
}
