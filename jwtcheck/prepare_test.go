package jwtcheck_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// outcome is what a verification path returned: the result bytes, or the
// error's code, message and claim.
type outcome struct {
	out                 string
	code, msg, claimFor string
}

func outcomeOf(out []byte, err error) outcome {
	if err == nil {
		return outcome{out: string(out)}
	}
	o := outcome{code: string(jwtcheck.CodeOf(err)), msg: err.Error()}
	if e, ok := err.(*jwtcheck.Error); ok {
		o.claimFor = e.Claim()
	}
	return o
}

// viaPrepare verifies token the way a host with native crypto does: keys
// once, verify_prepare, then the primitive in Go.
func viaPrepare(t testing.TB, v *jwtcheck.Verifier, token string) outcome {
	t.Helper()
	keys, err := jwtcheck.ParseExportedKeys(v.KeysJSON())
	if err != nil {
		t.Fatalf("ParseExportedKeys(%s): %v", v.KeysJSON(), err)
	}
	prepared, err := v.PrepareJSON(token)
	if err != nil {
		return outcomeOf(nil, err)
	}
	return outcomeOf(jwtcheck.FinishPrepared(keys, token, prepared))
}

// assertPathsAgree checks that token gets the same verdict (same JSON
// bytes, or same code, message and claim) from the pure path and from
// prepare plus the native primitive. compile must return a fresh verifier
// each time, so that neither path answers from a cache the other filled.
func assertPathsAgree(t testing.TB, compile func() *jwtcheck.Verifier, token string) {
	t.Helper()
	pure := outcomeOf(compile().VerifyJSON(token))
	prepared := viaPrepare(t, compile(), token)
	if pure != prepared {
		t.Errorf("paths disagree on %.80q:\n pure    %+v\n prepare %+v", token, pure, prepared)
	}
}

// TestPrepareAgreesOnVectors runs every jwt verify token of the conformance
// files (tests/vectors/jwt*.json) through both paths.
func TestPrepareAgreesOnVectors(t *testing.T) {
	n := 0
	for _, vec := range jwtConformanceVectors(t) {
		if vec.Kind != "jwt" || (vec.Op != "verify" && vec.Op != "verify_prepare") {
			continue
		}
		cfg, _ := json.Marshal(vec.Config)
		if _, err := jwtcheck.Compile(cfg); err != nil {
			continue // a configuration vector: no token is verified
		}
		t.Run(vec.Name, func(t *testing.T) {
			assertPathsAgree(t, func() *jwtcheck.Verifier {
				v, err := jwtcheck.Compile(cfg)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}, vec.Input)
		})
		n++
	}
	if n < 50 {
		t.Fatalf("only %d tokens compared", n)
	}
}

