package jwtcheck

import (
	"encoding/json"
	"os"
	"testing"
)

// TestRFC7520 verifies the compact examples of RFC 7520 §4.1–4.4 (RS256,
// PS384, ES512, HS256) at the JWS level: their payload is prose, not a
// claims set, so the check stops after the signature and compares the
// payload bytes.
func TestRFC7520(t *testing.T) {
	data, err := os.ReadFile("testdata/rfc7520.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Name, Alg, Payload, Compact string
			Key                         json.RawMessage
		}
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) != 4 {
		t.Fatalf("%d vectors", len(file.Vectors))
	}
	for _, tv := range file.Vectors {
		t.Run(tv.Name, func(t *testing.T) {
			ks, err := ParseJWK(tv.Key)
			if err != nil {
				t.Fatal(err)
			}
			v, err := New(Config{Algorithms: []string{tv.Alg}, Keys: ks})
			if err != nil {
				t.Fatal(err)
			}
			assertJWSPathsAgree(t, v, tv.Compact)
			header, payload, alg, err := v.verifyJWS(tv.Compact)
			if err != nil {
				t.Fatalf("verifyJWS: %v", err)
			}
			var key struct{ Kid string }
			if err := json.Unmarshal(tv.Key, &key); err != nil || key.Kid == "" {
				t.Fatalf("key without kid: %v", err)
			}
			if string(payload) != tv.Payload || alg.name != tv.Alg || header["kid"] != key.Kid {
				t.Errorf("got alg %s header %v payload %q", alg.name, header, payload)
			}
			// The full JWT verification stops at the prose payload, after
			// the signature.
			if _, err := v.Verify(tv.Compact); CodeOf(err) != CodeMalformed {
				t.Errorf("Verify: %v, want malformed claims", err)
			}
			// One flipped signature bit fails.
			bad := []byte(tv.Compact)
			bad[len(bad)-3] ^= 1
			assertJWSPathsAgree(t, v, string(bad))
			if _, _, _, err := v.verifyJWS(string(bad)); err == nil {
				t.Error("modified signature accepted")
			}
		})
	}
}
