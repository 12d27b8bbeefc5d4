package jwtcheck_test

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// benchCase is one algorithm with its signing key and verification key.
type benchCase struct {
	alg       string
	priv, pub any
	keys      *jwtcheck.KeySet
}

func benchCases(b *testing.B) []benchCase {
	pem := func(pub any) *jwtcheck.KeySet {
		ks, err := jwtcheck.ParsePEM([]byte(jwttest.PublicPEM(pub)))
		if err != nil {
			b.Fatal(err)
		}
		return ks
	}
	return []benchCase{
		{"HS256", jwttest.Secret, jwttest.Secret, jwtcheck.NewSecretKey(jwttest.Secret)},
		{"RS256", jwttest.RSA, &jwttest.RSA.PublicKey, pem(&jwttest.RSA.PublicKey)},
		{"ES256", jwttest.P256, &jwttest.P256.PublicKey, pem(&jwttest.P256.PublicKey)},
		{"EdDSA", jwttest.Ed25519, jwttest.Ed25519.Public(), pem(jwttest.Ed25519.Public())},
	}
}

// benchClaims is a typical access token's claims (~200 bytes).
const benchClaims = `{"iss":"https://issuer.example","sub":"user-1234","aud":["api","web"],"exp":1800003600,"iat":1799999000,"scope":"read:orders write:orders","roles":["admin","user"]}`

// BenchmarkVerify measures a full verification (parse, policy, signature,
// claims) by this package.
func BenchmarkVerify(b *testing.B) {
	for _, bc := range benchCases(b) {
		b.Run(bc.alg, func(b *testing.B) {
			v, err := jwtcheck.New(jwtcheck.Config{Algorithms: []string{bc.alg}, Keys: bc.keys,
				Issuers: []string{"https://issuer.example"}, Audiences: []string{"api"}, ClockTolerance: 5 * time.Second})
			if err != nil {
				b.Fatal(err)
			}
			token := jwttest.Sign(bc.alg, bc.priv, `{"alg":"`+bc.alg+`","typ":"JWT"}`, benchClaims)
			at := time.Unix(now, 0)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.VerifyAt(token, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGolangJWT is the same verification with golang-jwt alone (struct
// claims, allowlist, issuer, audience, exp required, leeway): the baseline
// this package's overhead is measured against.
func BenchmarkGolangJWT(b *testing.B) {
	for _, bc := range benchCases(b) {
		b.Run(bc.alg, func(b *testing.B) {
			at := time.Unix(now, 0)
			p := jwt.NewParser(jwt.WithValidMethods([]string{bc.alg}), jwt.WithIssuer("https://issuer.example"),
				jwt.WithAudience("api"), jwt.WithExpirationRequired(), jwt.WithLeeway(5*time.Second),
				jwt.WithTimeFunc(func() time.Time { return at }))
			token := jwttest.Sign(bc.alg, bc.priv, `{"alg":"`+bc.alg+`","typ":"JWT"}`, benchClaims)
			keyFunc := func(*jwt.Token) (any, error) { return bc.pub, nil }
			b.ReportAllocs()
			for b.Loop() {
				var claims jwt.RegisteredClaims
				if _, err := p.ParseWithClaims(token, &claims, keyFunc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPolicy measures one authorization decision on parsed claims.
func BenchmarkPolicy(b *testing.B) {
	p, err := jwtcheck.CompilePolicy([]byte(`{"rule":{"scope":["read:orders"],"any":[{"roles_any":["admin"]},{"claim_equals":{"tenant":"acme"}}]}}`))
	if err != nil {
		b.Fatal(err)
	}
	v, _ := jwtcheck.New(jwtcheck.Config{Algorithms: []string{"HS256"}, Keys: jwtcheck.NewSecretKey(jwttest.Secret)})
	tok, err := v.VerifyAt(jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256"}`, benchClaims), time.Unix(now, 0))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !p.Evaluate(tok.Claims).OK {
			b.Fatal("denied")
		}
	}
}

// BenchmarkPrepareJSON measures the module's share of a host-signature
// verification (verify_prepare: parse, policy, claims, the answer's JSON)
// for the algorithms whose primitive the host runs, and a full HS256
// verify_prepare, which verifies in the module. This is the per-token work
// a JS host pays for besides its own primitive.
func BenchmarkPrepareJSON(b *testing.B) {
	for _, bc := range benchCases(b) {
		b.Run(bc.alg, func(b *testing.B) {
			v, err := jwtcheck.New(jwtcheck.Config{Algorithms: []string{bc.alg}, Keys: bc.keys,
				Issuers: []string{"https://issuer.example"}, Audiences: []string{"api"}, ClockTolerance: 5 * time.Second,
				Now: func() time.Time { return time.Unix(now, 0) }})
			if err != nil {
				b.Fatal(err)
			}
			token := jwttest.Sign(bc.alg, bc.priv, `{"alg":"`+bc.alg+`","typ":"JWT"}`, benchClaims)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.PrepareJSON(token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