// TestPrepareAnswers checks the shape of each answer on hand-built cases,
// and the host's half on answers that do not verify.
func TestPrepareAnswers(t *testing.T) {
	esCfg := with(baseConfig(), "algorithms", []string{"ES256"}, "keys", map[string]any{"pem": jwttest.PublicPEM(&jwttest.P256.PublicKey)})
	edCfg := with(baseConfig(), "algorithms", []string{"EdDSA"}, "keys", map[string]any{"pem": jwttest.PublicPEM(jwttest.Ed25519.Public())})
	hsCfg := with(baseConfig(), "algorithms", []string{"HS256"}, "keys", map[string]any{"secret_b64url": jwttest.B64(jwttest.Secret)})
	claimsOut := `{"aud":"api","exp":1800003600,"iat":1799999000,"iss":"https://issuer.example","sub":"user-1"}`

	good := rs256(goodClaims)
	signed := strings.LastIndexByte(good, '.')
	parts := strings.Split(good, ".")
	tamperedPayload := parts[0] + "." + jwttest.B64([]byte(strings.Replace(goodClaims, "user-1", "admin1", 1))) + "." + parts[2]
	expired := rs256(`{"iss":"https://issuer.example","aud":"api","exp":1700000000}`)
	expiredBadSig := expired[:strings.LastIndexByte(expired, '.')] + "." + parts[2]
	esSigning := jwttest.B64([]byte(`{"alg":"ES256"}`)) + "." + jwttest.B64([]byte(goodClaims))
	n := jwttest.P256.Curve.Params().N
	rs := func(r, s *big.Int) string {
		return esSigning + "." + jwttest.P256Signature(r, s)
	}
	goodES := jwttest.SignRaw("ES256", jwttest.P256, jwttest.B64([]byte(`{"alg":"ES256"}`)), jwttest.B64([]byte(goodClaims)))
	esSig, _ := jwttest.B64Decode(strings.Split(goodES, ".")[2])
	r := new(big.Int).SetBytes(esSig[:32])
	goodEd := jwttest.Sign("EdDSA", jwttest.Ed25519, `{"alg":"EdDSA"}`, goodClaims)
	edSig, _ := jwttest.B64Decode(strings.Split(goodEd, ".")[2])
	edSigning := goodEd[:strings.LastIndexByte(goodEd, '.')]
	rsaSig, _ := jwttest.B64Decode(parts[2])

	tests := []struct {
		name   string
		cfg    map[string]any
		token  string
		answer string        // exact verify_prepare answer, when the call succeeds
		code   jwtcheck.Code // the call's error, or (with answer) the final verdict
	}{
		{name: "rs256-then", token: good,
			answer: `{"key":0,"alg":"RS256","signed":` + itoa(signed) + `,"then":{"header":{"alg":"RS256","typ":"JWT"},"claims":` + claimsOut + `}}`},
		{name: "hs256-done", cfg: hsCfg, token: jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256","typ":"JWT"}`, goodClaims),
			answer: `{"done":{"header":{"alg":"HS256","typ":"JWT"},"claims":` + claimsOut + `}}`},
		{name: "expired-error", token: expired,
			answer: `{"key":0,"alg":"RS256","signed":` + itoa(strings.LastIndexByte(expired, '.')) + `,"error":{"code":"expired","message":"token expired","detail":{"claim":"exp"}}}`,
			code:   jwtcheck.CodeExpired},
		{name: "expired-and-bad-signature-reports-signature", token: expiredBadSig, code: jwtcheck.CodeSignature},
		{name: "tampered-signed-part", token: tamperedPayload, code: jwtcheck.CodeSignature},
		{name: "rsa-signature-one-byte-short", token: good[:signed+1] + jwttest.B64(rsaSig[:255]), code: jwtcheck.CodeSignature},
		{name: "rsa-signature-leading-zero-extra", token: good[:signed+1] + jwttest.B64(append([]byte{0}, rsaSig...)), code: jwtcheck.CodeSignature},
		{name: "es256-r-zero", cfg: esCfg, token: rs(big.NewInt(0), big.NewInt(1)), code: jwtcheck.CodeSignature},
		{name: "es256-s-equals-n", cfg: esCfg, token: rs(r, n), code: jwtcheck.CodeSignature},
		{name: "es256-r-above-n", cfg: esCfg, token: rs(new(big.Int).Add(n, big.NewInt(1)), new(big.Int).SetBytes(esSig[32:])), code: jwtcheck.CodeSignature},
		{name: "es256-63-bytes", cfg: esCfg, token: esSigning + "." + jwttest.B64(esSig[:63]), code: jwtcheck.CodeSignature},
		{name: "es256-der-encoded-length", cfg: esCfg, token: esSigning + "." + jwttest.B64(make([]byte, 72)), code: jwtcheck.CodeSignature},
		{name: "eddsa-63-bytes", cfg: edCfg, token: edSigning + "." + jwttest.B64(edSig[:63]), code: jwtcheck.CodeSignature},
		{name: "eddsa-ok", cfg: edCfg, token: goodEd},
		{name: "malformed-before-signature", token: "a.b", code: jwtcheck.CodeMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			if cfg == nil {
				cfg = baseConfig()
			}
			compile := func() *jwtcheck.Verifier { return mustCompile(t, cfg) }
			assertPathsAgree(t, compile, tc.token)
			answer, err := compile().PrepareJSON(tc.token)
			if tc.answer != "" && string(answer) != tc.answer {
				t.Errorf("answer\n got %s (%v)\nwant %s", answer, err, tc.answer)
			}
			final := viaPrepare(t, compile(), tc.token)
			if final.code != string(tc.code) {
				t.Errorf("verdict %+v, want code %q", final, tc.code)
			}
			if tc.code == jwtcheck.CodeSignature && err != nil && jwtcheck.CodeOf(err) != jwtcheck.CodeSignature {
				t.Errorf("prepare error %v", err)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestFinishPreparedRefusesForeignAnswers: an answer that does not belong
// to the token or the key set fails closed.
func TestFinishPreparedRefusesForeignAnswers(t *testing.T) {
	v := mustCompile(t, with(baseConfig(), "keys", jwks(
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "r1"}),
		jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"kid": "e1"})), "algorithms", []string{"RS256", "ES256"}))
	keys, err := jwtcheck.ParseExportedKeys(v.KeysJSON())
	if err != nil {
		t.Fatal(err)
	}
	token := jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":"r1"}`, goodClaims)
	prepared, err := v.PrepareJSON(token)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := jwtcheck.FinishPrepared(keys, token, prepared); err != nil || !bytes.HasPrefix(out, []byte(`{"header":`)) {
		t.Fatalf("genuine: %s %v", out, err)
	}
	signed := strings.LastIndexByte(token, '.')
	then := `,"then":{"header":{},"claims":{}}}`
	for name, answer := range map[string]string{
		"other-key":       `{"key":1,"alg":"RS256","signed":` + itoa(signed) + then,
		"key-out-of-set":  `{"key":2,"alg":"RS256","signed":` + itoa(signed) + then,
		"negative-key":    `{"key":-1,"alg":"RS256","signed":` + itoa(signed) + then,
		"unknown-alg":     `{"key":0,"alg":"none","signed":` + itoa(signed) + then,
		"signed-not-dot":  `{"key":0,"alg":"RS256","signed":5` + then,
		"signed-too-long": `{"key":0,"alg":"RS256","signed":100000` + then,
		"no-then":         `{"key":0,"alg":"RS256","signed":` + itoa(signed) + `}`,
		"not-json":        `{"key":`,
	} {
		if out, err := jwtcheck.FinishPrepared(keys, token, []byte(answer)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
			t.Errorf("%s: %s %v, want bad_config", name, out, err)
		}
	}
	// The secret never leaves the module: an HMAC entry verifies nothing.
	hs := mustCompile(t, with(baseConfig(), "algorithms", []string{"HS256"}, "keys", map[string]any{"secret_b64url": jwttest.B64(jwttest.Secret)}))
	if got := string(hs.KeysJSON()); got != `{"keys":[{"jwk":{"kty":"oct"}}]}` {
		t.Fatalf("HMAC keys answer %s", got)
	}
	hsKeys, err := jwtcheck.ParseExportedKeys(hs.KeysJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := hsKeys.VerifySignature(0, "HS256", "a.b", make([]byte, 32)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
		t.Errorf("HMAC host verification: %v", err)
	}
}

// TestKeysJSON checks the export of every key type against the key itself,
// and that EC coordinates keep their leading zeros.
func TestKeysJSON(t *testing.T) {
	// A P-256 key whose x starts with a zero byte: big.Int.Bytes would
	// drop it, RFC 7518 §6.2.1.2 requires it.
	var short *ecdsa.PrivateKey
	for short == nil {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := k.PublicKey.Bytes(); raw[1] == 0 {
			short = k
		}
	}
	rawShort, _ := short.PublicKey.Bytes()
	v := mustCompile(t, with(baseConfig(), "algorithms", []string{"RS256", "ES256", "ES512", "EdDSA"}, "keys", jwks(
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "r1", "alg": "RS256", "use": "sig"}),
		jwttest.PublicJWK(&short.PublicKey, map[string]any{"kid": "e1"}),
		jwttest.PublicJWK(&jwttest.P521.PublicKey, nil),
		jwttest.PublicJWK(jwttest.Ed25519.Public(), map[string]any{"kid": "d1", "key_ops": []string{"verify"}}),
		jwttest.PublicJWK(&jwttest.P384.PublicKey, map[string]any{"kid": "enc", "use": "enc"}))))
	rawP521, _ := jwttest.P521.PublicKey.Bytes()
	rsaPub := jwttest.RSA.PublicKey
	want := `{"keys":[` +
		`{"kid":"r1","alg":"RS256","jwk":{"kty":"RSA","n":"` + jwttest.B64(rsaPub.N.Bytes()) + `","e":"AQAB"}},` +
		`{"kid":"e1","jwk":{"kty":"EC","crv":"P-256","x":"` + jwttest.B64(rawShort[1:33]) + `","y":"` + jwttest.B64(rawShort[33:]) + `"}},` +
		`{"jwk":{"kty":"EC","crv":"P-521","x":"` + jwttest.B64(rawP521[1:67]) + `","y":"` + jwttest.B64(rawP521[67:]) + `"}},` +
		`{"kid":"d1","jwk":{"kty":"OKP","crv":"Ed25519","x":"` + jwttest.B64(jwttest.Ed25519.Public().(ed25519.PublicKey)) + `"}}]}`
	if got := string(v.KeysJSON()); got != want {
		t.Fatalf("KeysJSON\n got %s\nwant %s", got, want)
	}
	if len(rawShort[1:33]) != 32 || rawShort[1] != 0 {
		t.Fatal("the test key lost its leading zero")
	}
	keys, err := jwtcheck.ParseExportedKeys(v.KeysJSON())
	if err != nil {
		t.Fatal(err)
	}
	if keys.Len() != 4 {
		t.Fatalf("%d keys parsed back", keys.Len())
	}
	for name, doc := range map[string]string{
		"private-member": `{"keys":[{"jwk":{"kty":"OKP","crv":"Ed25519","x":"` + jwttest.B64(make([]byte, 32)) + `","d":"AA"}}]}`,
		"unknown-member": `{"keys":[{"jwk":{"kty":"oct"},"use":"sig"}]}`,
		"oct-with-k":     `{"keys":[{"jwk":{"kty":"oct","k":"c2VjcmV0"}}]}`,
		"alg-mismatch":   `{"keys":[{"alg":"ES256","jwk":{"kty":"OKP","crv":"Ed25519","x":"` + jwttest.B64(make([]byte, 32)) + `"}}]}`,
		"unsupported":    `{"keys":[{"jwk":{"kty":"OKP","crv":"X25519","x":"` + jwttest.B64(make([]byte, 32)) + `"}}]}`,
		"weak-rsa":       `{"keys":[{"jwk":` + jwttest.JSON(jwttest.PublicJWK(&jwttest.RSAWeak.PublicKey, nil)) + `}]}`,
		"not-a-list":     `{"keys":{}}`,
	} {
		if _, err := jwtcheck.ParseExportedKeys([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzPrepareAgrees feeds mutated tokens to both paths of one verifier with
// RSA, ECDSA and Ed25519 keys: their verdicts must be identical.
func FuzzPrepareAgrees(f *testing.F) {
	cfg, _ := json.Marshal(with(baseConfig(), "algorithms", []string{"RS256", "PS256", "ES256", "EdDSA"}, "keys", jwks(
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "r"}),
		jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"kid": "e"}),
		jwttest.PublicJWK(jwttest.Ed25519.Public(), map[string]any{"kid": "d"}))))
	compile := func() *jwtcheck.Verifier {
		v, err := jwtcheck.Compile(cfg)
		if err != nil {
			f.Fatal(err)
		}
		return v
	}
	f.Add(jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":"r"}`, goodClaims))
	f.Add(jwttest.Sign("PS256", jwttest.RSA, `{"alg":"PS256","kid":"r"}`, goodClaims))
	f.Add(jwttest.Sign("ES256", jwttest.P256, `{"alg":"ES256","kid":"e"}`, goodClaims))
	f.Add(jwttest.Sign("EdDSA", jwttest.Ed25519, `{"alg":"EdDSA","kid":"d"}`, `{"exp":1}`))
	f.Fuzz(func(t *testing.T, token string) {
		assertPathsAgree(t, compile, token)
	})
}
