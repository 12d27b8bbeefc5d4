package jwtcheck_test

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

type verifyCase struct {
	name  string
	cfg   map[string]any
	token string
	code  jwtcheck.Code // "" = must verify
	claim string        // expected Error.Claim(), when code is a claim error
}

func runVerifyCases(t *testing.T, cases []verifyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			if cfg == nil {
				cfg = baseConfig()
			}
			// Every case also runs through the host-signature path
			// (prepare_test.go), which must give the very same verdict.
			assertPathsAgree(t, func() *jwtcheck.Verifier { return mustCompile(t, cfg) }, tc.token)
			v := mustCompile(t, cfg)
			tok, err := v.Verify(tc.token)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("Verify: %v (code %s)", err, jwtcheck.CodeOf(err))
				}
				if tok == nil || tok.Claims == nil || tok.Header == nil {
					t.Fatal("Verify returned no token")
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted; want %s", tc.code)
			}
			if got := jwtcheck.CodeOf(err); got != tc.code {
				t.Fatalf("code %q (%v), want %q", got, err, tc.code)
			}
			if tok != nil {
				t.Fatal("a token came back with an error")
			}
			if tc.claim != "" {
				if e, _ := err.(*jwtcheck.Error); e == nil || e.Claim() != tc.claim {
					t.Fatalf("claim %v, want %q", err, tc.claim)
				}
			}
		})
	}
}

func TestVerifyAlgorithms(t *testing.T) {
	claims := `{"exp":1800003600}`
	type keyed struct {
		algs []string
		priv any
		pub  any
	}
	families := []keyed{
		{[]string{"HS256", "HS384", "HS512"}, jwttest.Secret, jwttest.Secret},
		{[]string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}, jwttest.RSA, &jwttest.RSA.PublicKey},
		{[]string{"ES256"}, jwttest.P256, &jwttest.P256.PublicKey},
		{[]string{"ES384"}, jwttest.P384, &jwttest.P384.PublicKey},
		{[]string{"ES512"}, jwttest.P521, &jwttest.P521.PublicKey},
		{[]string{"EdDSA", "Ed25519"}, jwttest.Ed25519, jwttest.Ed25519.Public()},
	}
	var cases []verifyCase
	for _, f := range families {
		var keyForms []map[string]any
		if secret, ok := f.pub.([]byte); ok {
			keyForms = append(keyForms,
				map[string]any{"secret_b64url": jwttest.B64(secret)},
				map[string]any{"jwk": jwttest.PublicJWK(secret, nil)})
		} else {
			keyForms = append(keyForms,
				map[string]any{"pem": jwttest.PublicPEM(f.pub)},
				map[string]any{"jwk": jwttest.PublicJWK(f.pub, nil)},
				jwks(jwttest.PublicJWK(f.pub, map[string]any{"kid": "k1", "use": "sig"})))
		}
		for _, alg := range f.algs {
			for i, keys := range keyForms {
				cfg := map[string]any{"algorithms": f.algs, "keys": keys, "now": now}
				hdr := `{"alg":"` + alg + `","kid":"k1"}`
				cases = append(cases,
					verifyCase{name: alg + "/keyform" + string(rune('0'+i)), cfg: cfg, token: jwttest.Sign(alg, f.priv, hdr, claims)},
					verifyCase{name: alg + "/keyform" + string(rune('0'+i)) + "/tampered", cfg: cfg,
						token: tamper(jwttest.Sign(alg, f.priv, hdr, claims)), code: jwtcheck.CodeSignature})
			}
		}
	}
	runVerifyCases(t, cases)
}

// tamper changes the payload (exp+1) and keeps the old signature.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	parts[1] = jwttest.B64([]byte(`{"exp":1800003601}`))
	return strings.Join(parts, ".")
}

