// Package jwttest signs tokens for jwtcheck's tests, conformance vectors and
// benchmarks: well-formed ones and the malformed or hostile ones a verifier
// must refuse. Header and claims are passed as raw JSON text so that tests can
// write duplicates, case variants and odd types exactly.
//
// Its keys are fixed TEST-ONLY keys (keys_testonly.go), so that vectors made
// with them are reproducible on every host.
package jwttest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"

	"github.com/golang-jwt/jwt/v5"
)

// The TEST-ONLY keys, parsed.
var (
	RSA      = mustParse(testOnlyRSA2048PEM).(*rsa.PrivateKey)
	RSAOther = mustParse(testOnlyRSA2048BPEM).(*rsa.PrivateKey)
	RSAWeak  = mustParse(testOnlyRSA1024PEM).(*rsa.PrivateKey)
	P256     = mustParse(testOnlyP256PEM).(*ecdsa.PrivateKey)
	P384     = mustParse(testOnlyP384PEM).(*ecdsa.PrivateKey)
	P521     = mustParse(testOnlyP521PEM).(*ecdsa.PrivateKey)
	Ed25519  = mustParse(testOnlyEd25519PEM).(ed25519.PrivateKey)
	// Secret is a 64-byte HMAC key (enough for HS512). TEST ONLY.
	Secret = []byte("edgeguard-test-only-hmac-secret-0123456789abcdef0123456789abcdef")
)

func mustParse(p string) any {
	block, _ := pem.Decode([]byte(p))
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		panic(err)
	}
	return k
}

// B64 encodes unpadded base64url.
func B64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// methods signs with golang-jwt; its PS methods already sign with salt
// length = hash size.
var methods = map[string]jwt.SigningMethod{
	"HS256": jwt.SigningMethodHS256, "HS384": jwt.SigningMethodHS384, "HS512": jwt.SigningMethodHS512,
	"RS256": jwt.SigningMethodRS256, "RS384": jwt.SigningMethodRS384, "RS512": jwt.SigningMethodRS512,
	"PS256": jwt.SigningMethodPS256, "PS384": jwt.SigningMethodPS384, "PS512": jwt.SigningMethodPS512,
	"ES256": jwt.SigningMethodES256, "ES384": jwt.SigningMethodES384, "ES512": jwt.SigningMethodES512,
	"EdDSA": jwt.SigningMethodEdDSA, "Ed25519": jwt.SigningMethodEdDSA,
}

// SignRaw signs the already-encoded segments header.payload with alg and
// key and returns the compact token.
func SignRaw(alg string, key any, headerSeg, payloadSeg string) string {
	m, ok := methods[alg]
	if !ok {
		panic("jwttest: unknown alg " + alg)
	}
	input := headerSeg + "." + payloadSeg
	sig, err := m.Sign(input, key)
	if err != nil {
		panic(fmt.Sprintf("jwttest: sign %s: %v", alg, err))
	}
	return input + "." + B64(sig)
}

// Sign returns a compact token with exactly headerJSON and claimsJSON,
// signed with alg and key.
func Sign(alg string, key any, headerJSON, claimsJSON string) string {
	return SignRaw(alg, key, B64([]byte(headerJSON)), B64([]byte(claimsJSON)))
}

// PSSWithSalt signs a PS256 token with a salt length other than the hash
// size (RFC 7518 §3.5 forbids it; golang-jwt's verifier accepts it).
func PSSWithSalt(key *rsa.PrivateKey, headerJSON, claimsJSON string, salt int) string {
	input := B64([]byte(headerJSON)) + "." + B64([]byte(claimsJSON))
	h := crypto.SHA256.New()
	h.Write([]byte(input))
	sig, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, h.Sum(nil), &rsa.PSSOptions{SaltLength: salt})
	if err != nil {
		panic(err)
	}
	return input + "." + B64(sig)
}

// PublicPEM returns the SPKI PEM of a public key.
func PublicPEM(pub any) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// PublicJWK returns the public JWK of a key as an ordered map of members;
// extra members (kid, use, alg, key_ops, …) are added to it.
func PublicJWK(pub any, extra map[string]any) map[string]any {
	m := map[string]any{}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		m["kty"], m["n"], m["e"] = "RSA", B64(k.N.Bytes()), B64(big.NewInt(int64(k.E)).Bytes())
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		raw, err := k.Bytes()
		if err != nil {
			panic(err)
		}
		m["kty"], m["crv"] = "EC", k.Curve.Params().Name
		m["x"], m["y"] = B64(raw[1:1+size]), B64(raw[1+size:])
	case ed25519.PublicKey:
		m["kty"], m["crv"], m["x"] = "OKP", "Ed25519", B64(k)
	case []byte:
		m["kty"], m["k"] = "oct", B64(k)
	default:
		panic(fmt.Sprintf("jwttest: %T", pub))
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// JSON marshals v (maps come out sorted).
func JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// B64Decode decodes unpadded base64url.
func B64Decode(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

// P256Signature is the base64url JWS signature r‖s of ES256 for any r and s
// (each written as a 32-byte big-endian half), for tests that forge
// signatures such as r = s = 0 (the "psychic signature").
func P256Signature(r, s *big.Int) string {
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return B64(sig)
}
