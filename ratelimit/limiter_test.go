package ratelimit

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Unix(1_767_225_600, 0) // 2026-01-01T00:00:00Z

func mustLimiter(t testing.TB, ps ...Policy) *Limiter {
	t.Helper()
	l, err := New(ps...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestDecideMultiPolicyChargesAllOrNothing(t *testing.T) {
	l := mustLimiter(t,
		Policy{Name: "burst", Quota: 3, Window: time.Second},
		Policy{Name: "daily", Quota: 4, Window: 24 * time.Hour})
	now := t0.UnixNano()
	state := ""
	var allowed int
	for i := range 10 {
		// One request every 2 s: the burst policy always refills, the
		// daily one runs out after 4.
		d, err := l.Decide(state, now+int64(i)*2e9, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			allowed++
		} else {
			if got := l.violated(d); len(got) != 1 || got[0] != "daily" {
				t.Fatalf("violated = %v", got)
			}
			// The burst policy did not charge the refused request.
			if d.Results[0].Remaining != 3 || !d.Results[0].Allowed {
				t.Fatalf("burst result after refusal: %+v", d.Results[0])
			}
			// Only the burst TAT may change, and only because a past
			// TAT is re-encoded as 0; the daily one is untouched.
			if old, _ := decodeState(state, 2); d.Results[1].TAT != old[1] {
				t.Fatalf("refusal changed the daily state: %q → %q", state, d.State)
			}
		}
		state = d.State
	}
	if allowed != 4 {
		t.Fatalf("allowed %d, want 4", allowed)
	}
}

func TestDecideState(t *testing.T) {
	l := mustLimiter(t, Policy{Name: "a", Quota: 2, Window: time.Second}, Policy{Name: "b", Quota: 5, Window: time.Minute})
	now := t0.UnixNano()
	for _, c := range []struct {
		name, state string
		err         string
		remaining   int64 // of policy a
	}{
		{"absent", "", "", 1},
		{"zeros", "0,0", "", 1},
		{"full", "1767225601000000000,0", "", 0},
		{"past", "1000,1000", "", 1},
		{"other-policy-count", "1767225601000000000", "", 1},
		{"garbage", "abc", CodeBadState, 0},
		{"negative", "-5,0", CodeBadState, 0},
		{"plus", "+5,0", CodeBadState, 0},
		{"empty-part", ",", CodeBadState, 0},
		{"overflow", "99999999999999999999,0", CodeBadState, 0},
		{"too-long", strings.Repeat("1,", 200) + "1", CodeBadState, 0},
	} {
		d, err := l.Decide(c.state, now, 1)
		if c.err != "" {
			if e, ok := err.(*Error); !ok || e.Code() != c.err {
				t.Errorf("%s: err = %v, want %s", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d.Results[0].Remaining != c.remaining {
			t.Errorf("%s: remaining %d, want %d", c.name, d.Results[0].Remaining, c.remaining)
		}
	}
}

func TestDecideBadRequest(t *testing.T) {
	l := mustLimiter(t, Policy{Name: "a", Quota: 2, Window: time.Second})
	for _, c := range []struct{ now, cost int64 }{{0, 1}, {-1, 1}, {1, -1}, {1, 2e9}, {MaxNow + 1, 1}, {1<<63 - 1, 1}} {
		if _, err := l.Decide("", c.now, c.cost); err == nil {
			t.Errorf("now=%d cost=%d: no error", c.now, c.cost)
		}
	}
}

func TestNewRejects(t *testing.T) {
	p := Policy{Name: "a", Quota: 1, Window: time.Second}
	for name, ps := range map[string][]Policy{
		"none":      nil,
		"duplicate": {p, p},
		"invalid":   {{Name: "a"}},
		"too-many":  {p, p, p, p, p, p, p, p, p},
	} {
		if _, err := New(ps...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestAllowMemoryStoreExactUnderConcurrency(t *testing.T) {
	const limit, goroutines, each = 25, 16, 10
	l := mustLimiter(t, Policy{Name: "a", Quota: limit, Window: time.Hour})
	s := NewMemoryStore(0, nil)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				d, err := l.Allow(context.Background(), s, "k", t0, 1)
				if err != nil {
					t.Error(err)
					return
				}
				if d.Allowed {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if allowed.Load() != limit {
		t.Fatalf("allowed %d of %d, want exactly %d", allowed.Load(), goroutines*each, limit)
	}
}

type failingStore struct{ *MemoryStore }

func (*failingStore) CompareAndSwap(context.Context, string, string, string, time.Duration) (bool, error) {
	return false, nil
}

func TestAllowFailsClosed(t *testing.T) {
	l := mustLimiter(t, Policy{Name: "a", Quota: 5, Window: time.Second})
	fs := &failingStore{NewMemoryStore(0, nil)}
	d, err := l.Allow(context.Background(), fs, "k", t0, 1)
	if err == nil || d != nil {
		t.Fatalf("a store whose swaps never succeed gave %v, %v", d, err)
	}
	if e, ok := err.(*Error); !ok || e.Code() != CodeContention {
		t.Fatalf("err = %v", err)
	}
}

func TestMemoryStoreBoundedAndExpiring(t *testing.T) {
	var clock atomic.Int64
	clock.Store(t0.UnixNano())
	s := NewMemoryStore(memShards*2, func() time.Time { return time.Unix(0, clock.Load()) })
	ctx := context.Background()
	for i := range 10_000 {
		k := "k" + string(rune('a'+i%26)) + time.Duration(i).String()
		if ok, _ := s.CompareAndSwap(ctx, k, "", "1", time.Duration(i+1)*time.Second); !ok {
			t.Fatalf("insert %d failed", i)
		}
	}
	if n := s.Len(); n > memShards*2 {
		t.Fatalf("store holds %d keys, bound %d", n, memShards*2)
	}
	if ok, _ := s.CompareAndSwap(ctx, "x", "", "v1", time.Second); !ok {
		t.Fatal("insert x")
	}
	if ok, _ := s.CompareAndSwap(ctx, "x", "", "v2", time.Second); ok {
		t.Fatal("swap with a stale old value succeeded")
	}
	if v, _ := s.Get(ctx, "x"); v != "v1" {
		t.Fatalf("x = %q", v)
	}
	clock.Add(int64(time.Second))
	if v, _ := s.Get(ctx, "x"); v != "" {
		t.Fatalf("expired x = %q", v)
	}
	if ok, _ := s.CompareAndSwap(ctx, "x", "", "v3", time.Second); !ok {
		t.Fatal("an expired key must read as absent for the swap too")
	}
}

func BenchmarkDecide(b *testing.B) {
	l := mustLimiter(b, Policy{Name: "a", Quota: 1000, Window: time.Second})
	state, now := "", t0.UnixNano()
	for i := 0; b.Loop(); i++ {
		d, _ := l.Decide(state, now+int64(i)*1e6, 1)
		state = d.State
	}
}

func BenchmarkAllowMemoryStore(b *testing.B) {
	l := mustLimiter(b, Policy{Name: "a", Quota: 1000, Window: time.Second})
	s := NewMemoryStore(0, nil)
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = Key(Part{"ip", "10.0.0." + time.Duration(i).String()})
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := l.Allow(context.Background(), s, keys[i%len(keys)], time.Now(), 1); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}