func TestVerifyResult(t *testing.T) {
	v := mustCompile(t, baseConfig())
	tok, err := v.Verify(rs256(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"n":1.50,"html":"<b>&"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"header":{"alg":"RS256","typ":"JWT"},"claims":{"aud":"api","exp":1800003600,"html":"<b>&","iss":"https://issuer.example","n":1.50}}`
	if got := string(tok.JSON()); got != want {
		t.Errorf("JSON\n got %s\nwant %s", got, want)
	}
	if tok.Alg != "RS256" {
		t.Errorf("Alg %q", tok.Alg)
	}
}

func TestAttackAlgNone(t *testing.T) {
	var cases []verifyCase
	for _, spelling := range []string{"none", "None", "NONE", "nOnE"} {
		unsigned := jwttest.B64([]byte(`{"alg":"`+spelling+`"}`)) + "." + jwttest.B64([]byte(goodClaims))
		cases = append(cases,
			verifyCase{name: spelling + "/empty-sig", token: unsigned + ".", code: jwtcheck.CodeAlgNotAllowed},
			verifyCase{name: spelling + "/with-sig", token: unsigned + "." + strings.Split(rs256(goodClaims), ".")[2], code: jwtcheck.CodeAlgNotAllowed},
			// A secret verifier too: none must not pass where HS256 is allowed.
			verifyCase{name: spelling + "/hs-config", cfg: with(baseConfig(), "algorithms", []string{"HS256"},
				"keys", map[string]any{"secret_b64url": jwttest.B64(jwttest.Secret)}), token: unsigned + ".", code: jwtcheck.CodeAlgNotAllowed})
	}
	runVerifyCases(t, cases)
	for _, spelling := range []string{"none", "NONE"} {
		if _, err := compile(t, with(baseConfig(), "algorithms", []string{spelling})); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
			t.Errorf("algorithms [%q]: %v, want bad_config", spelling, err)
		}
	}
}

func TestAttackAlgConfusion(t *testing.T) {
	pubPEM := jwttest.PublicPEM(&jwttest.RSA.PublicKey)
	der, _ := x509.MarshalPKIXPublicKey(&jwttest.RSA.PublicKey)
	jwkJSON := jwttest.JSON(jwttest.PublicJWK(&jwttest.RSA.PublicKey, nil))
	forged := func(secret []byte) string {
		return jwttest.Sign("HS256", secret, `{"alg":"HS256","typ":"JWT"}`, goodClaims)
	}
	runVerifyCases(t, []verifyCase{
		{name: "pem-as-secret", token: forged([]byte(pubPEM)), code: jwtcheck.CodeAlgNotAllowed},
		{name: "der-as-secret", token: forged(der), code: jwtcheck.CodeAlgNotAllowed},
		{name: "jwk-json-as-secret", token: forged([]byte(jwkJSON)), code: jwtcheck.CodeAlgNotAllowed},
		{name: "modulus-as-secret", token: forged(jwttest.RSA.N.Bytes()), code: jwtcheck.CodeAlgNotAllowed},
		// Even with HS256 in the allowlist, a JWKS of public keys holds no
		// secret to MAC with.
		{name: "jwks-with-hs256-allowed", cfg: with(baseConfig(), "algorithms", []string{"RS256", "HS256"},
			"keys", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, nil))), token: forged([]byte(pubPEM)), code: jwtcheck.CodeKeyNotFound},
	})
	// A single PEM key with HS256 allowed is refused when configured.
	_, err := compile(t, with(baseConfig(), "algorithms", []string{"RS256", "HS256"}))
	if jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
		t.Errorf("PEM key + HS256: %v, want bad_config", err)
	}
	// A JWKS with a symmetric key is refused unless allowed explicitly.
	octJWKS := jwks(jwttest.PublicJWK(jwttest.Secret, nil))
	if _, err := compile(t, with(baseConfig(), "algorithms", []string{"HS256"}, "keys", octJWKS)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
		t.Errorf("oct in JWKS: %v, want bad_config", err)
	}
	v := mustCompile(t, with(baseConfig(), "algorithms", []string{"HS256"}, "keys", octJWKS, "allow_symmetric_jwks", true))
	if _, err := v.Verify(forged(jwttest.Secret)); err != nil {
		t.Errorf("oct in JWKS with allow_symmetric_jwks: %v", err)
	}
	// Never a set mixing secrets and public keys, even when allowed.
	mixed := jwks(jwttest.PublicJWK(jwttest.Secret, nil), jwttest.PublicJWK(&jwttest.RSA.PublicKey, nil))
	_, err = compile(t, with(baseConfig(), "algorithms", []string{"HS256", "RS256"}, "keys", mixed, "allow_symmetric_jwks", true))
	if jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig || !strings.Contains(err.Error(), "mixes") {
		t.Errorf("mixed JWKS: %v, want bad_config", err)
	}
}

func TestAttackCrossAlgorithm(t *testing.T) {
	mixedEC := with(baseConfig(), "algorithms", []string{"ES256", "ES384"},
		"keys", jwks(jwttest.PublicJWK(&jwttest.P384.PublicKey, nil)))
	psOnly := with(baseConfig(), "algorithms", []string{"RS256", "PS256"},
		"keys", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"alg": "PS256"})))
	runVerifyCases(t, []verifyCase{
		{name: "ES256-token-P384-key", cfg: mixedEC, token: jwttest.Sign("ES256", jwttest.P256, `{"alg":"ES256"}`, goodClaims), code: jwtcheck.CodeKeyNotFound},
		{name: "RS256-token-PS256-jwk", cfg: psOnly, token: rs256(goodClaims), code: jwtcheck.CodeKeyNotFound},
		{name: "PS256-token-PS256-jwk", cfg: psOnly, token: jwttest.Sign("PS256", jwttest.RSA, `{"alg":"PS256"}`, goodClaims)},
		{name: "PS256-salt-20", cfg: psOnly, token: jwttest.PSSWithSalt(jwttest.RSA, `{"alg":"PS256"}`, goodClaims, 20), code: jwtcheck.CodeSignature},
		{name: "PS256-salt-0", cfg: psOnly, token: jwttest.PSSWithSalt(jwttest.RSA, `{"alg":"PS256"}`, goodClaims, 0), code: jwtcheck.CodeSignature},
		{name: "Ed25519-token-EdDSA-jwk", cfg: with(baseConfig(), "algorithms", []string{"EdDSA", "Ed25519"},
			"keys", jwks(jwttest.PublicJWK(jwttest.Ed25519.Public(), map[string]any{"alg": "EdDSA"}))),
			token: jwttest.Sign("Ed25519", jwttest.Ed25519, `{"alg":"Ed25519"}`, goodClaims), code: jwtcheck.CodeKeyNotFound},
		{name: "PS256-salt-32", cfg: psOnly, token: jwttest.PSSWithSalt(jwttest.RSA, `{"alg":"PS256"}`, goodClaims, 32)},
		{name: "alg-not-in-allowlist", token: jwttest.Sign("RS512", jwttest.RSA, `{"alg":"RS512"}`, goodClaims), code: jwtcheck.CodeAlgNotAllowed},
		{name: "alg-unknown", token: jwttest.B64([]byte(`{"alg":"ES256K"}`)) + "." + jwttest.B64([]byte(goodClaims)) + ".AAAA", code: jwtcheck.CodeAlgNotAllowed},
		{name: "alg-lowercase", token: jwttest.B64([]byte(`{"alg":"rs256"}`)) + "." + strings.SplitN(rs256(goodClaims), ".", 2)[1], code: jwtcheck.CodeAlgNotAllowed},
		{name: "alg-missing", token: jwttest.B64([]byte(`{"typ":"JWT"}`)) + "." + strings.SplitN(rs256(goodClaims), ".", 2)[1], code: jwtcheck.CodeMalformed},
		{name: "alg-number", token: jwttest.B64([]byte(`{"alg":256}`)) + "." + strings.SplitN(rs256(goodClaims), ".", 2)[1], code: jwtcheck.CodeMalformed},
	})
}

func TestAttackKid(t *testing.T) {
	set := with(baseConfig(), "keys", jwks(
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1"}),
		jwttest.PublicJWK(&jwttest.RSAOther.PublicKey, map[string]any{"kid": "k2"})))
	sign := func(kidJSON string) string {
		return jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":`+kidJSON+`}`, goodClaims)
	}
	runVerifyCases(t, []verifyCase{
		{name: "right-kid", cfg: set, token: sign(`"k1"`)},
		{name: "other-kid", cfg: set, token: sign(`"k2"`), code: jwtcheck.CodeSignature},
		{name: "path-traversal", cfg: set, token: sign(`"../../dev/null"`), code: jwtcheck.CodeKeyNotFound},
		{name: "sql", cfg: set, token: sign(`"' OR 1=1--"`), code: jwtcheck.CodeKeyNotFound},
		{name: "long", cfg: set, token: sign(`"` + strings.Repeat("k", 10000) + `"`), code: jwtcheck.CodeKeyNotFound},
		{name: "case", cfg: set, token: sign(`"K1"`), code: jwtcheck.CodeKeyNotFound},
		{name: "number", cfg: set, token: sign(`1`), code: jwtcheck.CodeMalformed},
		{name: "object", cfg: set, token: sign(`{"kid":"k1"}`), code: jwtcheck.CodeMalformed},
		{name: "null", cfg: set, token: sign(`null`), code: jwtcheck.CodeMalformed},
		{name: "no-kid-two-keys", cfg: set, token: rs256(goodClaims), code: jwtcheck.CodeKeyAmbiguous},
		// A static (PEM) key ignores kid, as jose does with a single key.
		{name: "static-key-any-kid", token: sign(`"whatever"`)},
	})
	dup := with(baseConfig(), "keys", jwks(
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1"}),
		jwttest.PublicJWK(&jwttest.RSAOther.PublicKey, map[string]any{"kid": "k1"})))
	runVerifyCases(t, []verifyCase{{name: "duplicate-kid", cfg: dup, token: sign(`"k1"`), code: jwtcheck.CodeKeyAmbiguous}})
}

