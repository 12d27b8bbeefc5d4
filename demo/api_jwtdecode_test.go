package demo

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDecodeUnverified(t *testing.T) {
	b64 := base64.RawURLEncoding.EncodeToString
	header := b64([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := b64([]byte(`{"sub":"user-42","roles":["admin"]}`))
	cases := []struct {
		name, token string
		output, msg string // exact output, or the malformed error's message
	}{
		{"alg none", header + "." + claims + ".", `{"header":{"alg":"none","typ":"JWT"},"claims":{"sub":"user-42","roles":["admin"]}}`, ""},
		{"signature not looked at", header + "." + claims + ".!!", `{"header":{"alg":"none","typ":"JWT"},"claims":{"sub":"user-42","roles":["admin"]}}`, ""},
		{"empty", "", "", "a JWS has 3 parts separated by dots, this has 1"},
		{"two parts", header + "." + claims, "", "a JWS has 3 parts separated by dots, this has 2"},
		{"JWE", header + ".a.b.c.d", "", "a JWE (5 parts) is encrypted: it cannot be decoded without its key"},
		{"padding", header + "=." + claims + ".", "", "the header is not base64url"},
		{"standard alphabet", header + "." + strings.ReplaceAll(b64([]byte(`{"a":"???"}`)), "_", "/") + ".", "", "the claims is not base64url"},
		// Go's decoder would skip a newline; the browser's check does not.
		{"newline inside", header[:4] + "\n" + header[4:] + "." + claims + ".", "", "the header is not base64url"},
		{"impossible length", header + "." + "abcde" + ".", "", "the claims is not base64url"},
		{"not UTF-8", b64([]byte("{\"a\":\"\xff\"}")) + "." + claims + ".", "", "the header is not UTF-8"},
		{"array", header + "." + b64([]byte(`["x"]`)) + ".", "", "the claims is not a JSON object"},
		{"null", b64([]byte(`null`)) + "." + claims + ".", "", "the header is not a JSON object"},
		{"BOM", b64([]byte("\ufeff{}")) + "." + claims + ".", "", "the header is not a JSON object"},
		{"trailing garbage", header + "." + b64([]byte(`{} x`)) + ".", "", "the claims is not a JSON object"},
	}
	for _, c := range cases {
		out, err := decodeUnverified(c.token)
		msg := ""
		if err != nil {
			msg = err.Message
			if err.Code != "malformed" {
				t.Errorf("%s: code %q", c.name, err.Code)
			}
		}
		if string(out) != c.output || msg != c.msg {
			t.Errorf("%s: got %s %q, want %s %q", c.name, out, msg, c.output, c.msg)
		}
	}
}

func TestJWTDecodeAPI(t *testing.T) {
	var handler http.Handler
	for _, a := range apis {
		if a.pattern == "POST /api/jwt/decode" {
			handler = a.handler(nil) // decoding needs no module
		}
	}
	if handler == nil {
		t.Fatal("POST /api/jwt/decode is not registered")
	}
	for _, c := range []struct{ token, output, code string }{
		{"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", `{"header":{"alg":"none"},"claims":{"sub":"x"}}`, ""},
		{"nope", "", "malformed"},
	} {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest("POST", "/api/jwt/decode", strings.NewReader(c.token)))
		var reply moduleReply
		if err := json.Unmarshal(w.Body.Bytes(), &reply); err != nil || w.Code != 200 {
			t.Fatalf("%q: %d %v %s", c.token, w.Code, err, w.Body)
		}
		code := ""
		if reply.Error != nil {
			code = reply.Error.Code
		}
		if string(reply.Output) != c.output || code != c.code || reply.Mode != "no module" {
			t.Errorf("%q: got %s", c.token, w.Body)
		}
	}
}
