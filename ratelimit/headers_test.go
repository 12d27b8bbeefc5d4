package ratelimit

import (
	"testing"
	"time"
)

func TestHeaders(t *testing.T) {
	l := mustLimiter(t,
		Policy{Name: "burst", Quota: 2, Window: 10 * time.Second},
		Policy{Name: "daily", Quota: 1000, Window: 24 * time.Hour})
	now := t0.UnixNano()
	d1, _ := l.Decide("", now, 1)
	d2, _ := l.Decide(d1.State, now, 1)
	d3, _ := l.Decide(d2.State, now, 1)

	check := func(name string, got []Field, want []Field) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: got %v, want %v", name, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: field %d = %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	check("allowed ietf", l.Headers(d1, HeadersIETF), []Field{
		{"RateLimit-Policy", `"burst";q=2;w=10, "daily";q=1000;w=86400`},
		{"RateLimit", `"burst";r=1;t=5, "daily";r=999;t=87`},
	})
	// Refused: burst empty (full in 10 s, next request in 5 s); daily
	// not charged for the refused request, so it stays at 998.
	check("refused both", l.Headers(d3, HeadersBoth), []Field{
		{"RateLimit-Policy", `"burst";q=2;w=10, "daily";q=1000;w=86400`},
		{"RateLimit", `"burst";r=0;t=10, "daily";r=998;t=173`},
		{"X-RateLimit-Limit", "2"},
		{"X-RateLimit-Remaining", "0"},
		{"X-RateLimit-Reset", "1767225610"},
		{"Retry-After", "5"},
	})
	check("refused none", l.Headers(d3, HeadersNone), []Field{{"Retry-After", "5"}})
	if p := l.Problem(d1); p != nil {
		t.Fatalf("problem for an allowed request: %+v", p)
	}
	want := `{"type":"https://iana.org/assignments/http-problem-types#quota-exceeded","title":"Too Many Requests","status":429,"detail":"Quota exceeded; retry after 5 s.","violated-policies":["burst"]}`
	if got := string(l.Problem(d3).JSON()); got != want {
		t.Fatalf("problem = %s", got)
	}
}

func TestHeadersNeverFits(t *testing.T) {
	l := mustLimiter(t, Policy{Name: "a", Quota: 2, Window: time.Second})
	d, _ := l.Decide("", t0.UnixNano(), 3)
	if d.Allowed || d.RetryAfter() != -1 {
		t.Fatalf("decision %+v", d)
	}
	for _, f := range l.Headers(d, HeadersIETF) {
		if f.Name == "Retry-After" {
			t.Fatalf("Retry-After for a request that can never succeed: %v", f)
		}
	}
}

func TestSubSecondWindowRoundsUp(t *testing.T) {
	l := mustLimiter(t, Policy{Name: "a", Quota: 10, Window: 1500 * time.Millisecond})
	d, _ := l.Decide("", t0.UnixNano(), 1)
	if got := l.Headers(d, HeadersIETF)[0].Value; got != `"a";q=10;w=2` {
		t.Fatalf("RateLimit-Policy = %s", got)
	}
}
