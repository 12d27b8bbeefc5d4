package middleware

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/headers"
)

// Helmet sets helmet's security headers for options (helmet 8's options as
// JSON or a Go value that marshals to them; nil means helmet's defaults) on
// every response, removes X-Powered-By, and, when the policy has a nonce
// slot, draws a fresh 128-bit nonce per response, puts it in the CSP and
// hands it to the page through Nonce(r).
//
// The engine compiles the options once into a template (the headers kind's
// template op): every header value is the engine's, and a response costs no
// engine call, only a nonce from crypto/rand joined into the value, as the
// JavaScript adapter does.
func (g *Guard) Helmet(options any) (Middleware, error) {
	if options == nil {
		options = json.RawMessage("null")
	}
	h, err := g.open(context.Background(), "headers", options)
	if err != nil {
		return nil, err
	}
	res, err := h.Call(context.Background(), "template", []byte(`{}`))
	if err != nil {
		return nil, err
	}
	var t headers.Template
	if err := json.Unmarshal(res.Data, &t); err != nil {
		return nil, dispatch.Errorf(dispatch.CodeInternal, "headers template: %v", err)
	}
	// Names are canonicalized once, so that per response the values go
	// straight into the map. A value without a nonce slot is one slice
	// shared by every response; its capacity equals its length, so that a
	// handler's Header().Add copies it rather than writing into it.
	type slot struct {
		name  string
		fixed []string // nil when the value has a nonce slot
		parts []string
	}
	slots := make([]slot, len(t.Headers))
	for i, th := range t.Headers {
		slots[i] = slot{name: http.CanonicalHeaderKey(th.Name), parts: th.Parts}
		if len(th.Parts) == 1 {
			slots[i].fixed = []string{th.Parts[0]}[:1:1]
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hdr := w.Header()
			for _, name := range t.Remove {
				hdr.Del(name)
			}
			nonce := ""
			if t.Nonce {
				nonce = csp.NewNonce()
			}
			for _, s := range slots {
				if s.fixed != nil {
					hdr[s.name] = s.fixed
				} else {
					hdr[s.name] = []string{strings.Join(s.parts, nonce)}
				}
			}
			if nonce != "" {
				r = with(r, nonceKey{}, nonce)
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}
