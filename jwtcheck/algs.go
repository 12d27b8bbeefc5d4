package jwtcheck

import (
	"crypto"
	"crypto/rsa"
	"sort"

	"github.com/golang-jwt/jwt/v5"
)

// Key types (JWK "kty" values) and curves, as RFC 7518 and RFC 8037 name them.
const (
	ktyOct = "oct"
	ktyRSA = "RSA"
	ktyEC  = "EC"
	ktyOKP = "OKP"

	crvP256    = "P-256"
	crvP384    = "P-384"
	crvP521    = "P-521"
	crvEd25519 = "Ed25519"
)

// algorithm binds a JWS "alg" to the only key type (and curve) that may
// verify it. This table, not the token header, decides which key verifies
// which token: that is what defeats algorithm confusion (RFC 8725 §2.1).
type algorithm struct {
	name   string
	method jwt.SigningMethod
	kty    string
	crv    string // EC and OKP only
	// minSecret is the shortest HMAC key accepted, in bytes: the hash size,
	// as RFC 7518 §3.2 requires. golang-jwt accepts any length, even 0.
	minSecret int
}

// pss returns golang-jwt's PS method with the salt length pinned to the hash
// size for verification too. golang-jwt verifies with PSSSaltLengthAuto, which
// accepts any salt length (RFC 7518 §3.5 fixes it; Wycheproof tests it). We
// build new values instead of editing the package-level methods, which other
// code in the same process may rely on.
func pss(base *jwt.SigningMethodRSAPSS) *jwt.SigningMethodRSAPSS {
	pinned := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}
	return &jwt.SigningMethodRSAPSS{SigningMethodRSA: base.SigningMethodRSA, Options: pinned, VerifyOptions: pinned}
}

var algorithms = map[string]*algorithm{
	"HS256": {name: "HS256", method: jwt.SigningMethodHS256, kty: ktyOct, minSecret: crypto.SHA256.Size()},
	"HS384": {name: "HS384", method: jwt.SigningMethodHS384, kty: ktyOct, minSecret: crypto.SHA384.Size()},
	"HS512": {name: "HS512", method: jwt.SigningMethodHS512, kty: ktyOct, minSecret: crypto.SHA512.Size()},
	"RS256": {name: "RS256", method: jwt.SigningMethodRS256, kty: ktyRSA},
	"RS384": {name: "RS384", method: jwt.SigningMethodRS384, kty: ktyRSA},
	"RS512": {name: "RS512", method: jwt.SigningMethodRS512, kty: ktyRSA},
	"PS256": {name: "PS256", method: pss(jwt.SigningMethodPS256), kty: ktyRSA},
	"PS384": {name: "PS384", method: pss(jwt.SigningMethodPS384), kty: ktyRSA},
	"PS512": {name: "PS512", method: pss(jwt.SigningMethodPS512), kty: ktyRSA},
	"ES256": {name: "ES256", method: jwt.SigningMethodES256, kty: ktyEC, crv: crvP256},
	"ES384": {name: "ES384", method: jwt.SigningMethodES384, kty: ktyEC, crv: crvP384},
	"ES512": {name: "ES512", method: jwt.SigningMethodES512, kty: ktyEC, crv: crvP521},
	"EdDSA": {name: "EdDSA", method: jwt.SigningMethodEdDSA, kty: ktyOKP, crv: crvEd25519},
	// Ed25519 is RFC 9864's fully specified name for EdDSA over Ed25519 (jose
	// accepts it; golang-jwt does not register it, but its EdDSA method is
	// exactly the primitive).
	"Ed25519": {name: "Ed25519", method: jwt.SigningMethodEdDSA, kty: ktyOKP, crv: crvEd25519},
}

// Algorithms lists the supported "alg" values, sorted. "none" is never one.
func Algorithms() []string {
	names := make([]string, 0, len(algorithms))
	for n := range algorithms {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// minRSABits is the smallest RSA modulus accepted (RFC 7518 §3.3 requires
// 2048; jose refuses smaller keys too).
const minRSABits = 2048