func TestAttackEmbeddedKeys(t *testing.T) {
	attackerJWK := jwttest.JSON(jwttest.PublicJWK(&jwttest.RSAOther.PublicKey, map[string]any{"kid": "k1"}))
	set := with(baseConfig(), "keys", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1"})))
	forge := func(extra string) string {
		return jwttest.Sign("RS256", jwttest.RSAOther, `{"alg":"RS256","kid":"k1",`+extra+`}`, goodClaims)
	}
	runVerifyCases(t, []verifyCase{
		{name: "jwk", cfg: set, token: forge(`"jwk":` + attackerJWK), code: jwtcheck.CodeSignature},
		{name: "jku", cfg: set, token: forge(`"jku":"http://127.0.0.1:1/jwks.json"`), code: jwtcheck.CodeSignature},
		{name: "x5u", cfg: set, token: forge(`"x5u":"http://127.0.0.1:1/cert.pem"`), code: jwtcheck.CodeSignature},
		{name: "x5c", cfg: set, token: forge(`"x5c":["MIIB"]`), code: jwtcheck.CodeSignature},
		// The headers are inert, not forbidden: a genuine token carrying them verifies.
		{name: "genuine-with-jku", cfg: set, token: jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":"k1","jku":"http://127.0.0.1:1/"}`, goodClaims)},
	})
}

func TestAttackPsychicSignature(t *testing.T) {
	cfg := with(baseConfig(), "algorithms", []string{"ES256"}, "keys", map[string]any{"pem": jwttest.PublicPEM(&jwttest.P256.PublicKey)})
	signing := jwttest.B64([]byte(`{"alg":"ES256"}`)) + "." + jwttest.B64([]byte(goodClaims))
	n := jwttest.P256.Curve.Params().N
	rs := func(r, s *big.Int) string {
		return signing + "." + jwttest.P256Signature(r, s)
	}
	good := jwttest.SignRaw("ES256", jwttest.P256, jwttest.B64([]byte(`{"alg":"ES256"}`)), jwttest.B64([]byte(goodClaims)))
	goodSig, _ := jwttest.B64Decode(strings.Split(good, ".")[2])
	runVerifyCases(t, []verifyCase{
		{name: "genuine", cfg: cfg, token: good},
		{name: "r=s=0", cfg: cfg, token: rs(big.NewInt(0), big.NewInt(0)), code: jwtcheck.CodeSignature},
		{name: "r=s=n", cfg: cfg, token: rs(n, n), code: jwtcheck.CodeSignature},
		{name: "r=0,s=1", cfg: cfg, token: rs(big.NewInt(0), big.NewInt(1)), code: jwtcheck.CodeSignature},
		{name: "empty", cfg: cfg, token: signing + ".", code: jwtcheck.CodeSignature},
		{name: "truncated", cfg: cfg, token: signing + "." + jwttest.B64(goodSig[:63]), code: jwtcheck.CodeSignature},
		{name: "trailing-zero", cfg: cfg, token: signing + "." + jwttest.B64(append(goodSig, 0)), code: jwtcheck.CodeSignature},
	})
}

func TestAttackWeakKeys(t *testing.T) {
	weakJWK := jwttest.PublicJWK(&jwttest.RSAWeak.PublicKey, map[string]any{"kid": "old"})
	e1 := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"e": "AQ"})
	eEven := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"e": "AQAC"})
	hs := func(algs []string, secret []byte) map[string]any {
		return with(baseConfig(), "algorithms", algs, "keys", map[string]any{"secret_b64url": jwttest.B64(secret)})
	}
	tests := []struct {
		name string
		cfg  map[string]any
	}{
		{"rsa1024-pem", with(baseConfig(), "keys", map[string]any{"pem": jwttest.PublicPEM(&jwttest.RSAWeak.PublicKey)})},
		{"rsa1024-jwks", with(baseConfig(), "keys", jwks(weakJWK))},
		{"rsa1024-jwk", with(baseConfig(), "keys", map[string]any{"jwk": weakJWK})},
		{"rsa-e-1", with(baseConfig(), "keys", map[string]any{"jwk": e1})},
		{"rsa-e-even", with(baseConfig(), "keys", map[string]any{"jwk": eEven})},
		{"hs256-empty", hs([]string{"HS256"}, nil)},
		{"hs256-1-byte", hs([]string{"HS256"}, []byte("x"))},
		{"hs256-31-bytes", hs([]string{"HS256"}, jwttest.Secret[:31])},
		{"hs384-47-bytes", hs([]string{"HS384"}, jwttest.Secret[:47])},
		{"hs512-32-bytes", hs([]string{"HS256", "HS512"}, jwttest.Secret[:32])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compile(t, tt.cfg)
			if jwtcheck.CodeOf(err) != jwtcheck.CodeKeyWeak {
				t.Fatalf("got %v (%s), want key_weak", err, jwtcheck.CodeOf(err))
			}
		})
	}
	// The exact hash size is enough.
	mustCompile(t, hs([]string{"HS256"}, jwttest.Secret[:32]))
	mustCompile(t, hs([]string{"HS512"}, jwttest.Secret[:64]))
}

