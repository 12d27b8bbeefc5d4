package csrf

import "testing"

// The tables below are those of Go's src/net/http/csrf_test.go (BSD-3),
// run against Protection: same requests, same verdicts (200 ↔ Allowed,
// 403 ↔ refused). Requests are for https://example.com, as there.

func check(t *testing.T, p *Protection, r Request, want bool) {
	t.Helper()
	if r.Host == "" {
		r.Host = "example.com"
	}
	if r.Path == "" {
		r.Path = "/"
	}
	v := p.Check(r)
	if v.Allowed != want || v.Blocked == want {
		t.Errorf("%+v: got %+v, want allowed=%v", r, v, want)
	}
}

func mustProtection(t *testing.T, cfg ProtectionConfig) *Protection {
	t.Helper()
	p, err := NewProtection(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSecFetchSite(t *testing.T) {
	p := mustProtection(t, ProtectionConfig{})
	for _, c := range []struct {
		name, method, secFetchSite, origin string
		ok                                 bool
	}{
		{"same-origin allowed", "POST", "same-origin", "", true},
		{"none allowed", "POST", "none", "", true},
		{"cross-site blocked", "POST", "cross-site", "", false},
		{"same-site blocked", "POST", "same-site", "", false},
		{"no header with no origin", "POST", "", "", true},
		{"no header with matching origin", "POST", "", "https://example.com", true},
		{"no header with mismatched origin", "POST", "", "https://attacker.example", false},
		{"no header with null origin", "POST", "", "null", false},
		{"GET allowed", "GET", "cross-site", "", true},
		{"HEAD allowed", "HEAD", "cross-site", "", true},
		{"OPTIONS allowed", "OPTIONS", "cross-site", "", true},
		{"PUT blocked", "PUT", "cross-site", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, p, Request{Method: c.method, SecFetchSite: c.secFetchSite, Origin: c.origin}, c.ok)
		})
	}
}

func TestTrustedOriginBypass(t *testing.T) {
	p := mustProtection(t, ProtectionConfig{TrustedOrigins: []string{"https://trusted.example"}})
	for _, c := range []struct {
		name, origin, secFetchSite string
		ok                         bool
	}{
		{"trusted origin without sec-fetch-site", "https://trusted.example", "", true},
		{"trusted origin with cross-site", "https://trusted.example", "cross-site", true},
		{"untrusted origin without sec-fetch-site", "https://attacker.example", "", false},
		{"untrusted origin with cross-site", "https://attacker.example", "cross-site", false},
		// Not in Go's table: a trusted host over another scheme is another
		// origin (the gorilla/csrf CVE-2025-47909 mistake).
		{"trusted host, other scheme", "http://trusted.example", "cross-site", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, p, Request{Method: "POST", Origin: c.origin, SecFetchSite: c.secFetchSite}, c.ok)
		})
	}
}

func TestPatternBypass(t *testing.T) {
	p := mustProtection(t, ProtectionConfig{BypassPatterns: []string{
		"/bypass/", "/only/{foo}", "/no-trailing", "/yes-trailing/",
		"PUT /put-only/", "GET /get-only/", "POST /post-only/",
	}})
	for _, c := range []struct {
		name, path, secFetchSite string
		ok                       bool
	}{
		{"bypass path without sec-fetch-site", "/bypass/", "", true},
		{"bypass path with cross-site", "/bypass/", "cross-site", true},
		{"non-bypass path without sec-fetch-site", "/api/", "", false},
		{"non-bypass path with cross-site", "/api/", "cross-site", false},
		{"redirect to bypass path without ..", "/foo/../bypass/bar", "", false},
		{"redirect to bypass path with trailing slash", "/bypass", "", false},
		{"redirect to non-bypass path with ..", "/foo/../api/bar", "", false},
		{"redirect to non-bypass path with trailing slash", "/api", "", false},
		{"wildcard bypass", "/only/123", "", true},
		{"non-wildcard", "/only/123/foo", "", false},
		{"no trailing slash exact match", "/no-trailing", "", true},
		{"no trailing slash with slash", "/no-trailing/", "", false},
		{"yes trailing slash exact match", "/yes-trailing/", "", true},
		{"yes trailing slash without slash", "/yes-trailing", "", false},
		{"method-specific hit", "/post-only/", "", true},
		{"method-specific miss (PUT)", "/put-only/", "", false},
		{"method-specific miss (GET)", "/get-only/", "", false},
		// Beyond Go's table.
		{"subtree", "/bypass/a/b", "cross-site", true},
		{"escaped segment", "/only/a%2Fb", "", true},
		{"empty wildcard segment", "/only/", "", false},
		{"double slash", "//bypass/", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, p, Request{Method: "POST", Path: c.path, Origin: "https://attacker.example", SecFetchSite: c.secFetchSite}, c.ok)
		})
	}
}

