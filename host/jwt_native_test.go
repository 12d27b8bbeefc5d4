package host

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/edgeguard/edgeguard/tests"
)

// jwtTokenVectors returns every verify and verify_prepare vector of the
// conformance suite (tests/vectors), loaded and checked as the suite loads
// them.
func jwtTokenVectors(t *testing.T) []tests.Vector {
	t.Helper()
	all, err := tests.LoadVectors(filepath.Join("..", "tests", "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	var out []tests.Vector
	for _, v := range all {
		if v.Kind == "jwt" && (v.Op == "verify" || v.Op == "verify_prepare") {
			out = append(out, v)
		}
	}
	return out
}

// verdict is a verifier's answer reduced to what must match across paths:
// the result's JSON, or the error's code, message and detail as JSON.
func verdict(tok *VerifiedJWT, err error) string {
	var b []byte
	var merr error
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return "non-host error: " + err.Error()
		}
		b, merr = json.Marshal(e)
	} else {
		b, merr = json.Marshal(tok)
	}
	if merr != nil {
		return "unencodable: " + merr.Error()
	}
	return string(b)
}

// TestJWTSignaturePathsAgree runs every conformance token through the three
// ways a Go host verifies: natively, on wazero with native signatures (the
// default), and on wazero with signatures checked in the module. All three
// must give the same bytes.
func TestJWTSignaturePathsAgree(t *testing.T) {
	ctx := context.Background()
	native := newEngine(t, Options{Native: true})
	wz := newEngine(t, Options{})
	compared := 0
	for _, vec := range jwtTokenVectors(t) {
		ref, err := native.JWTVerifier(ctx, []byte(vec.Config))
		if err != nil {
			continue // a configuration vector
		}
		hostSig, err := wz.JWTVerifier(ctx, []byte(vec.Config))
		if err != nil {
			t.Fatalf("%s: %v", vec.Name, err)
		}
		inModule, err := wz.JWTVerifier(ctx, []byte(vec.Config), InModuleSignatures())
		if err != nil {
			t.Fatalf("%s: %v", vec.Name, err)
		}
		if ref.keys != nil || hostSig.keys == nil || inModule.keys != nil {
			t.Fatalf("%s: wrong paths chosen (native %v, wazero %v, in-module %v)", vec.Name, ref.keys != nil, hostSig.keys != nil, inModule.keys != nil)
		}
		input, _ := vec.Bytes() // LoadVectors checked it
		token := string(input)
		want := verdict(ref.Verify(ctx, token))
		for name, v := range map[string]*JWTVerifier{"wazero+native signature": hostSig, "wazero in-module": inModule} {
			if got := verdict(v.Verify(ctx, token)); got != want {
				t.Errorf("%s, %s:\n got %s\nwant %s", vec.Name, name, got, want)
			}
		}
		for _, v := range []*JWTVerifier{ref, hostSig, inModule} {
			v.Close()
		}
		compared++
	}
	if compared < 50 {
		t.Fatalf("only %d tokens compared", compared)
	}
}

// TestJWTNativeSignatureRFC8037: keys are parsed natively when the handle
// opens, and the host's primitive decides the signature.
func TestJWTNativeSignatureRFC8037(t *testing.T) {
	ctx := context.Background()
	wz := newEngine(t, Options{})
	v, err := wz.JWTVerifier(ctx, []byte(`{"algorithms":["EdDSA"],"keys":{"jwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}},"now":1300819000}`))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if v.keys == nil || v.keys.Len() != 1 {
		t.Fatalf("keys not fetched at open: %v", v.keys)
	}
	// RFC 8037 A.4: a good Ed25519 signature over a payload that is not
	// JSON, so the claims error must come back, after the host's check.
	const rfc8037 = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
	_, err = v.Verify(ctx, rfc8037)
	wantCode(t, err, "malformed")
	// One flipped signature bit: the host's primitive refuses it.
	bad := []byte(rfc8037)
	bad[len(bad)-3] ^= 1
	_, err = v.Verify(ctx, string(bad))
	wantCode(t, err, "signature")
}

// TestRemoteJWTVerifierPassesOptions: a remote verifier compiles every
// fetched set with its options, so both signature paths serve remote keys.
func TestRemoteJWTVerifierPassesOptions(t *testing.T) {
	ctx := context.Background()
	wz := newEngine(t, Options{})
	p := newIDP(t)
	p.serveKeys("a")
	for name, opts := range map[string][]JWTOption{"native signature": nil, "in-module": {InModuleSignatures()}} {
		t.Run(name, func(t *testing.T) {
			set, err := NewRemoteJWKS(p.srv.URL+"/jwks.json", RemoteJWKSOptions{})
			if err != nil {
				t.Fatal(err)
			}
			v, err := wz.RemoteJWTVerifier(ctx, set, json.RawMessage(remoteConfig), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			if _, err := v.Verify(ctx, p.token("a")); err != nil {
				t.Fatal(err)
			}
			_, err = v.Verify(ctx, p.token("b")) // signed by a key the set lacks
			wantCode(t, err, "key_not_found")
			if native := v.cur.keys != nil; native != (opts == nil) {
				t.Errorf("native signatures %v with options %v", native, opts)
			}
		})
	}
}
