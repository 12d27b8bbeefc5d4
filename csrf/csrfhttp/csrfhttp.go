// Package csrfhttp applies package csrf to net/http servers. It is separate
// from csrf so that the WebAssembly module, which describes requests as
// csrf.Request values, does not link net/http.
package csrfhttp

import (
	"net/http"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/csrf"
)

// Options configure Middleware. Protection is required; Tokens adds signed
// double-submit verification on top of it for unsafe methods.
type Options struct {
	Protection *csrf.Protection
	Tokens     *csrf.Tokens
	// SessionID returns the session identifier tokens are bound to;
	// required with Tokens.
	SessionID func(*http.Request) string
	// TokenFromRequest returns the request's token; nil reads the
	// X-CSRF-Token header (csrf-csrf's default).
	TokenFromRequest func(*http.Request) string
	// SkipTokens exempts requests from the token check (a webhook cannot
	// send a token). Bypass patterns exempt from the Fetch Metadata check
	// only; token exemptions are listed here, separately and explicitly.
	SkipTokens func(*http.Request) bool
	// Event receives the malicious_csrf event of every refusal (and of
	// every would-be refusal in log-only mode). Nil drops them.
	Event func(*http.Request, audit.Event)
}

// Request describes r for csrf.Protection.Check.
func Request(r *http.Request) csrf.Request {
	return csrf.Request{Method: r.Method, Host: r.Host, Path: r.URL.EscapedPath(),
		SecFetchSite: r.Header.Get("Sec-Fetch-Site"), Origin: r.Header.Get("Origin")}
}

// Middleware returns a handler wrapper that refuses cross-origin unsafe
// requests (and, with Tokens, unsafe requests without a valid token) with
// 403 and an RFC 9457 problem body. It panics if Options are incomplete, as
// a misconfigured CSRF layer must not start.
func Middleware(o Options) func(http.Handler) http.Handler {
	if o.Protection == nil || (o.Tokens != nil && o.SessionID == nil) {
		panic("csrfhttp: Protection is required, and SessionID with Tokens")
	}
	if o.TokenFromRequest == nil {
		o.TokenFromRequest = func(r *http.Request) string { return r.Header.Get("X-CSRF-Token") }
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v := o.Protection.Check(Request(r))
			if v.Vary != "" {
				w.Header().Add("Vary", v.Vary)
			}
			if v.Blocked {
				o.emit(r, v.Reason)
			}
			if !v.Allowed {
				deny(w, v.Reason)
				return
			}
			if o.Tokens != nil && !csrf.SafeMethod(r.Method) && (o.SkipTokens == nil || !o.SkipTokens(r)) {
				cookie := ""
				if c, err := r.Cookie(o.Tokens.Cookie().Name); err == nil {
					cookie = c.Value
				}
				if err := o.Tokens.Verify(o.SessionID(r), cookie, o.TokenFromRequest(r)); err != nil {
					code := err.(*csrf.Error).Code()
					o.emit(r, code)
					deny(w, code)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (o Options) emit(r *http.Request, reason string) {
	if o.Event != nil {
		o.Event(r, audit.Event{Name: "malicious_csrf", Reason: reason, RequestMethod: r.Method,
			RequestURI: r.URL.RequestURI(), Host: r.Host, SourceIP: r.RemoteAddr, UserAgent: r.UserAgent()})
	}
}

// deny writes the 403 problem: the reason code and nothing else.
func deny(w http.ResponseWriter, reason string) {
	w.Header().Set("Content-Type", csrf.ProblemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusForbidden)
	w.Write(csrf.NewProblem(reason).JSON())
}
