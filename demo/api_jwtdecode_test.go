package demo

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
)

// TestJWTDecodeAPI: through the module on the wazero host, the same bytes
// and codes as jwtcheck.Decode natively, for the panel's kinds of token.
func TestJWTDecodeAPI(t *testing.T) {
	post := practiceServer(t)
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	none := b64(`{"alg":"none","typ":"JWT"}`)
	claims := b64(`{"sub":"user-42","roles":["admin"],"name":"Zoë <b>"}`)
	for _, token := range []string{
		none + "." + claims + ".",
		demoIDP().token,
		"",
		none + "." + claims,
		none + ".a.b.c.d",
		none + "=." + claims + ".",
		none + "." + claims + ".!!",
		b64(`{"a":1,"a":2}`) + "." + claims + ".",
		b64(`{"alg":"HS256","b64":false}`) + "." + claims + ".",
		none + "." + b64(`{"a":"`+strings.Repeat("x", 16<<10)+`"}`) + ".",
		"\xff",
	} {
		reply, status := post("/api/jwt/decode", token)
		if status != 200 {
			t.Fatalf("%.40q: status %d", token, status)
		}
		want, err := jwtcheck.Decode(token)
		switch {
		case token == "\xff":
			// The dispatch table refuses non-UTF-8 input before the decoder.
			if reply.Error == nil || reply.Error.Code != "invalid_utf8" {
				t.Errorf("not UTF-8: %+v", reply.Error)
			}
		case err != nil:
			if reply.Error == nil || reply.Error.Code != string(jwtcheck.CodeOf(err)) || reply.Error.Message != err.Error() || reply.Output != nil {
				t.Errorf("%.40q: got %s %+v, want %v", token, reply.Output, reply.Error, err)
			}
		default:
			// writeJSON escapes <, > and & in the reply, as json.HTMLEscape
			// does; the panel compares parsed values, which that leaves alone.
			var escaped bytes.Buffer
			json.HTMLEscape(&escaped, want.JSON())
			if reply.Error != nil || string(reply.Output) != escaped.String() {
				t.Errorf("%.40q: got %s %+v, want %s", token, reply.Output, reply.Error, escaped.Bytes())
			}
		}
	}
}
