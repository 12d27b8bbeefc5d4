package jwtcheck

import (
	"encoding/json"
	"io/fs"
	"os"
	"sort"
	"testing"

	"github.com/c2sp/wycheproof"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// WycheproofEnv optionally names a directory holding another copy of
// Wycheproof's testvectors_v1 JSON files (say, a newer checkout than the
// module version go.mod pins), to try them without touching go.mod. By
// default the vectors come from the github.com/c2sp/wycheproof module.
const WycheproofEnv = "EDGEGUARD_WYCHEPROOF"

// wycheproofVectors is where the test reads the vector files from.
func wycheproofVectors() fs.FS {
	if dir := os.Getenv(WycheproofEnv); dir != "" {
		return os.DirFS(dir)
	}
	return wycheproof.TestVectors
}

// wycheproofDisagreements are the vectors where our verdict differs from
// Wycheproof's, each with the reason. The test fails if one of them starts
// to agree (so that the list stays true) or if any other vector disagrees.
var wycheproofDisagreements = map[string]string{
	// json_web_signature_test.json
	"jws/346": "RFC 7520 Figure 20: the key says alg PS256, the token is PS384; we honour the key's alg (RFC 8725 §3.1)",
	"jws/350": "same key/alg mismatch as 346 (RFC 7520 Figure 20 with key_ops)",
	"jws/347": `RFC 7520 Figure 27: the key says alg "ES521", which is not an algorithm; we skip such keys`,
	"jws/351": "same non-standard ES521 key as 347",
	"jws/367": "data quirk: byte-identical to valid tc 357 yet marked invalid",
	"jws/370": "data quirk: byte-identical to valid tc 357 yet marked invalid",
	"jws/372": "marked valid with '?' inside a base64url segment; strict decoders (jose, golang-jwt) refuse it, and so do we",
	"jws/373": "marked valid with '?' inside a base64url segment; refused as 372",
}

type wycheproofFile struct {
	TestGroups []struct {
		Comment string          `json:"comment"`
		Public  json.RawMessage `json:"public"`
		Private json.RawMessage `json:"private"`
		Tests   []struct {
			TcID    int             `json:"tcId"`
			Comment string          `json:"comment"`
			JWS     json.RawMessage `json:"jws"`
			Result  string          `json:"result"`
		} `json:"tests"`
	} `json:"testGroups"`
}

// wycheproofVerifier builds a verifier for a group's key (the public key, or
// the private one for oct keys), accepting every algorithm, with the key in a
// JWKS so that kid, use, key_ops and alg all take part in selection.
func wycheproofVerifier(pub, priv json.RawMessage) (*Verifier, error) {
	raw := pub
	if raw == nil {
		raw = priv
	}
	m, err := strictjson.ParseObject(raw)
	if err != nil {
		return nil, err
	}
	if _, isSet := m["keys"]; !isSet {
		m = map[string]any{"keys": []any{m}}
	}
	ks, err := jwksFromMap(m, true)
	if err != nil {
		return nil, err
	}
	return New(Config{Algorithms: Algorithms(), Keys: ks})
}

func TestWycheproof(t *testing.T) {
	vectors := wycheproofVectors()
	seen := map[string]bool{}
	for _, f := range []struct{ prefix, file string }{
		{"jws", "json_web_signature_test.json"},
		{"jwk", "json_web_key_test.json"},
	} {
		data, err := fs.ReadFile(vectors, f.file)
		if err != nil {
			t.Fatal(err)
		}
		var wf wycheproofFile
		if err := json.Unmarshal(data, &wf); err != nil {
			t.Fatal(err)
		}
		total, agree := 0, 0
		for _, g := range wf.TestGroups {
			v, cfgErr := wycheproofVerifier(g.Public, g.Private)
			for _, tc := range g.Tests {
				total++
				id := f.prefix + "/" + itoa(tc.TcID)
				var token string
				valid := false
				// JSON-serialized JWS (an object) is not a compact token:
				// we refuse it, as a compact-only verifier must.
				if json.Unmarshal(tc.JWS, &token) == nil && cfgErr == nil {
					_, _, _, err := v.verifyJWS(token)
					valid = err == nil
					assertJWSPathsAgree(t, v, token)
				}
				ok := tc.Result == "acceptable" || valid == (tc.Result == "valid")
				reason, listed := wycheproofDisagreements[id]
				switch {
				case ok && listed:
					t.Errorf("%s (%s) now agrees; remove it from the disagreement list", id, tc.Comment)
				case !ok && !listed:
					t.Errorf("%s %s/%s: we say valid=%v, Wycheproof says %s (config error: %v)", id, g.Comment, tc.Comment, valid, tc.Result, cfgErr)
				case ok:
					agree++
				default:
					seen[id] = true
					t.Logf("known disagreement %s: %s", id, reason)
				}
			}
		}
		t.Logf("%s: %d/%d vectors agree", f.file, agree, total)
	}
	var missing []string
	for id := range wycheproofDisagreements {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("listed disagreements not seen: %v", missing)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