func TestServerCases(t *testing.T) {
	// TestCrossOriginProtectionServer, with the test server's origin.
	p := mustProtection(t, ProtectionConfig{TrustedOrigins: []string{"https://trusted.example"}, BypassPatterns: []string{"/bypass/"}})
	host := "127.0.0.1:41234"
	for _, c := range []struct {
		name, path, origin, secFetchSite string
		ok                               bool
	}{
		{"cross-site", "/", "https://attacker.example", "cross-site", false},
		{"same-origin", "/", "", "same-origin", true},
		{"origin matches host", "/", "http://" + host, "", true},
		{"trusted origin", "/", "https://trusted.example", "", true},
		{"untrusted origin", "/", "https://attacker.example", "", false},
		{"bypass path", "/bypass/", "https://attacker.example", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, p, Request{Method: "POST", Host: host, Path: c.path, Origin: c.origin, SecFetchSite: c.secFetchSite}, c.ok)
		})
	}
}

func TestAddTrustedOriginErrors(t *testing.T) {
	for _, c := range []struct {
		name, origin string
		wantErr      bool
	}{
		{"valid origin", "https://example.com", false},
		{"valid origin with port", "https://example.com:8080", false},
		{"http origin", "http://example.com", false},
		{"missing scheme", "example.com", true},
		{"missing host", "https://", true},
		{"trailing slash", "https://example.com/", true},
		{"with path", "https://example.com/path", true},
		{"with query", "https://example.com?query=value", true},
		{"with fragment", "https://example.com#fragment", true},
		{"invalid url", "https://ex ample.com", true},
		{"empty string", "", true},
		{"null", "null", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewProtection(ProtectionConfig{TrustedOrigins: []string{c.origin}})
			if (err != nil) != c.wantErr {
				t.Errorf("origin %q: err = %v, wantErr %v", c.origin, err, c.wantErr)
			}
			if err != nil && err.(*Error).Code() != CodeBadConfig {
				t.Errorf("code %s", err.(*Error).Code())
			}
		})
	}
}

func TestBadPatterns(t *testing.T) {
	for _, s := range []string{"", "bypass", "example.com/x", "/a{x}", "/{x}/{x}", "/{x...}/y", "/{$}/y", "/{}", "/{1x}",
		"POST /a/../b", "BAD@ /x", "/a b"} {
		if _, err := NewProtection(ProtectionConfig{BypassPatterns: []string{s}}); err == nil {
			t.Errorf("pattern %q accepted", s)
		}
	}
	if _, err := NewProtection(ProtectionConfig{BypassPatterns: []string{"/x/", "/x/"}}); err == nil {
		t.Error("duplicate pattern accepted")
	}
}

func TestPrecedenceAndRedirects(t *testing.T) {
	for _, c := range []struct {
		patterns []string
		path     string
		ok       bool
	}{
		{[]string{"/"}, "/anything/at/all", true},
		// "/a" matches "/" non-exactly, and "/a/" is an exact match of
		// "/a/": ServeMux redirects, so no bypass.
		{[]string{"/", "/a/"}, "/a", false},
		{[]string{"/a/{$}"}, "/a/", true},
		{[]string{"/a/{$}"}, "/a/b", false},
		{[]string{"/files/{p...}"}, "/files/x/y.txt", true},
		{[]string{"POST /{x}"}, "/abc", true},
	} {
		p := mustProtection(t, ProtectionConfig{BypassPatterns: c.patterns})
		check(t, p, Request{Method: "POST", Path: c.path, SecFetchSite: "cross-site"}, c.ok)
	}
}

func TestLogOnlyAndVary(t *testing.T) {
	p := mustProtection(t, ProtectionConfig{LogOnly: true})
	v := p.Check(Request{Method: "POST", Host: "example.com", Path: "/", SecFetchSite: "cross-site"})
	if !v.Allowed || !v.Blocked || v.Reason != ReasonCrossSite || v.Vary != "Sec-Fetch-Site, Origin" {
		t.Fatalf("log-only verdict %+v", v)
	}
	v = p.Check(Request{Method: "POST", Host: "example.com", Path: "/", Origin: "https://evil.example"})
	if v.Reason != ReasonOldBrowser {
		t.Fatalf("reason %q", v.Reason)
	}
	if v := p.Check(Request{Method: "GET", Host: "example.com", Path: "/", SecFetchSite: "cross-site"}); v.Vary != "" || v.Blocked {
		t.Fatalf("GET verdict %+v", v)
	}
}