func TestAttackCritAndB64(t *testing.T) {
	sign := func(hdr string) string { return jwttest.Sign("RS256", jwttest.RSA, hdr, goodClaims) }
	runVerifyCases(t, []verifyCase{
		{name: "crit-exp", token: sign(`{"alg":"RS256","crit":["exp"],"exp":1}`), code: jwtcheck.CodeCrit},
		{name: "crit-unknown-ext", token: sign(`{"alg":"RS256","crit":["http://example.invalid/ext"],"http://example.invalid/ext":true}`), code: jwtcheck.CodeCrit},
		{name: "crit-empty", token: sign(`{"alg":"RS256","crit":[]}`), code: jwtcheck.CodeCrit},
		{name: "crit-string", token: sign(`{"alg":"RS256","crit":"b64"}`), code: jwtcheck.CodeCrit},
		{name: "crit-empty-name", token: sign(`{"alg":"RS256","crit":[""]}`), code: jwtcheck.CodeCrit},
		{name: "crit-b64-false", token: sign(`{"alg":"RS256","b64":false,"crit":["b64"]}`), code: jwtcheck.CodeCrit},
		{name: "b64-false-no-crit", token: sign(`{"alg":"RS256","b64":false}`), code: jwtcheck.CodeCrit},
		{name: "b64-string", token: sign(`{"alg":"RS256","b64":"false"}`), code: jwtcheck.CodeCrit},
		{name: "crit-b64-absent", token: sign(`{"alg":"RS256","crit":["b64"]}`), code: jwtcheck.CodeCrit},
		{name: "crit-b64-true", token: sign(`{"alg":"RS256","b64":true,"crit":["b64"]}`)},
		// crit is checked before the signature: an unknown extension is
		// refused whoever signed it.
		{name: "crit-bad-signature", token: tamper(sign(`{"alg":"RS256","crit":["x"],"x":1}`)), code: jwtcheck.CodeCrit},
	})
}

func TestAttackDuplicateMembers(t *testing.T) {
	sign := func(hdr, claims string) string { return jwttest.Sign("RS256", jwttest.RSA, hdr, claims) }
	runVerifyCases(t, []verifyCase{
		{name: "header-alg-twice", token: sign(`{"alg":"none","alg":"RS256"}`, goodClaims), code: jwtcheck.CodeMalformed},
		{name: "header-alg-case", token: sign(`{"alg":"RS256","ALG":"none"}`, goodClaims), code: jwtcheck.CodeMalformed},
		{name: "claims-sub-twice", token: sign(hdrRS256, `{"sub":"a","sub":"b","exp":1800003600,"iss":"https://issuer.example","aud":"api"}`), code: jwtcheck.CodeMalformed},
		{name: "claims-iss-case", token: sign(hdrRS256, `{"iss":"evil","ISS":"https://issuer.example","exp":1800003600,"aud":"api"}`), code: jwtcheck.CodeMalformed},
		{name: "claims-role-case", token: sign(hdrRS256, `{"role":"user","Role":"admin","exp":1800003600,"iss":"https://issuer.example","aud":"api"}`), code: jwtcheck.CodeMalformed},
		{name: "claims-nested-dup", token: sign(hdrRS256, `{"a":{"x":1,"x":2},"exp":1800003600,"iss":"https://issuer.example","aud":"api"}`), code: jwtcheck.CodeMalformed},
		{name: "claims-kelvin", token: sign(hdrRS256, `{"kid":1,"\u212Aid":2,"exp":1800003600,"iss":"https://issuer.example","aud":"api"}`), code: jwtcheck.CodeMalformed},
	})
}

