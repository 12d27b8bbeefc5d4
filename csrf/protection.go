package csrf

import (
	"net/url"
	"strconv"
)

// Request is what Protection needs to know about an HTTP request. Header
// values are the first value of each field, as net/http's Header.Get gives
// them; an absent field is "".
type Request struct {
	Method       string `json:"method"`
	Host         string `json:"host"` // the Host header (HTTP/1.1) or :authority (HTTP/2+)
	Path         string `json:"path"` // the escaped request path, without the query
	SecFetchSite string `json:"sec_fetch_site"`
	Origin       string `json:"origin"`
}

// ProtectionConfig configures Protection.
type ProtectionConfig struct {
	// TrustedOrigins are origins ("scheme://host[:port]") whose requests
	// are allowed even when cross-origin, matched exactly.
	TrustedOrigins []string
	// BypassPatterns are net/http.ServeMux patterns ("/webhooks/",
	// "POST /hooks/{id}") whose requests are exempt. Host patterns are not
	// supported.
	BypassPatterns []string
	// LogOnly reports refusals without enforcing them (Verdict.Allowed
	// stays true, Verdict.Blocked says what enforcement would do): the
	// rollout mode OWASP recommends.
	LogOnly bool
}

// Protection is token-less CSRF protection with the semantics of Go's
// net/http.CrossOriginProtection. It is immutable and safe for concurrent
// use.
type Protection struct {
	trusted map[string]bool
	bypass  []pattern
	logOnly bool
}

// NewProtection validates cfg and returns a Protection.
func NewProtection(cfg ProtectionConfig) (*Protection, error) {
	p := &Protection{trusted: map[string]bool{}, logOnly: cfg.LogOnly}
	for _, o := range cfg.TrustedOrigins {
		if err := checkOrigin(o); err != nil {
			return nil, err
		}
		p.trusted[o] = true
	}
	seen := map[string]bool{}
	for _, s := range cfg.BypassPatterns {
		pat, err := parsePattern(s)
		if err != nil {
			return nil, err
		}
		if seen[pat.String()] {
			return nil, errorf(CodeBadConfig, "bypass pattern "+strconv.Quote(s)+" is registered twice")
		}
		seen[pat.String()] = true
		p.bypass = append(p.bypass, pat)
	}
	return p, nil
}

// checkOrigin applies the rules of CrossOriginProtection.AddTrustedOrigin:
// a scheme and a host, and no path (not even "/"), query or fragment.
func checkOrigin(origin string) error {
	u, err := url.Parse(origin)
	switch {
	case err != nil:
		return errorf(CodeBadConfig, "invalid origin "+strconv.Quote(origin)+": "+err.Error())
	case u.Scheme == "":
		return errorf(CodeBadConfig, "invalid origin "+strconv.Quote(origin)+": scheme is required")
	case u.Host == "":
		return errorf(CodeBadConfig, "invalid origin "+strconv.Quote(origin)+": host is required")
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "":
		return errorf(CodeBadConfig, "invalid origin "+strconv.Quote(origin)+": path, query, and fragment are not allowed")
	}
	return nil
}

// Verdict is the outcome of Protection.Check.
type Verdict struct {
	Allowed bool `json:"allowed"` // serve the request
	// Blocked reports that the request is cross-origin and not exempt:
	// it equals !Allowed, except in log-only mode where Allowed stays true.
	Blocked bool   `json:"blocked"`
	Reason  string `json:"reason,omitempty"` // ReasonCrossSite or ReasonOldBrowser when Blocked
	// Vary is the value to add to the response's Vary header: the verdict
	// depended on these request fields, so a cache must not reuse the
	// response for a request that differs in them. Empty for safe methods,
	// whose verdict depends on nothing.
	Vary string `json:"vary,omitempty"`
}

// Check decides r, following CrossOriginProtection.Check step by step:
//
//  1. GET, HEAD and OPTIONS are allowed.
//  2. Sec-Fetch-Site "same-origin" or "none" is allowed; any other
//     non-empty value is refused unless r is exempt.
//  3. Without Sec-Fetch-Site: no Origin is allowed (same-origin or not a
//     browser); an Origin whose host equals Host is allowed; anything else
//     is refused unless r is exempt.
//
// r is exempt when it matches a bypass pattern or its Origin is trusted.
func (p *Protection) Check(r Request) Verdict {
	if SafeMethod(r.Method) {
		return Verdict{Allowed: true}
	}
	const vary = "Sec-Fetch-Site, Origin"
	reason := ""
	switch r.SecFetchSite {
	case "same-origin", "none":
		return Verdict{Allowed: true, Vary: vary}
	case "":
		if r.Origin == "" {
			return Verdict{Allowed: true, Vary: vary}
		}
		// The Host header has no scheme, so an http:// page posting to
		// https:// passes here; browsers without Sec-Fetch-Site are
		// pre-2023 and HSTS closes the gap (as documented by Go).
		if o, err := url.Parse(r.Origin); err == nil && o.Host == r.Host {
			return Verdict{Allowed: true, Vary: vary}
		}
		reason = ReasonOldBrowser
	default:
		reason = ReasonCrossSite
	}
	if p.exempt(r) {
		return Verdict{Allowed: true, Vary: vary}
	}
	return Verdict{Allowed: p.logOnly, Blocked: true, Reason: reason, Vary: vary}
}

func (p *Protection) exempt(r Request) bool {
	return matchBypass(p.bypass, r.Method, r.Path) || (r.Origin != "" && p.trusted[r.Origin])
}

// LogOnly reports whether p only reports refusals.
func (p *Protection) LogOnly() bool { return p.logOnly }

// SafeMethod reports whether method is one that CSRF protection lets
// through unchecked (GET, HEAD, OPTIONS): such requests must not change
// state, so a forged one gains nothing. Token checks skip them too.
func SafeMethod(method string) bool {
	return method == "GET" || method == "HEAD" || method == "OPTIONS"
}
