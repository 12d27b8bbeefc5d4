package jwtcheck_test

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// now is the fixed clock of the tests: 2027-01-15T08:00:00Z.
const now = 1800000000

const (
	hdrRS256 = `{"alg":"RS256","typ":"JWT"}`
	// goodClaims is valid at now for baseConfig.
	goodClaims = `{"iss":"https://issuer.example","aud":"api","sub":"user-1","exp":1800003600,"iat":1799999000}`
)

// baseConfig verifies RS256 with the TEST-ONLY RSA key, issuer and audience set.
func baseConfig() map[string]any {
	return map[string]any{
		"algorithms": []string{"RS256"},
		"keys":       map[string]any{"pem": jwttest.PublicPEM(&jwttest.RSA.PublicKey)},
		"issuer":     "https://issuer.example",
		"audience":   "api",
		"now":        now,
	}
}

// with returns a copy of base with the given members replaced (nil deletes).
func with(base map[string]any, kv ...any) map[string]any {
	out := maps.Clone(base)
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

func compile(t testing.TB, cfg map[string]any) (*jwtcheck.Verifier, error) {
	t.Helper()
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return jwtcheck.Compile(b)
}

func mustCompile(t testing.TB, cfg map[string]any) *jwtcheck.Verifier {
	t.Helper()
	v, err := compile(t, cfg)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return v
}

func jwks(keys ...map[string]any) map[string]any {
	return map[string]any{"jwks": map[string]any{"keys": keys}}
}

func rs256(claims string) string { return jwttest.Sign("RS256", jwttest.RSA, hdrRS256, claims) }