func TestAttackEncoding(t *testing.T) {
	claims := goodClaims
	if len(claims)%3 == 0 {
		claims += " " // so that the payload segment has spare bits to abuse
	}
	good := rs256(claims)
	p := strings.Split(good, ".")
	sig, _ := jwttest.B64Decode(p[2])
	hdrSeg := p[0]
	runVerifyCases(t, []verifyCase{
		{name: "one-segment", token: p[0], code: jwtcheck.CodeMalformed},
		{name: "two-segments", token: p[0] + "." + p[1], code: jwtcheck.CodeMalformed},
		{name: "four-segments", token: good + ".x", code: jwtcheck.CodeMalformed},
		{name: "jwe-five-segments", token: "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", code: jwtcheck.CodeMalformed},
		{name: "json-serialization", token: `{"payload":"` + p[1] + `","protected":"` + p[0] + `","signature":"` + p[2] + `"}`, code: jwtcheck.CodeMalformed},
		{name: "empty", token: "", code: jwtcheck.CodeMalformed},
		{name: "dots-only", token: "..", code: jwtcheck.CodeMalformed},
		{name: "sig-padded", token: good + "=", code: jwtcheck.CodeMalformed},
		{name: "sig-std-alphabet", token: p[0] + "." + p[1] + "." + strings.NewReplacer("-", "+", "_", "/").Replace(p[2]) + "+", code: jwtcheck.CodeMalformed},
		{name: "sig-newline", token: p[0] + "." + p[1] + "." + p[2][:10] + "\n" + p[2][10:], code: jwtcheck.CodeMalformed},
		{name: "sig-noncanonical-bits", token: p[0] + "." + p[1] + "." + noncanonical(jwttest.B64(sig)), code: jwtcheck.CodeMalformed},
		{name: "payload-noncanonical-bits", token: p[0] + "." + noncanonical(p[1]) + "." + p[2], code: jwtcheck.CodeMalformed},
		{name: "header-space", token: " " + good, code: jwtcheck.CodeMalformed},
		{name: "header-not-json", token: jwttest.B64([]byte("RS256")) + "." + p[1] + "." + p[2], code: jwtcheck.CodeMalformed},
		{name: "header-array", token: jwttest.B64([]byte(`["RS256"]`)) + "." + p[1] + "." + p[2], code: jwtcheck.CodeMalformed},
		{name: "header-bad-utf8", token: jwttest.B64([]byte("{\"alg\":\"RS256\",\"x\":\"\xff\"}")) + "." + p[1] + "." + p[2], code: jwtcheck.CodeMalformed},
		{name: "question-mark", token: hdrSeg + "?." + p[1] + "." + p[2], code: jwtcheck.CodeMalformed},
	})
}

// noncanonical flips the unused low bits of the last base64url character,
// which RFC 4648 §3.5 decoders may ignore but strict ones refuse.
func noncanonical(seg string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	if len(seg)%4 == 0 {
		panic("segment has no spare bits")
	}
	last := strings.IndexByte(alphabet, seg[len(seg)-1])
	return seg[:len(seg)-1] + string(alphabet[last|1])
}

func TestAttackSize(t *testing.T) {
	dots := strings.Repeat(".", 100000)
	bigCfg := with(baseConfig(), "max_token_bytes", 1<<20)
	runVerifyCases(t, []verifyCase{
		{name: "1MB", token: strings.Repeat("a", 1<<20), code: jwtcheck.CodeTooLarge},
		{name: "100000-dots", token: dots, code: jwtcheck.CodeTooLarge},
		{name: "100000-dots-raised-cap", cfg: bigCfg, token: dots, code: jwtcheck.CodeMalformed},
		{name: "1MB-raised-cap", cfg: bigCfg, token: strings.Repeat("a", 1<<20), code: jwtcheck.CodeMalformed},
		{name: "big-claims", token: rs256(`{"exp":1800003600,"pad":"` + strings.Repeat("x", 20000) + `"}`), code: jwtcheck.CodeTooLarge},
		{name: "deep-claims", cfg: with(bigCfg, "issuer", nil, "audience", nil),
			token: rs256(`{"exp":1800003600,"d":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`), code: jwtcheck.CodeMalformed},
	})
	if _, err := compile(t, with(baseConfig(), "max_token_bytes", 1<<21)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
		t.Errorf("max_token_bytes 2 MiB: %v, want bad_config", err)
	}
}

