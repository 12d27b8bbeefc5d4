package jwtcheck_test

import (
	"crypto/ed25519"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// prepareVectorFile holds the conformance vectors of the host-signature
// protocol's operations, keys and verify_prepare (docs/jwt.md).
var prepareVectorFile = filepath.Join("..", "tests", "vectors", "jwt-prepare.json")

// prepareVectorSpecs builds them. As in vectorSpecs, every expected answer
// is written from the protocol's rules: "signed" is the offset of the
// token's last dot, "then" is verify's result for a good signature, and
// the module refuses a signature of the wrong shape itself. Tokens with a
// bad signature of the right shape get the same answer as good ones: only
// the host's primitive can tell them apart (TestPrepareAnswers shows it
// does).
func prepareVectorSpecs() []vector {
	const iss, aud = "https://issuer.example", "api"
	base := func(algs []string, keys map[string]any, extra ...any) map[string]any {
		cfg := map[string]any{"algorithms": algs, "keys": keys, "issuer": iss, "audience": aud, "now": now}
		return with(cfg, extra...)
	}
	b64 := jwttest.B64
	rsaPub := &jwttest.RSA.PublicKey
	rsaJWK := `{"kty":"RSA","n":"` + b64(rsaPub.N.Bytes()) + `","e":"AQAB"}`
	ecJWK := func(raw []byte, crv string) string {
		size := (len(raw) - 1) / 2
		return `{"kty":"EC","crv":"` + crv + `","x":"` + b64(raw[1:1+size]) + `","y":"` + b64(raw[1+size:]) + `"}`
	}
	p256, _ := jwttest.P256.PublicKey.Bytes()
	p384, _ := jwttest.P384.PublicKey.Bytes()
	p521, _ := jwttest.P521.PublicKey.Bytes()
	edPub := jwttest.Ed25519.Public().(ed25519.PublicKey)
	edJWK := `{"kty":"OKP","crv":"Ed25519","x":"` + b64(edPub) + `"}`

	hsCfg := base([]string{"HS256"}, map[string]any{"secret_b64url": b64(jwttest.Secret)})
	rsCfg := base([]string{"RS256", "PS256"}, map[string]any{"pem": jwttest.PublicPEM(rsaPub)})
	esCfg := base([]string{"ES256"}, map[string]any{"jwk": jwttest.PublicJWK(&jwttest.P256.PublicKey, nil)})
	es384Cfg := base([]string{"ES384"}, map[string]any{"pem": jwttest.PublicPEM(&jwttest.P384.PublicKey)})
	es512Cfg := base([]string{"ES512"}, map[string]any{"pem": jwttest.PublicPEM(&jwttest.P521.PublicKey)})
	edCfg := base([]string{"EdDSA", "Ed25519"}, jwks(jwttest.PublicJWK(edPub, map[string]any{"kid": "ed1", "use": "sig"})))
	setCfg := base([]string{"RS256", "ES256", "ES512"}, jwks(
		jwttest.PublicJWK(rsaPub, map[string]any{"kid": "r1", "alg": "RS256"}),
		jwttest.PublicJWK(&jwttest.P384.PublicKey, map[string]any{"kid": "enc", "use": "enc"}),
		jwttest.PublicJWK(&jwttest.RSAOther.PublicKey, map[string]any{"kid": "r2", "key_ops": []string{"verify"}}),
		jwttest.PublicJWK(&jwttest.P256.PublicKey, map[string]any{"kid": "e1"}),
		jwttest.PublicJWK(&jwttest.P521.PublicKey, map[string]any{"kid": "e3"})))
	rsaOther := `{"kty":"RSA","n":"` + b64(jwttest.RSAOther.N.Bytes()) + `","e":"AQAB"}`

	claims := `{"sub":"user-1","iss":"https://issuer.example","aud":"api","exp":1800003600,"iat":1799999000}`
	claimsOut := `{"aud":"api","exp":1800003600,"iat":1799999000,"iss":"https://issuer.example","sub":"user-1"}`
	result := func(header string) string { return `{"header":` + header + `,"claims":` + claimsOut + `}` }
	host := func(key int, alg, token, tail string) string {
		return `{"key":` + strconv.Itoa(key) + `,"alg":"` + alg + `","signed":` + strconv.Itoa(strings.LastIndexByte(token, '.')) + `,` + tail + `}`
	}
	then := func(key int, alg, token, header string) string {
		return host(key, alg, token, `"then":`+result(header))
	}

	sign := func(alg string, key any, hdr string) string { return jwttest.Sign(alg, key, hdr, claims) }
	rs := sign("RS256", jwttest.RSA, `{"alg":"RS256"}`)
	es := sign("ES256", jwttest.P256, `{"alg":"ES256"}`)
	esSig, _ := jwttest.B64Decode(es[strings.LastIndexByte(es, '.')+1:])
	esSigning := es[:strings.LastIndexByte(es, '.')]
	n := jwttest.P256.Curve.Params().N
	esRS := func(r, s *big.Int) string {
		return esSigning + "." + jwttest.P256Signature(r, s)
	}
	ed := sign("EdDSA", jwttest.Ed25519, `{"alg":"EdDSA","kid":"ed1"}`)
	ps := sign("PS256", jwttest.RSA, `{"alg":"PS256"}`)
	es384 := sign("ES384", jwttest.P384, `{"alg":"ES384"}`)
	r2 := sign("RS256", jwttest.RSAOther, `{"alg":"RS256","kid":"r2"}`)
	e3 := sign("ES512", jwttest.P521, `{"alg":"ES512","kid":"e3"}`)
	rsaPEM := rsCfg["keys"].(map[string]any)["pem"].(string)
	rsParts := strings.Split(rs, ".")
	rsTampered := rsParts[0] + "." + b64([]byte(strings.Replace(claims, "user-1", "admin1", 1))) + "." + rsParts[2]
	rsExpired := jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256"}`, `{"iss":"https://issuer.example","aud":"api","exp":1799999999}`)
	rsExpiredBadSig := rsExpired[:strings.LastIndexByte(rsExpired, '.')] + "." + rsParts[2]
	rsDup := jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256"}`, `{"sub":"a","sub":"b","iss":"https://issuer.example","aud":"api","exp":1800003600}`)
	rsWrongIss := jwttest.Sign("RS256", jwttest.RSA, `{"alg":"RS256"}`, `{"iss":"https://evil.example","aud":"api","exp":1800003600}`)
	rsSig, _ := jwttest.B64Decode(rsParts[2])
	hs := sign("HS256", jwttest.Secret, `{"alg":"HS256"}`)
	hsBad := hs[:strings.LastIndexByte(hs, '.')] + "." + b64(make([]byte, 32))

	keys := func(name string, cfg map[string]any, output string) vector {
		return vector{Name: "jwt-prepare/keys/" + name, Kind: "jwt", Config: cfg, Op: "keys", Input: "", Output: output}
	}
	prep := func(name string, cfg map[string]any, token, output, code string) vector {
		return vector{Name: "jwt-prepare/" + name, Kind: "jwt", Config: cfg, Op: "verify_prepare", Input: token, Output: output, Error: code}
	}
	return []vector{
		// keys: public members only, fixed-length EC coordinates, index order,
		// unusable keys (use enc) left out, secrets never exported.
		keys("rsa-pem", rsCfg, `{"keys":[{"jwk":`+rsaJWK+`}]}`),
		keys("ec-p256-jwk", esCfg, `{"keys":[{"jwk":`+ecJWK(p256, "P-256")+`}]}`),
		keys("ec-p384-pem", es384Cfg, `{"keys":[{"jwk":`+ecJWK(p384, "P-384")+`}]}`),
		keys("ec-p521-pem", es512Cfg, `{"keys":[{"jwk":`+ecJWK(p521, "P-521")+`}]}`),
		keys("okp-jwks-kid", edCfg, `{"keys":[{"kid":"ed1","jwk":`+edJWK+`}]}`),
		keys("hmac-secret-stays", hsCfg, `{"keys":[{"jwk":{"kty":"oct"}}]}`),
		keys("set-with-alg-pins", setCfg, `{"keys":[{"kid":"r1","alg":"RS256","jwk":`+rsaJWK+`},{"kid":"r2","jwk":`+rsaOther+`},`+
			`{"kid":"e1","jwk":`+ecJWK(p256, "P-256")+`},{"kid":"e3","jwk":`+ecJWK(p521, "P-521")+`}]}`),

		// verify_prepare: the module finishes HMAC tokens itself.
		prep("hs256/done", hsCfg, hs, `{"done":`+result(`{"alg":"HS256"}`)+`}`, ""),
		prep("hs256/bad-signature", hsCfg, hsBad, "", "signature"),
		prep("hs256/cache-enabled/done", with(hsCfg, "cache_size", 8), hs, `{"done":`+result(`{"alg":"HS256"}`)+`}`, ""),
		// The host checks the others' signatures.
		prep("rs256/then", rsCfg, rs, then(0, "RS256", rs, `{"alg":"RS256"}`), ""),
		prep("rs256/cache-enabled/then", with(rsCfg, "cache_size", 8), rs, then(0, "RS256", rs, `{"alg":"RS256"}`), ""),
		prep("ps256/then", rsCfg, ps, then(0, "PS256", ps, `{"alg":"PS256"}`), ""),
		prep("es256/then", esCfg, es, then(0, "ES256", es, `{"alg":"ES256"}`), ""),
		prep("es384/then", es384Cfg, es384, then(0, "ES384", es384, `{"alg":"ES384"}`), ""),
		prep("eddsa/then", edCfg, ed, then(0, "EdDSA", ed, `{"alg":"EdDSA","kid":"ed1"}`), ""),
		prep("set/kid-r2/then", setCfg, r2, then(1, "RS256", r2, `{"alg":"RS256","kid":"r2"}`), ""),
		prep("set/kid-e3/then", setCfg, e3, then(3, "ES512", e3, `{"alg":"ES512","kid":"e3"}`), ""),
		// A tampered payload gets a then: the module cannot know, the
		// host's primitive refuses it.
		prep("rs256/tampered-payload/then", rsCfg, rsTampered, host(0, "RS256", rsTampered,
			`"then":{"header":{"alg":"RS256"},"claims":{"aud":"api","exp":1800003600,"iat":1799999000,"iss":"https://issuer.example","sub":"admin1"}}`), ""),
		// Claims errors wait for the host's verdict on the signature.
		prep("rs256/expired/error", rsCfg, rsExpired, host(0, "RS256", rsExpired,
			`"error":{"code":"expired","message":"token expired","detail":{"claim":"exp"}}`), ""),
		prep("rs256/expired-bad-signature/error", rsCfg, rsExpiredBadSig, host(0, "RS256", rsExpiredBadSig,
			`"error":{"code":"expired","message":"token expired","detail":{"claim":"exp"}}`), ""),
		prep("rs256/issuer/error", rsCfg, rsWrongIss, host(0, "RS256", rsWrongIss,
			`"error":{"code":"issuer","message":"issuer is not accepted","detail":{"claim":"iss"}}`), ""),
		prep("rs256/claims-duplicate/error", rsCfg, rsDup, host(0, "RS256", rsDup,
			`"error":{"code":"malformed","message":"claims: duplicate member name \"sub\" at offset 11"}`), ""),
		// Signatures of the wrong shape: the module refuses them itself.
		prep("rs256/signature-255-bytes", rsCfg, rsParts[0]+"."+rsParts[1]+"."+b64(rsSig[:255]), "", "signature"),
		prep("rs256/signature-empty", rsCfg, rsParts[0]+"."+rsParts[1]+".", "", "signature"),
		prep("es256/r-s-zero", esCfg, esRS(big.NewInt(0), big.NewInt(0)), "", "signature"),
		prep("es256/s-equals-n", esCfg, esRS(new(big.Int).SetBytes(esSig[:32]), n), "", "signature"),
		prep("es256/r-above-n", esCfg, esRS(new(big.Int).Add(n, big.NewInt(1)), new(big.Int).SetBytes(esSig[32:])), "", "signature"),
		prep("es256/signature-der-length", esCfg, esSigning+"."+b64(make([]byte, 70)), "", "signature"),
		prep("eddsa/signature-63-bytes", edCfg, ed[:strings.LastIndexByte(ed, '.')]+"."+b64(make([]byte, 63)), "", "signature"),
		// Everything before the signature is the call's error, as in verify.
		prep("alg-none", rsCfg, b64([]byte(`{"alg":"none"}`))+"."+rsParts[1]+".", "", "alg_not_allowed"),
		prep("alg-confusion-hs256", rsCfg, jwttest.Sign("HS256", []byte(rsaPEM), `{"alg":"HS256"}`, claims), "", "alg_not_allowed"),
		prep("kid-unknown", setCfg, sign("RS256", jwttest.RSA, `{"alg":"RS256","kid":"r9"}`), "", "key_not_found"),
		prep("kid-alg-pin-mismatch", setCfg, sign("ES256", jwttest.P256, `{"alg":"ES256","kid":"r1"}`), "", "key_not_found"),
		prep("crit-unknown", rsCfg, sign("RS256", jwttest.RSA, `{"alg":"RS256","crit":["x"],"x":1}`), "", "crit"),
		prep("two-segments", rsCfg, rsParts[0]+"."+rsParts[1], "", "malformed"),
		prep("signature-padded", rsCfg, rs+"=", "", "malformed"),
		prep("too-large", with(rsCfg, "max_token_bytes", 64), rs, "", "too_large"),
	}
}

// TestPrepareVectorFile checks every vector in tests/vectors/jwt-prepare.json
// against this package. With EDGEGUARD_WRITE_PREPARE_VECTORS=1 it first
// rewrites the file from prepareVectorSpecs.
func TestPrepareVectorFile(t *testing.T) {
	vectors := readVectorFile(t, prepareVectorFile, "EDGEGUARD_WRITE_PREPARE_VECTORS", prepareVectorSpecs)
	if len(vectors) < 30 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	for _, v := range vectors {
		cfg, err := json.Marshal(v.Config)
		if err != nil {
			t.Fatal(err)
		}
		ver, err := jwtcheck.Compile(cfg)
		if err != nil {
			t.Fatalf("%s: %v", v.Name, err)
		}
		var out []byte
		switch v.Op {
		case "keys":
			out = ver.KeysJSON()
		case "verify_prepare":
			out, err = ver.PrepareJSON(v.Input)
		default:
			t.Fatalf("%s: op %q", v.Name, v.Op)
		}
		if got := string(jwtcheck.CodeOf(err)); got != v.Error || string(out) != v.Output {
			t.Errorf("%s:\n got output %s error %q (%v)\nwant output %s error %q", v.Name, out, got, err, v.Output, v.Error)
		}
	}
}
