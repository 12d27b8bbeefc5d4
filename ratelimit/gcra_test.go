package ratelimit

import (
	"testing"
	"time"
)

// The GCRA table shared by throttled (rate_test.go TestRateLimit) and
// redis-cell (it_rate_limits): capacity 5 (MaxBurst 4), one request per
// second, all at times relative to a start.
var gcraTable = []struct {
	at                time.Duration
	cost, remaining   int64
	reset, retryAfter time.Duration
	allowed           bool
}{
	// A request larger than the capacity is never allowed.
	0:  {0, 6, 5, 0, -1, false},
	1:  {0, 1, 4, time.Second, -1, true},
	2:  {0, 1, 3, 2 * time.Second, -1, true},
	3:  {0, 1, 2, 3 * time.Second, -1, true},
	4:  {0, 1, 1, 4 * time.Second, -1, true},
	5:  {0, 1, 0, 5 * time.Second, -1, true},
	6:  {0, 1, 0, 5 * time.Second, time.Second, false},
	7:  {3000 * time.Millisecond, 1, 2, 3000 * time.Millisecond, -1, true},
	8:  {3100 * time.Millisecond, 1, 1, 3900 * time.Millisecond, -1, true},
	9:  {4000 * time.Millisecond, 1, 1, 4000 * time.Millisecond, -1, true},
	10: {8000 * time.Millisecond, 1, 4, 1000 * time.Millisecond, -1, true},
	11: {9500 * time.Millisecond, 1, 4, 1000 * time.Millisecond, -1, true},
	// Cost 0 peeks.
	12: {9500 * time.Millisecond, 0, 4, time.Second, -1, true},
	// A heavier request uses more of the capacity.
	13: {9500 * time.Millisecond, 2, 2, 3 * time.Second, -1, true},
	// and cannot exceed it.
	14: {9500 * time.Millisecond, 5, 2, 3 * time.Second, 3 * time.Second, false},
}

// throttledPolicy is throttled's RateQuota{PerSec(1), MaxBurst: 4}.
var throttledPolicy = Policy{Name: "t", Quota: 5, Window: 5 * time.Second, Burst: 5}

func TestGCRAThrottledTable(t *testing.T) {
	start := int64(1_700_000_000) * int64(time.Second)
	var tat int64
	for i, c := range gcraTable {
		r := GCRA(throttledPolicy, tat, start+int64(c.at), c.cost)
		if r.Allowed != c.allowed || r.Limit != 5 || r.Remaining != c.remaining || r.ResetAfter != c.reset || r.RetryAfter != c.retryAfter {
			t.Errorf("%d: got allowed=%v limit=%d remaining=%d reset=%v retry=%v; want %v 5 %d %v %v",
				i, r.Allowed, r.Limit, r.Remaining, r.ResetAfter, r.RetryAfter, c.allowed, c.remaining, c.reset, c.retryAfter)
		}
		tat = r.TAT
	}
}

func TestGCRAIsPure(t *testing.T) {
	p := Policy{Name: "p", Quota: 10, Window: time.Minute}
	a := GCRA(p, 5e18, 5e18, 3)
	b := GCRA(p, 5e18, 5e18, 3)
	if a != b {
		t.Fatalf("same inputs, different results: %+v %+v", a, b)
	}
}

func TestGCRAClampsHostileState(t *testing.T) {
	p := Policy{Name: "p", Quota: 10, Window: 10 * time.Second}
	now := int64(2e18)
	// A TAT a year ahead cannot come from this algorithm; it reads as an
	// empty bucket, never as an overflowed, negative wait.
	r := GCRA(p, now+int64(365*24*time.Hour), now, 1)
	if r.Allowed || r.Remaining != 0 || r.RetryAfter != time.Second || r.ResetAfter != 10*time.Second {
		t.Fatalf("got %+v", r)
	}
	// The maximum int64 TAT must not overflow either.
	r = GCRA(p, 1<<63-1, now, 1)
	if r.Allowed || r.RetryAfter != time.Second {
		t.Fatalf("got %+v", r)
	}
}

func TestGCRASmoothRefill(t *testing.T) {
	// 100 per minute with burst 100: after spending everything at t=0,
	// exactly one request comes back every 600 ms, never a whole window.
	p := Policy{Name: "p", Quota: 100, Window: time.Minute}
	now := int64(1e18)
	var tat int64
	for i := range 100 {
		r := GCRA(p, tat, now, 1)
		if !r.Allowed {
			t.Fatalf("request %d refused", i)
		}
		tat = r.TAT
	}
	if r := GCRA(p, tat, now+599*int64(time.Millisecond), 1); r.Allowed || r.RetryAfter != time.Millisecond {
		t.Fatalf("at 599 ms: %+v", r)
	}
	r := GCRA(p, tat, now+600*int64(time.Millisecond), 1)
	if !r.Allowed || r.Remaining != 0 {
		t.Fatalf("at 600 ms: %+v", r)
	}
	if r2 := GCRA(p, r.TAT, now+600*int64(time.Millisecond), 1); r2.Allowed {
		t.Fatalf("second request at 600 ms allowed: %+v", r2)
	}
}

func TestPolicyValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		p    Policy
		ok   bool
	}{
		{"ok", Policy{Name: "default", Quota: 100, Window: time.Minute}, true},
		{"ok-burst", Policy{Name: "a.b_c-1", Quota: 1, Window: time.Second, Burst: 10}, true},
		{"empty-name", Policy{Quota: 1, Window: time.Second}, false},
		{"quote-in-name", Policy{Name: `a"b`, Quota: 1, Window: time.Second}, false},
		{"upper-name", Policy{Name: "A", Quota: 1, Window: time.Second}, false},
		{"zero-quota", Policy{Name: "a", Window: time.Second}, false},
		{"huge-quota", Policy{Name: "a", Quota: 2e9, Window: time.Hour}, false},
		{"tiny-window", Policy{Name: "a", Quota: 1, Window: time.Microsecond}, false},
		{"huge-window", Policy{Name: "a", Quota: 1, Window: 400 * 24 * time.Hour}, false},
		{"negative-burst", Policy{Name: "a", Quota: 1, Window: time.Second, Burst: -1}, false},
		{"sub-ns-interval", Policy{Name: "a", Quota: 1e9, Window: time.Millisecond}, false},
		// τ = 1e9 × 366 days would overflow int64.
		{"huge-tolerance", Policy{Name: "a", Quota: 1, Window: 366 * 24 * time.Hour, Burst: 1e9}, false},
		{"tolerance-at-limit", Policy{Name: "a", Quota: 2, Window: 366 * 24 * time.Hour, Burst: 2}, true},
		{"tolerance-over-limit", Policy{Name: "a", Quota: 2, Window: 366 * 24 * time.Hour, Burst: 3}, false},
	} {
		if err := c.p.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: err=%v, want ok=%v", c.name, err, c.ok)
		}
	}
}
