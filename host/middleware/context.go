package middleware

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// Context keys; each accessor below reads one.
type (
	nonceKey     struct{}
	tokenKey     struct{}
	validatedKey struct{}
	csrfKey      struct{}
	bodyKey      struct{}
)

// Nonce returns the CSP nonce Helmet drew for this response ("" when the
// policy has none or Helmet did not run): put it on the page's script and
// style tags.
func Nonce(r *http.Request) string {
	s, _ := r.Context().Value(nonceKey{}).(string)
	return s
}

// Token returns the bearer token RequireJWT verified (header and claims as
// the engine's JSON), or nil.
func Token(r *http.Request) *host.VerifiedJWT {
	t, _ := r.Context().Value(tokenKey{}).(*host.VerifiedJWT)
	return t
}

// Claims returns the verified token's claims as JSON, or nil when
// RequireJWT did not run or did not pass.
func Claims(r *http.Request) json.RawMessage {
	if t := Token(r); t != nil {
		return t.Claims
	}
	return nil
}

// Validated returns the data Validate produced (express-validator's
// matchedData, sanitizers applied) as JSON, or nil when it did not run.
func Validated(r *http.Request) json.RawMessage {
	v, _ := r.Context().Value(validatedKey{}).(json.RawMessage)
	return v
}

// CSRFToken mints a CSRF token bound to the request's session, sets its
// cookie on the response, and returns the token for the page (the
// X-CSRF-Token header of the next unsafe request). It needs the CSRF
// middleware with Secrets and a session; otherwise it fails with
// bad_request.
func CSRFToken(r *http.Request) (string, error) {
	mint, _ := r.Context().Value(csrfKey{}).(func() (string, error))
	if mint == nil {
		return "", dispatch.Errorf(dispatch.CodeBadRequest, "CSRFToken: the CSRF middleware with Secrets and a session did not run")
	}
	return mint()
}

// with returns r carrying value under key.
func with(r *http.Request, key, value any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), key, value))
}
