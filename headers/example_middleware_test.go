package headers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/edgeguard/edgeguard/headers"
)

type nonceKey struct{}

// secure sets the compiled headers on every response with a fresh nonce and
// hands the nonce to the page through the request's context.
func secure(p *headers.Policy, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := p.BuildFresh()
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		for _, h := range res.Headers {
			w.Header().Set(h.Name, h.Value)
		}
		for _, name := range res.Remove {
			w.Header().Del(name)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, res.Nonce)))
	})
}

// A net/http middleware serving pages under the strict CSP: each response
// gets a fresh 128-bit nonce, which the page puts on its script tags (and
// such pages must not be cached, or the nonce would be replayed).
func ExamplePolicy_BuildFresh() {
	p, err := headers.Compile([]byte(`{"contentSecurityPolicy": {"preset": "strict"}}`))
	if err != nil {
		panic(err)
	}
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := r.Context().Value(nonceKey{}).(string)
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, `<script nonce="%s" src="/app.js"></script>`, nonce)
	})
	rec := httptest.NewRecorder()
	secure(p, page).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))

	csp := rec.Header().Get("Content-Security-Policy")
	nonce := strings.TrimSuffix(strings.TrimPrefix(rec.Body.String(), `<script nonce="`), `" src="/app.js"></script>`)
	fmt.Println("nonce in the policy:", strings.Contains(csp, "'nonce-"+nonce+"' 'strict-dynamic'"))
	fmt.Println("nonce length:", len(nonce))
	// Output:
	// nonce in the policy: true
	// nonce length: 24
}
