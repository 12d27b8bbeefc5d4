// Package benchstack is the route issue 8's benchmark measures, shared by
// the Go benchmarks (bench_test.go) and the server wrk loads
// (internal/wrkserver): a minimal JSON handler, bare and behind edgeguard's
// middleware.
package benchstack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/host/middleware"
)

// Names lists the stacks from the bare handler to the full one.
var Names = []string{"plain", "helmet", "helmet+jwt", "helmet+validate", "helmet+validate+jwt"}

// Body is the request body every stack is sent: valid for Schema.
const Body = `{"email":"Alice@Example.COM","age":"30"}`

// Schema is the Express benchmark's sign-up route, as checkSchema JSON.
const Schema = `{
	"email": {"in": ["body"], "isEmail": true, "normalizeEmail": true},
	"age": {"in": ["body"], "isInt": {"options": {"min": 13}}, "toInt": true}}`

// Stacks builds every stack of Names on g; tokens are HS256 under secret
// with audience "api" (no verified-token cache: each request is verified).
func Stacks(g *middleware.Guard, secret []byte) (map[string]http.Handler, error) {
	helmet, err := g.Helmet(map[string]any{"contentSecurityPolicy": map[string]any{"preset": "strict"}})
	if err != nil {
		return nil, err
	}
	validate, err := g.Validate(json.RawMessage(Schema))
	if err != nil {
		return nil, err
	}
	jwt, err := g.RequireJWT(middleware.JWTOptions{Config: map[string]any{"algorithms": []string{"HS256"},
		"keys": map[string]any{"secret_b64url": base64.RawURLEncoding.EncodeToString(secret)}, "audience": "api"}})
	if err != nil {
		return nil, err
	}
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})
	return map[string]http.Handler{
		"plain":               plain,
		"helmet":              helmet(plain),
		"helmet+jwt":          middleware.Chain(helmet, jwt)(plain),
		"helmet+validate":     middleware.Chain(helmet, validate)(plain),
		"helmet+validate+jwt": middleware.Chain(helmet, jwt, validate)(plain),
	}, nil
}

// Token returns an HS256 token under secret for audience "api", valid for
// ttl.
func Token(secret []byte, ttl time.Duration) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{"sub": "alice", "aud": "api", "exp": time.Now().Add(ttl).Unix()})
	in := enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(in))
	return in + "." + enc(m.Sum(nil))
}

// Request is the benchmark's request: POST /signup with Body and token.
func Request(token string) *http.Request {
	r, _ := http.NewRequest(http.MethodPost, "/signup", strings.NewReader(Body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+token)
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}
