package middleware

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/ratelimit"
)

// RateLimitPolicy is one GCRA policy: Quota requests per Window, with
// Burst extra (zero: none).
type RateLimitPolicy struct {
	Name   string // default "p0", "p1", … as in the JavaScript package
	Quota  int64
	Window time.Duration // whole milliseconds
	Burst  int64
}

// RateLimitOptions configure RateLimit.
type RateLimitOptions struct {
	// Policies are checked together; a request must pass all of them.
	Policies []RateLimitPolicy
	// Headers selects the header fields: "ietf" (default, RateLimit and
	// RateLimit-Policy), "legacy", "both" or "none" (Retry-After only).
	Headers string
	// IPv6Prefix groups IPv6 clients by this prefix (32…128; default 56).
	IPv6Prefix int
	// TrustedProxies are the reverse proxies (addresses or CIDR prefixes)
	// whose X-Forwarded-For entries are believed by the default key.
	TrustedProxies []string
	// Store holds each key's state; nil is a new ratelimit.MemoryStore (this
	// process only). A ratelimit/redisstore Store shares limits across
	// processes.
	Store ratelimit.Store
	// Key returns the request's key; nil keys by client address through the
	// engine's key op (TrustedProxies, IPv6Prefix applied).
	Key func(*http.Request) (string, error)
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// RateLimit charges every request against the policies, express-rate-limit's
// job: the engine's ratelimit kind decides (GCRA, a pure function of the
// stored state, the time and the cost) and the Store keeps the state with a
// compare-and-swap loop, as ratelimit.Limiter.Allow does. Every response
// gets the RateLimit header fields; a request over quota is answered 429
// with Retry-After and the engine's quota-exceeded problem. It fails
// closed: a key or store failure answers 503, never passes unlimited.
func (g *Guard) RateLimit(o RateLimitOptions) (Middleware, error) {
	type policyJSON struct {
		Name     string `json:"name"`
		Quota    int64  `json:"quota"`
		WindowMS int64  `json:"window_ms"`
		Burst    int64  `json:"burst,omitempty"`
	}
	policies := make([]policyJSON, len(o.Policies))
	for i, p := range o.Policies {
		if p.Window%time.Millisecond != 0 || p.Window <= 0 {
			return nil, dispatch.Errorf(dispatch.CodeBadConfig, "ratelimit: policy %d: window must be a positive whole number of milliseconds", i)
		}
		if p.Name == "" {
			p.Name = "p" + strconv.Itoa(i)
		}
		policies[i] = policyJSON{p.Name, p.Quota, p.Window.Milliseconds(), p.Burst}
	}
	h, err := g.open(context.Background(), "ratelimit", struct {
		Policies       []policyJSON `json:"policies"`
		Headers        string       `json:"headers,omitempty"`
		IPv6Prefix     int          `json:"ipv6_prefix,omitempty"`
		TrustedProxies []string     `json:"trusted_proxies,omitempty"`
	}{policies, o.Headers, o.IPv6Prefix, o.TrustedProxies})
	if err != nil {
		return nil, err
	}
	if o.Store == nil {
		o.Store = ratelimit.NewMemoryStore(0, nil)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Key == nil {
		o.Key = func(r *http.Request) (string, error) {
			in, _ := json.Marshal(map[string]string{"ip": clientIP(r),
				"forwarded_for": strings.Join(r.Header.Values("X-Forwarded-For"), ",")})
			var out struct{ Key string }
			err := callJSON(r, h, "key", in, &out)
			return out.Key, err
		}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, err := o.Key(r)
			var d *decision
			if err == nil {
				d, err = limit(r, h, o.Store, key, o.Now())
			}
			if err != nil {
				g.fail(w, r, unavailable(err))
				return
			}
			for _, f := range d.Headers {
				w.Header().Set(f.Name, f.Value)
			}
			if !d.Allowed {
				var p struct {
					Violated []string `json:"violated-policies"`
				}
				json.Unmarshal(d.Problem, &p) //nolint:errcheck // the event only lacks the list then
				g.event(r, eventInput{Event: "excess_rate_limit_exceeded", Reason: "quota_exceeded",
					Fields: map[string]any{"violated_policies": p.Violated}})
				moduleProblem(w, http.StatusTooManyRequests, d.Problem, textMember("detail", "Too many requests."))
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// decision is the ratelimit kind's decide answer, the parts used here.
type decision struct {
	Allowed bool              `json:"allowed"`
	State   string            `json:"state"`
	TTLMS   int64             `json:"ttl_ms"`
	Headers []ratelimit.Field `json:"headers"`
	Problem json.RawMessage   `json:"problem"`
}

// limit decides one request for key through the engine and charges it in
// store, with ratelimit.Charge's compare-and-swap loop. One clock reading
// serves every attempt: a retry decides the same request again.
func limit(r *http.Request, h *host.Handle, store ratelimit.Store, key string, now time.Time) (*decision, error) {
	return ratelimit.Charge(r.Context(), store, key, func(old string) (*decision, ratelimit.Update, error) {
		in, _ := json.Marshal(struct {
			State string `json:"state"`
			NowMS int64  `json:"now_ms"`
		}{old, now.UnixMilli()})
		var d decision
		if err := callJSON(r, h, "decide", in, &d); err != nil {
			return nil, ratelimit.Update{}, err
		}
		// A refusal charges nothing, so there is nothing to write.
		return &d, ratelimit.Update{Write: d.Allowed, State: d.State, TTL: time.Duration(d.TTLMS) * time.Millisecond}, nil
	})
}

// unavailable marks a key or store failure as a 503: the limiter cannot
// decide for now, and must not let the request pass.
func unavailable(err error) error {
	return dispatch.Errorf(dispatch.CodeUnavailable, "ratelimit: %v", err)
}