func TestClaimsTime(t *testing.T) {
	c := func(extra string) string {
		return rs256(`{"iss":"https://issuer.example","aud":"api"` + extra + `}`)
	}
	tol5 := with(baseConfig(), "clock_tolerance_s", 5)
	optional := with(baseConfig(), "require_exp", false)
	maxAge := with(baseConfig(), "max_age_s", 600)
	runVerifyCases(t, []verifyCase{
		{name: "exp-future", token: c(`,"exp":1800000001`)},
		{name: "exp-now", token: c(`,"exp":1800000000`), code: jwtcheck.CodeExpired, claim: "exp"},
		{name: "exp-past", token: c(`,"exp":1799999999`), code: jwtcheck.CodeExpired, claim: "exp"},
		{name: "exp-0", token: c(`,"exp":0`), code: jwtcheck.CodeExpired, claim: "exp"},
		{name: "exp-0-optional", cfg: optional, token: c(`,"exp":0`), code: jwtcheck.CodeExpired, claim: "exp"},
		{name: "exp-fraction", token: c(`,"exp":1800000000.5`)},
		{name: "exp-exponent", token: c(`,"exp":1.8000036e9`)},
		{name: "exp-string", token: c(`,"exp":"9999999999"`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-null", token: c(`,"exp":null`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-null-optional", cfg: optional, token: c(`,"exp":null`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-bool", token: c(`,"exp":true`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-array", token: c(`,"exp":[1900000000]`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-negative", token: c(`,"exp":-1`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-1e300", token: c(`,"exp":1e300`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-1e400", token: c(`,"exp":1e400`), code: jwtcheck.CodeClaimInvalid, claim: "exp"},
		{name: "exp-missing", token: c(``), code: jwtcheck.CodeClaimMissing, claim: "exp"},
		{name: "exp-missing-optional", cfg: optional, token: c(``)},
		{name: "exp-within-tolerance", cfg: tol5, token: c(`,"exp":1799999996`)},
		{name: "exp-at-tolerance", cfg: tol5, token: c(`,"exp":1799999995`), code: jwtcheck.CodeExpired},
		{name: "nbf-future", token: c(`,"exp":1800003600,"nbf":1800000001`), code: jwtcheck.CodeNotYetValid, claim: "nbf"},
		{name: "nbf-now", token: c(`,"exp":1800003600,"nbf":1800000000`)},
		{name: "nbf-within-tolerance", cfg: tol5, token: c(`,"exp":1800003600,"nbf":1800000005`)},
		{name: "nbf-string", token: c(`,"exp":1800003600,"nbf":"1"`), code: jwtcheck.CodeClaimInvalid, claim: "nbf"},
		{name: "iat-future", token: c(`,"exp":1800003600,"iat":1800000060`), code: jwtcheck.CodeNotYetValid, claim: "iat"},
		{name: "iat-string", token: c(`,"exp":1800003600,"iat":"x"`), code: jwtcheck.CodeClaimInvalid, claim: "iat"},
		{name: "max-age-fresh", cfg: maxAge, token: c(`,"exp":1800003600,"iat":1799999400`)},
		{name: "max-age-old", cfg: maxAge, token: c(`,"exp":1800003600,"iat":1799999399`), code: jwtcheck.CodeExpired, claim: "iat"},
		{name: "max-age-no-iat", cfg: maxAge, token: c(`,"exp":1800003600`), code: jwtcheck.CodeClaimMissing, claim: "iat"},
		// The signature is checked first: an expired, badly signed token
		// reports the signature (CVE-2024-51744 class).
		{name: "expired-and-bad-signature", token: c(`,"exp":1`)[:len(c(`,"exp":1`))-4] + "AAAA", code: jwtcheck.CodeSignature},
		{name: "expired-and-wrong-key", token: jwttest.Sign("RS256", jwttest.RSAOther, hdrRS256, `{"exp":1}`), code: jwtcheck.CodeSignature},
	})
}

func TestClaimsValues(t *testing.T) {
	c := func(claims string) string { return rs256(claims) }
	issList := with(baseConfig(), "issuer", []string{"https://a.example", "https://issuer.example"})
	audList := with(baseConfig(), "audience", []string{"web", "api"})
	subj := with(baseConfig(), "subject", "user-1")
	req := with(baseConfig(), "required_claims", []string{"jti", "tenant"})
	none := with(baseConfig(), "issuer", nil, "audience", nil)
	runVerifyCases(t, []verifyCase{
		{name: "all-good", token: c(goodClaims)},
		{name: "iss-wrong", token: c(`{"iss":"https://evil.example","aud":"api","exp":1800003600}`), code: jwtcheck.CodeIssuer, claim: "iss"},
		{name: "iss-missing", token: c(`{"aud":"api","exp":1800003600}`), code: jwtcheck.CodeClaimMissing, claim: "iss"},
		{name: "iss-number", token: c(`{"iss":1,"aud":"api","exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "iss"},
		{name: "iss-trailing-slash", token: c(`{"iss":"https://issuer.example/","aud":"api","exp":1800003600}`), code: jwtcheck.CodeIssuer},
		{name: "iss-list", cfg: issList, token: c(goodClaims)},
		{name: "aud-array-any", cfg: audList, token: c(`{"iss":"https://issuer.example","aud":["other","api"],"exp":1800003600}`)},
		{name: "aud-string-in-list", cfg: audList, token: c(`{"iss":"https://issuer.example","aud":"web","exp":1800003600}`)},
		{name: "aud-wrong", token: c(`{"iss":"https://issuer.example","aud":["web","other"],"exp":1800003600}`), code: jwtcheck.CodeAudience, claim: "aud"},
		{name: "aud-missing", token: c(`{"iss":"https://issuer.example","exp":1800003600}`), code: jwtcheck.CodeClaimMissing, claim: "aud"},
		{name: "aud-empty-array", token: c(`{"iss":"https://issuer.example","aud":[],"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "aud"},
		{name: "aud-empty-string-in-array", token: c(`{"iss":"https://issuer.example","aud":[""],"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "aud"},
		{name: "aud-number", token: c(`{"iss":"https://issuer.example","aud":123,"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "aud"},
		{name: "aud-mixed", token: c(`{"iss":"https://issuer.example","aud":["api",1],"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "aud"},
		{name: "aud-invalid-unconfigured", cfg: none, token: c(`{"aud":123,"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "aud"},
		{name: "sub-match", cfg: subj, token: c(goodClaims)},
		{name: "sub-mismatch", cfg: subj, token: c(`{"iss":"https://issuer.example","aud":"api","sub":"user-2","exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "sub"},
		{name: "sub-missing", cfg: subj, token: c(`{"iss":"https://issuer.example","aud":"api","exp":1800003600}`), code: jwtcheck.CodeClaimMissing, claim: "sub"},
		{name: "sub-number", token: c(`{"iss":"https://issuer.example","aud":"api","sub":123,"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "sub"},
		{name: "jti-object", token: c(`{"iss":"https://issuer.example","aud":"api","jti":{},"exp":1800003600}`), code: jwtcheck.CodeClaimInvalid, claim: "jti"},
		{name: "required-present", cfg: req, token: c(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"j","tenant":"t"}`)},
		{name: "required-missing", cfg: req, token: c(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"j"}`), code: jwtcheck.CodeClaimMissing, claim: "tenant"},
		{name: "required-null", cfg: req, token: c(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"j","tenant":null}`), code: jwtcheck.CodeClaimMissing, claim: "tenant"},
		{name: "claims-null", token: c(`null`), code: jwtcheck.CodeMalformed},
		{name: "claims-array", token: c(`[1,2]`), code: jwtcheck.CodeMalformed},
		{name: "claims-string", token: c(`"str"`), code: jwtcheck.CodeMalformed},
		{name: "claims-number", token: c(`42`), code: jwtcheck.CodeMalformed},
		{name: "claims-overlong-utf8", token: c("{\"exp\":1800003600,\"iss\":\"https://issuer.example\",\"aud\":\"api\",\"n\":\"\xc0\xaf\"}"), code: jwtcheck.CodeMalformed},
		{name: "claims-lone-surrogate", token: c(`{"exp":1800003600,"iss":"https://issuer.example","aud":"api","n":"\ud800"}`), code: jwtcheck.CodeMalformed},
		{name: "claims-trailing", token: c(goodClaims + `{}`), code: jwtcheck.CodeMalformed},
	})
}

func TestTyp(t *testing.T) {
	atJWT := with(baseConfig(), "typ", "at+jwt")
	sign := func(hdr string) string { return jwttest.Sign("RS256", jwttest.RSA, hdr, goodClaims) }
	runVerifyCases(t, []verifyCase{
		{name: "exact", cfg: atJWT, token: sign(`{"alg":"RS256","typ":"at+jwt"}`)},
		{name: "prefixed", cfg: atJWT, token: sign(`{"alg":"RS256","typ":"application/at+jwt"}`)},
		{name: "upper", cfg: atJWT, token: sign(`{"alg":"RS256","typ":"AT+JWT"}`)},
		{name: "id-token", cfg: atJWT, token: sign(`{"alg":"RS256","typ":"JWT"}`), code: jwtcheck.CodeTyp},
		{name: "absent", cfg: atJWT, token: sign(`{"alg":"RS256"}`), code: jwtcheck.CodeTyp},
		{name: "number", cfg: atJWT, token: sign(`{"alg":"RS256","typ":1}`), code: jwtcheck.CodeTyp},
		{name: "unchecked-number", token: sign(`{"alg":"RS256","typ":1}`), code: jwtcheck.CodeMalformed},
		{name: "unchecked-any", token: sign(`{"alg":"RS256","typ":"secevent+jwt"}`)},
	})
}

func TestKeySets(t *testing.T) {
	k1 := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1"})
	sign := func(kid string) string {
		return jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":"`+kid+`"}`, goodClaims)
	}
	withUse := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1", "use": "enc"})
	withOps := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1", "key_ops": []string{"encrypt"}})
	withVerify := jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "k1", "key_ops": []string{"verify"}})
	x25519 := map[string]any{"kty": "OKP", "crv": "X25519", "x": jwttest.B64(make([]byte, 32)), "kid": "k1"}
	secp := map[string]any{"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA", "kid": "k9"}
	runVerifyCases(t, []verifyCase{
		{name: "use-enc-skipped", cfg: with(baseConfig(), "keys", jwks(withUse)), token: sign("k1"), code: jwtcheck.CodeKeyNotFound},
		{name: "key-ops-encrypt-skipped", cfg: with(baseConfig(), "keys", jwks(withOps)), token: sign("k1"), code: jwtcheck.CodeKeyNotFound},
		{name: "key-ops-verify", cfg: with(baseConfig(), "keys", jwks(withVerify)), token: sign("k1")},
		{name: "unsupported-kty-skipped", cfg: with(baseConfig(), "keys", jwks(x25519, secp, k1)), token: sign("k1")},
		{name: "enc-key-and-sig-key", cfg: with(baseConfig(), "keys", jwks(withUse, k1)), token: sign("k1")},
		{name: "jwk-without-kid-vs-token-kid", cfg: with(baseConfig(), "keys", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, nil))), token: sign("k1"), code: jwtcheck.CodeKeyNotFound},
		{name: "empty-jwks", cfg: with(baseConfig(), "keys", map[string]any{"jwks": map[string]any{"keys": []any{}}}), token: sign("k1"), code: jwtcheck.CodeKeyNotFound},
	})
	bad := []struct {
		name string
		keys map[string]any
	}{
		{"private-rsa", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"d": "AQAB"}))},
		{"alg-kty-mismatch", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"alg": "ES256"}))},
		{"alg-curve-mismatch", jwks(jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"alg": "ES384"}))},
		{"ec-off-curve", jwks(jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"y": jwttest.B64(make([]byte, 32))}))},
		{"ec-short-x", jwks(jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"x": "AQ"}))},
		{"ed25519-short", jwks(map[string]any{"kty": "OKP", "crv": "Ed25519", "x": "AQ"})},
		{"key-ops-not-array", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"key_ops": "verify"}))},
		{"key-ops-duplicate", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"key_ops": []string{"verify", "verify"}}))},
		{"kid-number", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": 1}))},
		{"no-kty", jwks(map[string]any{"n": "AQ", "e": "AQAB"})},
		{"n-padded", jwks(jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"e": "AQAB="}))},
		{"keys-not-array", map[string]any{"jwks": map[string]any{"keys": map[string]any{}}}},
		{"jwks-dup-member", map[string]any{"jwks": map[string]any{"keys": []any{}, "KEYS": []any{}}}},
		{"two-key-sources", map[string]any{"pem": jwttest.PublicPEM(&jwttest.RSA.PublicKey), "secret_b64url": jwttest.B64(jwttest.Secret)}},
		{"no-key-source", map[string]any{}},
		{"unknown-key-source", map[string]any{"jku": "https://example.com/jwks"}},
		{"pem-private", map[string]any{"pem": testOnlyPrivatePEM(t)}},
		{"pem-garbage", map[string]any{"pem": "not a pem"}},
		{"pem-two-blocks", map[string]any{"pem": jwttest.PublicPEM(&jwttest.RSA.PublicKey) + jwttest.PublicPEM(&jwttest.RSA.PublicKey)}},
		{"secret-padded", map[string]any{"secret_b64url": jwttest.B64(jwttest.Secret) + "="}},
		{"single-jwk-enc", map[string]any{"jwk": withUse}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := compile(t, with(baseConfig(), "keys", tt.keys)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
				t.Fatalf("got %v (%s), want bad_config", err, jwtcheck.CodeOf(err))
			}
		})
	}
}

