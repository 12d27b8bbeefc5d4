package jwtcheck_test

import (
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// FuzzVerify feeds mutated tokens to a verifier: it must never panic, every
// refusal must carry a documented code, and anything accepted must have
// been signed with the key (the seed's signature over a mutated header or
// payload never verifies, so acceptance of a mutation is a bug unless the
// fuzzer rebuilt a canonical equivalent, which strict base64url rules out).
func FuzzVerify(f *testing.F) {
	v, err := jwtcheck.New(jwtcheck.Config{Algorithms: []string{"HS256"}, Keys: jwtcheck.NewSecretKey(jwttest.Secret), ExpOptional: true})
	if err != nil {
		f.Fatal(err)
	}
	good := jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256","kid":"a"}`, `{"sub":"x","aud":["a"],"n":[1,{"b":null}]}`)
	for _, s := range []string{good, good + "=", "a.b.c", "..", `{"alg":"none"}`,
		jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256","crit":["b64"],"b64":true}`, `{}`)} {
		f.Add(s)
	}
	known := map[jwtcheck.Code]bool{}
	for _, c := range []jwtcheck.Code{jwtcheck.CodeMalformed, jwtcheck.CodeTooLarge, jwtcheck.CodeAlgNotAllowed, jwtcheck.CodeCrit,
		jwtcheck.CodeTyp, jwtcheck.CodeKeyNotFound, jwtcheck.CodeKeyAmbiguous, jwtcheck.CodeSignature, jwtcheck.CodeExpired,
		jwtcheck.CodeNotYetValid, jwtcheck.CodeIssuer, jwtcheck.CodeAudience, jwtcheck.CodeClaimMissing, jwtcheck.CodeClaimInvalid} {
		known[c] = true
	}
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := v.Verify(token)
		if err != nil {
			if !known[jwtcheck.CodeOf(err)] {
				t.Fatalf("undocumented code %q: %v", jwtcheck.CodeOf(err), err)
			}
			return
		}
		if tok.Claims == nil || tok.Header == nil {
			t.Fatal("accepted without claims")
		}
		// Re-signing the exact signing input must give the same token.
		if resigned := jwttest.SignRaw("HS256", jwttest.Secret, segment(token, 0), segment(token, 1)); resigned != token {
			t.Fatalf("accepted %q, which is not what the key signs (%q)", token, resigned)
		}
	})
}

func segment(token string, i int) string {
	start := 0
	for n := 0; n < i; n++ {
		for token[start] != '.' {
			start++
		}
		start++
	}
	end := start
	for end < len(token) && token[end] != '.' {
		end++
	}
	return token[start:end]
}

// FuzzPolicy checks that policy compilation and evaluation never panic.
func FuzzPolicy(f *testing.F) {
	f.Add([]byte(`{"rule":{"scope":["a"],"any":[{"roles":["x"]},{"not":{"claim_in":{"/a/b":[1,"x",true]}}}]}}`), []byte(`{"scope":"a b","a":{"b":1}}`))
	f.Add([]byte(`{"rule":{"claim_includes":{"t":["x"]}},"roles_claim":"/r~1s"}`), []byte(`{"t":"x y"}`))
	f.Fuzz(func(t *testing.T, policy, claims []byte) {
		p, err := jwtcheck.CompilePolicy(policy)
		if err != nil {
			if jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
				t.Fatalf("policy error without bad_config: %v", err)
			}
			return
		}
		d, err := p.Check(claims)
		if err == nil && d.OK == (len(d.Missing) > 0) {
			t.Fatalf("decision %+v is inconsistent", d)
		}
	})
}
