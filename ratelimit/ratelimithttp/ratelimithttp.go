// Package ratelimithttp applies package ratelimit to net/http servers. It is
// separate from ratelimit so that the WebAssembly module does not link
// net/http.
package ratelimithttp

import (
	"encoding/json"
	"net"
	"net/http"
	"time"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/ratelimit"
)

// Options configure Middleware. Limiter and Store are required.
type Options struct {
	Limiter *ratelimit.Limiter
	Store   ratelimit.Store
	// Key returns the request's rate-limit key; nil means ClientIPKey with
	// the default IPv6 prefix.
	Key func(*http.Request) (string, error)
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

// ClientIPKey keys a request by its peer address (r.RemoteAddr), IPv6
// grouped by /56. Behind a proxy, RemoteAddr is the proxy: supply a Key that
// reads the header your proxy sets, and only that proxy's.
func ClientIPKey(r *http.Request) (string, error) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := ratelimit.ClientIP(host, 0)
	if err != nil {
		return "", err
	}
	return ratelimit.Key(ratelimit.Part{Name: "ip", Value: ip}), nil
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
		o.Key = ClientIPKey
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
