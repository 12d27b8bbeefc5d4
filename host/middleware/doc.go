// Package middleware is edgeguard's net/http middleware: the features of
// the edgeguard/express adapter (helmet, validate, requireJwt, authorize,
// csrf, rateLimit, sanitizeBody, errorHandler) as
// func(http.Handler) http.Handler wrappers over a *host.Engine, so that the
// same code runs on the WebAssembly module (wazero) or natively.
//
// Every verdict comes from the engine — header values (kind headers),
// validation (schema), tokens (jwt), authorization (authz), CSRF (csrf,
// csrf_token), rate limits (ratelimit), HTML (sanitize), RFC 6750 challenges
// (the challenge op) and security events (audit). This package only speaks
// HTTP: it turns a request into the engine's input and its answer into a
// response.
//
//	g, err := middleware.New(ctx, eng, middleware.Options{})
//	helmet, err := g.Helmet(map[string]any{"contentSecurityPolicy": map[string]any{"preset": "strict"}})
//	auth, err := g.RequireJWT(middleware.JWTOptions{JWKS: set, Config: map[string]any{"algorithms": []string{"ES256"}}})
//	mux.Handle("GET /me", middleware.Chain(helmet, auth)(me))
//
// Values for downstream handlers travel in the request's context and are
// read with typed accessors: Nonce, Claims, Token, Validated, CSRFToken.
//
// Refusals are answered at once as RFC 9457 application/problem+json with a
// stable code member (and, for bearer tokens, the RFC 6750 WWW-Authenticate
// challenge), and each one produces one security event: a JSON line made
// by the engine's audit kind, handed to Options.Events. Unexpected failures
// (an engine trap or timeout, a store error) answer 500 or 503 without
// details. A constructor refuses a bad configuration with an error whose
// code is bad_config, so that a misconfigured server does not start.
package middleware
