package csrfhttp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/csrf"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

func TestMiddleware(t *testing.T) {
	p, _ := csrf.NewProtection(csrf.ProtectionConfig{BypassPatterns: []string{"/hooks/"}})
	tk, _ := csrf.NewTokens(csrf.TokenConfig{Secrets: []string{strings.Repeat("s", 32)}})
	tok, _ := tk.Generate("sess-1", nil)
	var events []audit.Event
	h := Middleware(Options{Protection: p, Tokens: tk,
		SessionID:  func(*http.Request) string { return "sess-1" },
		SkipTokens: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/webhooks/") },
		Event:      func(_ *http.Request, e audit.Event) { events = append(events, e) }})(ok)
	for _, c := range []struct {
		name, method, path, site, token, cookie string
		want                                    int
	}{
		{"get", "GET", "/", "cross-site", "", "", 200},
		{"cross-site post", "POST", "/", "cross-site", tok, tok, 403},
		{"same-origin post with token", "POST", "/", "same-origin", tok, tok, 200},
		{"same-origin post without token", "POST", "/", "same-origin", "", "", 403},
		{"same-origin post, token not cookie", "POST", "/", "same-origin", tok, "", 403},
		// A bypass pattern exempts from the Fetch Metadata check only;
		// the token is still required for unsafe methods.
		{"bypass path without token", "POST", "/hooks/", "cross-site", "", "", 403},
		{"token-exempt path, same-origin", "POST", "/webhooks/x", "", "", "", 200},
	} {
		r := httptest.NewRequest(c.method, "https://example.com"+c.path, nil)
		if c.site != "" {
			r.Header.Set("Sec-Fetch-Site", c.site)
		}
		if c.token != "" {
			r.Header.Set("X-CSRF-Token", c.token)
		}
		if c.cookie != "" {
			r.AddCookie(&http.Cookie{Name: tk.Cookie().Name, Value: c.cookie})
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, w.Code, c.want)
		}
		if w.Code == 403 && (w.Header().Get("Content-Type") != "application/problem+json" || !strings.Contains(w.Body.String(), `"code":"`)) {
			t.Errorf("%s: refusal body %q", c.name, w.Body.String())
		}
		if c.method == "POST" && w.Header().Get("Vary") != "Sec-Fetch-Site, Origin" {
			t.Errorf("%s: Vary %q", c.name, w.Header().Get("Vary"))
		}
	}
	if len(events) != 4 || events[0].Reason != csrf.ReasonCrossSite || events[1].Reason != csrf.CodeTokenMissing {
		t.Fatalf("events %+v", events)
	}
}

func TestLogOnlyServesAndReports(t *testing.T) {
	p, _ := csrf.NewProtection(csrf.ProtectionConfig{LogOnly: true})
	n := 0
	h := Middleware(Options{Protection: p, Event: func(*http.Request, audit.Event) { n++ }})(ok)
	r := httptest.NewRequest("POST", "https://example.com/", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || n != 1 {
		t.Fatalf("status %d, events %d", w.Code, n)
	}
}

func TestIncompleteOptionsPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	Middleware(Options{})
}
