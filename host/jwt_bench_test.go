package host

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtBenchClaims is a typical access token's claims (~200 bytes), valid at
// the configuration's fixed now.
const jwtBenchClaims = `{"iss":"https://issuer.example","sub":"user-1234","aud":["api","web"],"exp":1800003600,"iat":1799999000,"scope":"read:orders write:orders","roles":["admin","user"]}`

type jwtBenchCase struct {
	alg    string
	token  string
	pub    any            // for golang-jwt
	config map[string]any // for edgeguard
}

func jwtBenchCases(b *testing.B) []jwtBenchCase {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	pemOf := func(pub any) map[string]any {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			b.Fatal(err)
		}
		return map[string]any{"pem": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
	}
	sign := func(m jwt.SigningMethod, key any) string {
		enc := base64.RawURLEncoding.EncodeToString
		input := enc([]byte(`{"alg":"`+m.Alg()+`","typ":"JWT"}`)) + "." + enc([]byte(jwtBenchClaims))
		sig, err := m.Sign(input, key)
		if err != nil {
			b.Fatal(err)
		}
		return input + "." + enc(sig)
	}
	config := func(alg string, keys map[string]any) map[string]any {
		return map[string]any{"algorithms": []string{alg}, "keys": keys, "issuer": "https://issuer.example",
			"audience": "api", "clock_tolerance_s": 5, "now": 1800000000}
	}
	return []jwtBenchCase{
		{"HS256", sign(jwt.SigningMethodHS256, secret), secret,
			config("HS256", map[string]any{"secret_b64url": base64.RawURLEncoding.EncodeToString(secret)})},
		{"RS256", sign(jwt.SigningMethodRS256, rsaKey), &rsaKey.PublicKey, config("RS256", pemOf(&rsaKey.PublicKey))},
		{"ES256", sign(jwt.SigningMethodES256, ecKey), &ecKey.PublicKey, config("ES256", pemOf(&ecKey.PublicKey))},
		{"EdDSA", sign(jwt.SigningMethodEdDSA, edPriv), edPub, config("EdDSA", pemOf(edPub))},
	}
}

// BenchmarkJWTVerify measures one JWTVerifier.Verify per algorithm on the
// three paths of a Go host: "native" (the dispatch table in-process),
// "wazero" (verify_prepare in the module, signature in native Go: the
// default) and "wazero-in-module" (InModuleSignatures: pure-Go crypto
// compiled to WebAssembly, the path before the host-signature protocol).
// docs/performance.md records the ratios.
func BenchmarkJWTVerify(b *testing.B) {
	ctx := context.Background()
	engines := map[string]*Engine{"native": newEngine(b, Options{Native: true}), "wazero": newEngine(b, Options{})}
	paths := []struct {
		name   string
		engine string
		opts   []JWTOption
	}{
		{"native", "native", nil},
		{"wazero", "wazero", nil},
		{"wazero-in-module", "wazero", []JWTOption{InModuleSignatures()}},
	}
	for _, bc := range jwtBenchCases(b) {
		for _, p := range paths {
			b.Run(bc.alg+"/"+p.name, func(b *testing.B) {
				v, err := engines[p.engine].JWTVerifier(ctx, bc.config, p.opts...)
				if err != nil {
					b.Fatal(err)
				}
				defer v.Close()
				b.ReportAllocs()
				for b.Loop() {
					if _, err := v.Verify(ctx, bc.token); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkJWTGolangJWT is the same verification with golang-jwt alone
// (allowlist, issuer, audience, exp required, leeway): the native baseline.
func BenchmarkJWTGolangJWT(b *testing.B) {
	at := time.Unix(1800000000, 0)
	for _, bc := range jwtBenchCases(b) {
		b.Run(bc.alg, func(b *testing.B) {
			p := jwt.NewParser(jwt.WithValidMethods([]string{bc.alg}), jwt.WithIssuer("https://issuer.example"),
				jwt.WithAudience("api"), jwt.WithExpirationRequired(), jwt.WithLeeway(5*time.Second),
				jwt.WithTimeFunc(func() time.Time { return at }))
			keyFunc := func(*jwt.Token) (any, error) { return bc.pub, nil }
			b.ReportAllocs()
			for b.Loop() {
				var claims jwt.RegisteredClaims
				if _, err := p.ParseWithClaims(bc.token, &claims, keyFunc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
