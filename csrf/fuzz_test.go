package csrf

import (
	"strings"
	"testing"
)

// FuzzProtection: no pattern or request makes Check panic, a refused
// request is always reported as blocked with a reason, and safe methods are
// always allowed.
func FuzzProtection(f *testing.F) {
	f.Add("/bypass/", "POST", "/foo/../bypass/x", "cross-site", "https://a.example", "example.com")
	f.Add("POST /only/{id}", "POST", "/only/%2F", "", "null", "example.com")
	f.Add("/{$}", "PUT", "//", "same-site", "http://example.com:80", "example.com:80")
	f.Fuzz(func(t *testing.T, pat, method, path, sfs, origin, host string) {
		p, err := NewProtection(ProtectionConfig{BypassPatterns: []string{pat}})
		if err != nil {
			p, _ = NewProtection(ProtectionConfig{})
		}
		v := p.Check(Request{Method: method, Host: host, Path: path, SecFetchSite: sfs, Origin: origin})
		if v.Allowed == v.Blocked || (v.Blocked && v.Reason == "") {
			t.Fatalf("inconsistent verdict %+v", v)
		}
		if (method == "GET" || method == "HEAD" || method == "OPTIONS") && !v.Allowed {
			t.Fatalf("safe method refused: %+v", v)
		}
	})
}

// FuzzVerify: no token makes Verify panic or accept a token it did not mint.
func FuzzVerify(f *testing.F) {
	tk, _ := NewTokens(TokenConfig{Secrets: []string{strings.Repeat("k", 32)}})
	good, _ := tk.GenerateWith("s", make([]byte, 32))
	f.Add("s", good)
	f.Add("", "x.y")
	f.Fuzz(func(t *testing.T, sid, tok string) {
		if tk.Verify(sid, tok, tok) == nil && !(sid == "s" && tok == good) {
			t.Fatalf("accepted %q for session %q", tok, sid)
		}
	})
}
