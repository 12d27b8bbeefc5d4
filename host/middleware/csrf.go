package middleware

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/csrf"
	"github.com/edgeguard/edgeguard/csrf/csrfhttp"
	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// CSRFOptions configure CSRF. The zero value is the token-less Fetch
// Metadata / Origin protection (Go's CrossOriginProtection).
type CSRFOptions struct {
	// TrustedOrigins are origins ("https://app.example") whose cross-origin
	// requests are allowed.
	TrustedOrigins []string
	// BypassPatterns are ServeMux-style patterns exempt from the Fetch
	// Metadata check.
	BypassPatterns []string
	// LogOnly reports would-be refusals as events but lets them pass.
	LogOnly bool

	// Secrets turn on signed double-submit tokens (csrf-csrf 4's format)
	// for unsafe methods; the first signs, all verify.
	Secrets []string
	// Size is the token's random part in bytes (16 … 128); zero means 32.
	Size int
	// Cookie is the token cookie; nil is csrf-csrf's
	// __Host-psifi.x-csrf-token (Path=/, SameSite=Strict, Secure).
	Cookie *csrf.Cookie
	// SessionID returns the session the tokens are bound to ("" for none);
	// required with Secrets.
	SessionID func(*http.Request) string
	// TokenFromRequest returns the request's token; nil reads the
	// X-CSRF-Token header (csrf-csrf's default).
	TokenFromRequest func(*http.Request) string
}

// CSRF refuses cross-site requests with 403, csurf's and csrf-csrf's job:
// the engine's csrf kind judges every request from its Sec-Fetch-Site and
// Origin headers, and with Secrets its csrf_token kind verifies the token
// of every unsafe request (the cookie and the X-CSRF-Token header) against
// the session. CSRFToken(r) mints a token for the page.
func (g *Guard) CSRF(o CSRFOptions) (Middleware, error) {
	tokens := o.Secrets != nil
	if tokens && o.SessionID == nil {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "csrf: SessionID is required with Secrets")
	}
	if o.TokenFromRequest == nil {
		o.TokenFromRequest = func(r *http.Request) string { return r.Header.Get("X-CSRF-Token") }
	}
	ctx := context.Background()
	protection, err := g.open(ctx, "csrf", struct {
		TrustedOrigins []string `json:"trusted_origins,omitempty"`
		BypassPatterns []string `json:"bypass_patterns,omitempty"`
		LogOnly        bool     `json:"log_only,omitempty"`
	}{o.TrustedOrigins, o.BypassPatterns, o.LogOnly})
	if err != nil {
		return nil, err
	}
	cookie := csrf.DefaultCookie
	if o.Cookie != nil {
		cookie = *o.Cookie
	}
	var tokenHandle *host.Handle // csrf_token, with Secrets
	if tokens {
		if tokenHandle, err = g.open(ctx, "csrf_token", struct {
			Secrets []string     `json:"secrets"`
			Size    int          `json:"size,omitempty"`
			Cookie  *csrf.Cookie `json:"cookie"`
		}{o.Secrets, o.Size, &cookie}); err != nil {
			return nil, err
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sid := ""
			if o.SessionID != nil {
				sid = o.SessionID(r)
			}
			if tokens && sid == "" && !csrf.SafeMethod(r.Method) {
				// An unsafe request without a session cannot carry a valid token.
				g.refuse(w, r, &refusal{status: http.StatusForbidden, code: "no_session",
					detail: "Cross-site request refused.", event: "malicious_csrf"})
				return
			}
			in, _ := json.Marshal(csrfhttp.Request(r))
			var v struct {
				Allowed bool            `json:"allowed"`
				Blocked bool            `json:"blocked"`
				Reason  string          `json:"reason"`
				Vary    string          `json:"vary"`
				Problem json.RawMessage `json:"problem"`
			}
			if err := callJSON(r, protection, "check", in, &v); err != nil {
				g.refuseEngine(w, r, err)
				return
			}
			if v.Vary != "" {
				w.Header().Add("Vary", v.Vary)
			}
			if v.Blocked { // in log-only mode, blocked without refusing
				g.event(r, eventInput{Event: "malicious_csrf", Reason: v.Reason, Fields: map[string]any{"log_only": v.Allowed}})
			}
			if !v.Allowed {
				g.csrfProblem(w, v.Problem, v.Reason)
				return
			}
			if tokens && !csrf.SafeMethod(r.Method) {
				cookieToken := ""
				if c, err := r.Cookie(cookie.Name); err == nil {
					cookieToken = c.Value
				}
				in, _ := json.Marshal(map[string]string{"session_id": sid, "cookie_token": cookieToken,
					"request_token": o.TokenFromRequest(r)})
				var t struct {
					OK      bool            `json:"ok"`
					Code    string          `json:"code"`
					Problem json.RawMessage `json:"problem"`
				}
				if err := callJSON(r, tokenHandle, "verify", in, &t); err != nil {
					g.refuseEngine(w, r, err)
					return
				}
				if !t.OK {
					g.event(r, eventInput{Event: "malicious_csrf", Reason: t.Code})
					g.csrfProblem(w, t.Problem, t.Code)
					return
				}
			}
			if tokens && sid != "" {
				r = with(r, csrfKey{}, func() (string, error) {
					in, _ := json.Marshal(map[string]string{"session_id": sid})
					var out struct {
						Token     string `json:"token"`
						SetCookie string `json:"set_cookie"`
					}
					if err := callJSON(r, tokenHandle, "generate", in, &out); err != nil {
						return "", err
					}
					w.Header().Add("Set-Cookie", out.SetCookie)
					return out.Token, nil
				})
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// csrfProblem answers the engine's 403 problem for a CSRF refusal.
func (g *Guard) csrfProblem(w http.ResponseWriter, problem json.RawMessage, reason string) {
	moduleProblem(w, http.StatusForbidden, problem, textMember("detail", "Cross-site request refused."), textMember("code", reason))
}
