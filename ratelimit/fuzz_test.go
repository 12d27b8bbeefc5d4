package ratelimit

import (
	"testing"
	"time"
)

// FuzzGCRA checks GCRA's invariants for every valid policy, state, time and
// cost: nothing overflows, remaining stays within the capacity, waits stay
// within the tolerance, and a refusal leaves the (clamped) state unchanged.
func FuzzGCRA(f *testing.F) {
	f.Add(int64(5), int64(5000), int64(0), int64(0), int64(1_767_225_600_000_000_000), int64(1))
	f.Add(int64(1), int64(31_622_400_000), int64(1), int64(1<<63-1), int64(MaxNow), int64(1_000_000_000))
	f.Fuzz(func(t *testing.T, quota, windowMS, burst, tat, now, cost int64) {
		p := Policy{Name: "f", Quota: quota, Window: time.Duration(windowMS) * time.Millisecond, Burst: burst}
		if windowMS <= 0 || windowMS > int64(maxWindow/time.Millisecond) || p.Validate() != nil || now <= 0 || now > MaxNow || cost < 0 || cost > maxCost {
			return
		}
		r := GCRA(p, tat, now, cost)
		tau := time.Duration(int64(p.EmissionInterval()) * p.Capacity())
		if r.Remaining < 0 || r.Remaining > p.Capacity() || r.ResetAfter < 0 || r.ResetAfter > tau || r.RetryAfter > tau {
			t.Fatalf("%+v: result %+v (tau %v)", p, r, tau)
		}
		if r.Allowed && (r.TAT < now || time.Duration(r.TAT-now) > tau) {
			t.Fatalf("%+v: allowed with TAT %d at now %d", p, r.TAT, now)
		}
		if !r.Allowed && r.TAT != min(max(tat, now), now+int64(tau)) {
			t.Fatalf("%+v: refusal moved the state %d → %d", p, tat, r.TAT)
		}
	})
}
