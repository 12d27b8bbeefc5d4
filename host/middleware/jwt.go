package middleware

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/edgeguard/edgeguard/host"
)

// JWTOptions configure RequireJWT.
type JWTOptions struct {
	// Config is the verifier configuration of docs/jwt.md (algorithms,
	// issuer, audience, …) as JSON or a Go value that marshals to it. With
	// JWKS it must not hold keys; without, it must.
	Config any
	// JWKS, when set, supplies the keys from a remote JWK Set, fetched and
	// cached with jose's semantics (host.RemoteJWKS).
	JWKS *host.RemoteJWKS
	// Realm is the challenges' realm parameter; empty leaves it out.
	Realm string
}

// verifier is what RequireJWT needs of host.JWTVerifier and
// host.RemoteJWTVerifier.
type verifier interface {
	Verify(ctx context.Context, token string) (*host.VerifiedJWT, error)
	Close() error
}

// RequireJWT admits requests with a valid bearer token (RFC 6750
// Authorization header), express-jwt's job: the token goes to Token(r) and
// its claims to Claims(r). A request without a token, or with a bad one,
// is answered 401 with the engine's WWW-Authenticate challenge and a
// problem whose code is the RFC 6750 error; a key set that cannot be
// fetched gives 503, a configuration the keys break 500.
func (g *Guard) RequireJWT(o JWTOptions) (Middleware, error) {
	ctx := context.Background()
	var v verifier
	var err error
	if o.JWKS != nil {
		v, err = g.eng.RemoteJWTVerifier(ctx, o.JWKS, o.Config)
	} else {
		v, err = g.eng.JWTVerifier(ctx, o.Config)
	}
	if err != nil {
		return nil, err
	}
	g.keep(v)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			token, ok := bearerToken(r)
			if !ok {
				g.deny(w, r, "", nil, o.Realm)
				return
			}
			t, err := v.Verify(r.Context(), token)
			if err != nil {
				g.deny(w, r, jwtCode(err), nil, o.Realm)
				return
			}
			next.ServeHTTP(w, with(r, tokenKey{}, t))
		})
	}, nil
}

// bearerToken returns the request's bearer token: the Express adapter's
// /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i, RFC 6750 §2.1's b64token after
// a case-insensitive scheme, scanned by hand (a regexp took a tenth of the
// full stack's time). Anything else (another scheme, two Authorization
// headers, an empty token) is no bearer token.
func bearerToken(r *http.Request) (string, bool) {
	vs := r.Header.Values("Authorization")
	if len(vs) != 1 {
		return "", false
	}
	v := vs[0]
	const scheme = "bearer "
	if len(v) < len(scheme) || !strings.EqualFold(v[:len(scheme)], scheme) {
		return "", false
	}
	v = strings.TrimLeft(v[len(scheme)-1:], " ")
	v = strings.TrimRight(v, " ")
	body := strings.TrimRight(v, "=")
	if body == "" {
		return "", false
	}
	for i := 0; i < len(body); i++ {
		if !isToken68(body[i]) {
			return "", false
		}
	}
	return v, true
}

// isToken68 reports whether c may appear before the padding of a
// b64token (RFC 6750 §2.1).
func isToken68(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/'
}

// jwtCodes are the codes the challenge op knows (the JS adapter's
// JWT_ERROR_CODES). Any other error (an engine timeout or trap) is the
// server's fault, not the token's, and is answered as bad_config (500)
// where the module would map an unknown code to 401.
var jwtCodes = []string{"malformed", "too_large", "alg_not_allowed", "crit", "typ", "key_not_found", "key_ambiguous",
	"signature", "expired", "not_yet_valid", "issuer", "audience", "claim_missing", "claim_invalid",
	"key_weak", "bad_config", "insufficient_scope", "jwks_unavailable", "jwks_timeout", "jwks_invalid"}

func jwtCode(err error) string {
	var e *host.Error
	if errors.As(err, &e) && slices.Contains(jwtCodes, e.Code) {
		return e.Code
	}
	return "bad_config"
}

// challenge is the challenge op's answer.
type challenge struct {
	Status      int    `json:"status"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Header      string `json:"www_authenticate"`
}

// deny answers an authentication or authorization refusal with the
// engine's RFC 6750 rendering of code ("" = no token was presented):
// status, WWW-Authenticate, and a problem whose code is the RFC 6750 error
// and whose detail is its fixed description. A 5xx says nothing about the
// token.
func (g *Guard) deny(w http.ResponseWriter, r *http.Request, code string, missing []string, realm string) {
	in, _ := json.Marshal(struct {
		Code    string   `json:"code,omitempty"`
		Realm   string   `json:"realm,omitempty"`
		Missing []string `json:"missing,omitempty"`
	}{code, realm, missing})
	var c challenge
	if err := callJSON(r, g.challenge, "challenge", in, &c); err != nil {
		g.fail(w, r, err)
		return
	}
	if c.Header != "" {
		w.Header().Set("WWW-Authenticate", c.Header)
	}
	reason := code
	if reason == "" {
		reason = "no_token"
	}
	if c.Status >= 500 {
		g.event(r, eventInput{Event: "sys_crash", Level: "CRITICAL", Description: "bearer token could not be checked", Reason: reason})
		writeProblem(w, c.Status)
		return
	}
	name := "authn_token_invalid"
	if c.Status == http.StatusForbidden {
		name = "authz_fail"
	}
	g.event(r, eventInput{Event: name, Reason: reason})
	var members []member
	if c.Error != "" {
		members = append(members, textMember("code", c.Error))
	}
	if c.Description != "" {
		members = append(members, textMember("detail", c.Description))
	}
	writeProblem(w, c.Status, members...)
}