func testOnlyPrivatePEM(t *testing.T) string {
	der, err := x509.MarshalPKCS8PrivateKey(jwttest.P256)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func TestPEMForms(t *testing.T) {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1, 0)} // long expired: validity is not checked
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &jwttest.RSA.PublicKey, jwttest.RSA)
	if err != nil {
		t.Fatal(err)
	}
	cert := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&jwttest.RSA.PublicKey)}))
	for name, p := range map[string]string{"certificate": cert, "pkcs1": pkcs1} {
		t.Run(name, func(t *testing.T) {
			v := mustCompile(t, with(baseConfig(), "keys", map[string]any{"pem": p}))
			if _, err := v.Verify(rs256(goodClaims)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name, config, mention string
	}{
		{"unknown-member", `{"algorithms":["RS256"],"keys":{"secret_b64url":"x"},"issuers":"a"}`, `"issuers"`},
		{"case-variant-member", `{"Algorithms":["RS256"]}`, `"Algorithms"`},
		{"duplicate-member", `{"algorithms":["RS256"],"algorithms":["HS256"]}`, "duplicate"},
		{"unknown-keys-member", `{"algorithms":["RS256"],"keys":{"url":"https://x"}}`, `"url"`},
		{"no-algorithms", `{"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"}}`, "algorithms"},
		{"empty-algorithms", `{"algorithms":[],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"}}`, "algorithms"},
		{"unknown-alg", `{"algorithms":["HS1"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"}}`, "HS1"},
		{"dup-alg", `{"algorithms":["HS256","HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"}}`, "twice"},
		{"no-keys", `{"algorithms":["HS256"]}`, "keys"},
		{"tolerance", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"clock_tolerance_s":301}`, "clock_tolerance_s"},
		{"negative", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"max_age_s":-1}`, "negative"},
		{"empty-issuer", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"issuer":""}`, "issuer"},
		{"empty-audience-list", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"audience":[]}`, "empty"},
		{"issuer-number", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"issuer":1}`, "string"},
		{"now-fraction", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"},"now":1.5}`, "now"},
		{"not-object", `["HS256"]`, "object"},
		{"trailing", `{"algorithms":["HS256"],"keys":{"secret_b64url":"` + jwttest.B64(jwttest.Secret) + `"}} x`, "trailing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jwtcheck.Compile([]byte(tt.config))
			if jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
				t.Fatalf("got %v, want bad_config", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("message %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestVerifyUsesClock(t *testing.T) {
	clock := time.Unix(now, 0)
	v, err := jwtcheck.New(jwtcheck.Config{Algorithms: []string{"HS256"}, Keys: jwtcheck.NewSecretKey(jwttest.Secret),
		Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	tok := jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256"}`, `{"exp":1800000010}`)
	if _, err := v.Verify(tok); err != nil {
		t.Fatalf("before exp: %v", err)
	}
	clock = clock.Add(10 * time.Second)
	if _, err := v.Verify(tok); jwtcheck.CodeOf(err) != jwtcheck.CodeExpired {
		t.Fatalf("at exp: %v", err)
	}
	if _, err := v.VerifyAt(tok, time.Unix(now, 0)); err != nil {
		t.Fatalf("VerifyAt: %v", err)
	}
}
