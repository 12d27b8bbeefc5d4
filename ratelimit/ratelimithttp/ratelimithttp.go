// Package ratelimithttp applies package ratelimit to net/http servers. It is
// separate from ratelimit so that the WebAssembly module does not link
// net/http.
package ratelimithttp

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/ratelimit"
)

// Options configure Middleware. Limiter and Store are required.
type Options struct {
	Limiter *ratelimit.Limiter
	Store   ratelimit.Store
	// Key returns the request's rate-limit key; nil means
	// ClientIPKey(Proxies).
	Key func(*http.Request) (string, error)
	// Proxies are the reverse proxies whose X-Forwarded-For entries are
	// believed by the default Key. None: the peer address is the client.
	Proxies ratelimit.Proxies
	// Headers selects the header fields; "" means ratelimit.HeadersIETF.
	Headers ratelimit.HeaderMode
	// Cost weighs a request; nil means 1.
	Cost func(*http.Request) int64
	// Event receives the excess_rate_limit_exceeded event of every
	// refusal. Nil drops them.
	Event func(*http.Request, audit.Event)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// ClientIPKey returns a Key that keys a request by its client address:
// r.RemoteAddr, or, when that is one of proxies, the client found by walking
// X-Forwarded-For through trusted hops only (ratelimit.Proxies.ClientAddr);
// IPv6 grouped by /56, IPv4-mapped addresses as IPv4.
func ClientIPKey(proxies ratelimit.Proxies) func(*http.Request) (string, error) {
	return func(r *http.Request) (string, error) {
		addr, err := proxies.ClientAddr(r.RemoteAddr, strings.Join(r.Header.Values("X-Forwarded-For"), ","))
		if err != nil {
			return "", err
		}
		ip, err := ratelimit.ClientIP(addr, 0)
		if err != nil {
			return "", err
		}
		return ratelimit.Key(ratelimit.Part{Name: "ip", Value: ip}), nil
	}
}

// Middleware returns a handler wrapper that charges every request, writes
// the rate-limit header fields, and refuses requests over quota with 429
// and the limiter's RFC 9457 problem. It fails closed: when the key or the
// store fails, the request gets 503 rather than passing unlimited. It panics
// if Limiter or Store is nil.
func Middleware(o Options) func(http.Handler) http.Handler {
	if o.Limiter == nil || o.Store == nil {
		panic("ratelimithttp: Limiter and Store are required")
	}
	if o.Key == nil {
		o.Key = ClientIPKey(o.Proxies)
	}
	if o.Headers == "" {
		o.Headers = ratelimit.HeadersIETF
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cost := int64(1)
			if o.Cost != nil {
				cost = o.Cost(r)
			}
			key, err := o.Key(r)
			var d *ratelimit.Decision
			if err == nil {
				d, err = o.Limiter.Allow(r.Context(), o.Store, key, o.Now(), cost)
			}
			if err != nil {
				problem(w, http.StatusServiceUnavailable, map[string]any{"type": "about:blank", "title": "Service Unavailable", "status": 503})
				return
			}
			for _, f := range o.Limiter.Headers(d, o.Headers) {
				w.Header().Set(f.Name, f.Value)
			}
			if !d.Allowed {
				p := o.Limiter.Problem(d)
				if o.Event != nil {
					o.Event(r, audit.Event{Name: "excess_rate_limit_exceeded", Reason: "quota_exceeded", RequestMethod: r.Method,
						RequestURI: r.URL.RequestURI(), Host: r.Host, SourceIP: r.RemoteAddr,
						Fields: map[string]any{"violated_policies": p.ViolatedPolicies}})
				}
				problem(w, http.StatusTooManyRequests, p)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func problem(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", ratelimit.ProblemContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
