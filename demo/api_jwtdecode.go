package demo

import (
	"context"
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
		return bodyAPI(eng, func(ctx context.Context, eng *host.Engine, _ *http.Request, body []byte) ([]byte, error) {
			return callOnce(ctx, eng, "jwt_decode", jwtDecodeConfig, "decode", body)
		})
	})
}
