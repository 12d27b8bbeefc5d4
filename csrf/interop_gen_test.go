package csrf

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

// interopSessions are the sessions of the Go-minted tokens in the fixture:
// each with random bytes 0x00…, 0x01…, so the tokens are reproducible.
var interopSessions = []string{"session-1", "sess-é-中文-😀", "a!b!c", "другая-сессия"}

// TestPrintInteropTokens prints the Go-minted tokens for the fixture's
// "verified" list when EDGEGUARD_CSRF_INTEROP=1 (see testdata/README.md).
func TestPrintInteropTokens(t *testing.T) {
	if os.Getenv("EDGEGUARD_CSRF_INTEROP") != "1" {
		t.Skip("set EDGEGUARD_CSRF_INTEROP=1 to print the tokens to feed csrf-csrf")
	}
	tk := mustTokens(t, TokenConfig{Secrets: []string{testSecret}})
	type pair struct {
		Session string `json:"session"`
		Token   string `json:"token"`
	}
	var out []pair
	for i, s := range interopSessions {
		rnd := make([]byte, 32)
		for j := range rnd {
			rnd[j] = byte(i)
		}
		tok, err := tk.GenerateWith(s, rnd)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pair{s, tok})
	}
	// A tampered one, which both must refuse.
	bad := []byte(out[0].Token)
	bad[0] ^= 1
	out = append(out, pair{out[0].Session, string(bad)})
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
