package ratelimithttp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/ratelimit"
)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

func TestMiddleware(t *testing.T) {
	l, _ := ratelimit.New(ratelimit.Policy{Name: "api", Quota: 2, Window: time.Minute})
	now := time.Unix(1_767_225_600, 0)
	var events []audit.Event
	h := Middleware(Options{Limiter: l, Store: ratelimit.NewMemoryStore(0, nil), Now: func() time.Time { return now },
		Event: func(_ *http.Request, e audit.Event) { events = append(events, e) }})(ok)
	do := func(remote string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i, want := range []int{200, 200, 429} {
		// Two addresses in one /56: one client.
		w := do([]string{"[2001:db8:1:100::1]:5000", "[2001:db8:1:1ff::2]:6000", "[2001:db8:1:100::3]:7000"}[i])
		if w.Code != want {
			t.Fatalf("request %d: %d, want %d", i, w.Code, want)
		}
		if w.Header().Get("RateLimit-Policy") != `"api";q=2;w=60` {
			t.Fatalf("RateLimit-Policy %q", w.Header().Get("RateLimit-Policy"))
		}
	}
	w := do("[2001:db8:1:100::3]:7000")
	if w.Header().Get("Retry-After") != "30" || w.Header().Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(w.Body.String(), `"violated-policies":["api"]`) {
		t.Fatalf("refusal: %v %s", w.Header(), w.Body.String())
	}
	// Two IPv4 clients behind a dual-stack socket are two clients.
	if do("[::ffff:192.0.2.1]:1").Code != 200 || do("[::ffff:192.0.2.2]:1").Code != 200 {
		t.Fatal("IPv4-mapped clients share a bucket")
	}
	if len(events) != 2 || events[0].Name != "excess_rate_limit_exceeded" {
		t.Fatalf("events %+v", events)
	}
}

func TestBehindProxy(t *testing.T) {
	l, _ := ratelimit.New(ratelimit.Policy{Name: "api", Quota: 1, Window: time.Minute})
	proxies, _ := ratelimit.ParseProxies([]string{"10.0.0.0/8"})
	h := Middleware(Options{Limiter: l, Store: ratelimit.NewMemoryStore(0, nil), Proxies: proxies})(ok)
	do := func(xff string) int {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.1.2.3:443"
		r.Header.Set("X-Forwarded-For", xff)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	// The client cannot escape its bucket by prepending forged hops.
	if do("198.51.100.7") != 200 || do("1.1.1.1, 198.51.100.7") != 429 || do("203.0.113.1") != 200 {
		t.Fatal("X-Forwarded-For walk")
	}
}

type brokenStore struct{}

func (brokenStore) Get(context.Context, string) (string, error) { return "", errors.New("down") }
func (brokenStore) CompareAndSwap(context.Context, string, string, string, time.Duration) (bool, error) {
	return false, errors.New("down")
}

func TestFailsClosed(t *testing.T) {
	l, _ := ratelimit.New(ratelimit.Policy{Name: "api", Quota: 2, Window: time.Minute})
	for name, o := range map[string]Options{
		"store down": {Limiter: l, Store: brokenStore{}},
		"bad key":    {Limiter: l, Store: ratelimit.NewMemoryStore(0, nil), Key: func(*http.Request) (string, error) { return "", errors.New("no ip") }},
	} {
		w := httptest.NewRecorder()
		Middleware(o)(ok).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("%s: %d", name, w.Code)
		}
	}
}
