package demo

import (
	"net/http"

	"github.com/edgeguard/edgeguard/host"
)

// jwtDecodeConfig opens the module's jwt_decode kind with its defaults
// (16 KiB cap), as eg.decodeJwt does in the browser.
var jwtDecodeConfig = []byte(`{}`)

// The JWT decode panel shows what a token claims without checking anything
// (jose's decodeJwt and decodeProtectedHeader): for debugging, never for a
// decision. Both columns are the module's jwt_decode kind — eg.decodeJwt in
// the browser, the Go host here — which parses a token exactly as the
// verifier does.
func init() {
	registerAPI("POST /api/jwt/decode", func(eng *host.Engine) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, ok := readBody(w, r, maxBody, "body too large")
			if !ok {
				return
			}
			writeJSON(w, runTimed(eng, "", func() ([]byte, error) {
				return callOnce(r.Context(), eng, "jwt_decode", jwtDecodeConfig, "decode", body)
			}))
		})
	})
}
