package demo

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/edgeguard/edgeguard/host"
)

// The JWT decode panel shows what a token claims without checking anything
// (jose's decodeJwt and decodeProtectedHeader): for debugging, never for a
// decision. The module has no decode operation — decoding is base64url and
// JSON, which every runtime has — so both sides are plain code: this file
// and decodeUnverified in static/panels/jwtdecode.js, which must give the
// same result and the same messages for every token.
func init() {
	registerAPI("POST /api/jwt/decode", func(eng *host.Engine) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, ok := readBody(w, r, maxBody, "body too large")
			if !ok {
				return
			}
			// The panels' reply shape, with "no module" where the host's
			// mode would be: the panel shows it as the server's column title.
			reply := moduleReply{Mode: "no module"}
			start := time.Now()
			out, err := decodeUnverified(string(body))
			reply.Micros = time.Since(start).Microseconds()
			if err != nil {
				reply.Error = err
			} else {
				reply.Output = out
			}
			writeJSON(w, reply)
		})
	})
}

// decodeUnverified returns {"header":…,"claims":…} of a compact JWS without
// verifying it, or a "malformed" error saying which part is unreadable.
func decodeUnverified(token string) (json.RawMessage, *host.Error) {
	parts := strings.Split(token, ".")
	switch len(parts) {
	case 3:
	case 5:
		return nil, malformed("a JWE (5 parts) is encrypted: it cannot be decoded without its key")
	default:
		return nil, malformed(fmt.Sprintf("a JWS has 3 parts separated by dots, this has %d", len(parts)))
	}
	header, err := decodeSegment("header", parts[0])
	if err != nil {
		return nil, err
	}
	claims, err := decodeSegment("claims", parts[1])
	if err != nil {
		return nil, err
	}
	out, _ := json.Marshal(struct {
		Header json.RawMessage `json:"header"`
		Claims json.RawMessage `json:"claims"`
	}{header, claims})
	return out, nil
}

// decodeSegment decodes one base64url part that must hold a JSON object.
func decodeSegment(name, seg string) (json.RawMessage, *host.Error) {
	// The text is checked first because Go's decoder skips CR and LF, which
	// the browser's check (the same as isBase64URL) refuses.
	if !isBase64URL(seg) {
		return nil, malformed("the " + name + " is not base64url")
	}
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return nil, malformed("the " + name + " is not base64url")
	}
	if !utf8.Valid(raw) {
		return nil, malformed("the " + name + " is not UTF-8")
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, malformed("the " + name + " is not a JSON object")
	}
	return raw, nil
}

// isBase64URL reports whether s is unpadded base64url of a length some bytes
// encode to (never 1 more than a multiple of 4).
func isBase64URL(s string) bool {
	if len(s)%4 == 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func malformed(msg string) *host.Error { return &host.Error{Code: "malformed", Message: msg} }
