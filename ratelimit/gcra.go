package ratelimit

import (
	"strconv"
	"time"
)

// Policy is one quota: Quota requests per Window, of which up to Burst can be
// spent at once (Burst 0 means Burst = Quota). Requests are replenished
// smoothly, one every Window/Quota, rather than all at once at a window edge,
// so there is no boundary at which a client can spend twice its quota.
type Policy struct {
	Name   string        // policy name in RateLimit headers: 1–64 of a-z 0-9 - _ .
	Quota  int64         // requests per Window, 1 … 1e9
	Window time.Duration // 1 ms … 366 days
	Burst  int64         // capacity; 0 means Quota
}

// Bounds on a Policy: they keep every product below in int64 range.
const (
	maxQuota  = 1_000_000_000
	minWindow = time.Millisecond
	maxWindow = 366 * 24 * time.Hour
	maxCost   = 1_000_000_000
)

// Validate reports whether p is usable, with a bad_config error naming the
// field otherwise.
func (p Policy) Validate() error {
	if p.Name == "" || len(p.Name) > 64 {
		return errorf(CodeBadConfig, "policy name must be 1–64 bytes")
	}
	for i := 0; i < len(p.Name); i++ {
		c := p.Name[i]
		// The name is written inside an sf-string; restricting it keeps
		// escaping out of the header serializer and the name readable.
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return errorf(CodeBadConfig, "policy "+strconv.Quote(p.Name)+": name may hold only a-z, 0-9, '-', '_', '.'")
		}
	}
	if p.Quota < 1 || p.Quota > maxQuota {
		return errorf(CodeBadConfig, "policy "+p.Name+": quota must be 1 … 1e9")
	}
	if p.Window < minWindow || p.Window > maxWindow {
		return errorf(CodeBadConfig, "policy "+p.Name+": window must be 1 ms … 366 days")
	}
	if p.Burst < 0 || p.Burst > maxQuota {
		return errorf(CodeBadConfig, "policy "+p.Name+": burst must be 0 … 1e9")
	}
	T := p.Window / time.Duration(p.Quota)
	if T < 1 {
		return errorf(CodeBadConfig, "policy "+p.Name+": quota exceeds one request per nanosecond")
	}
	// τ = T × capacity is how far ahead a TAT can be; bounding it by the
	// longest window keeps now + 2τ inside int64 for any now ≤ MaxNow.
	if p.Capacity() > int64(maxWindow/T) {
		return errorf(CodeBadConfig, "policy "+p.Name+": burst × (window / quota) exceeds 366 days")
	}
	return nil
}

// EmissionInterval is the time one request's worth of quota takes to come
// back: Window / Quota.
func (p Policy) EmissionInterval() time.Duration { return p.Window / time.Duration(p.Quota) }

// Capacity is how many requests can be spent at once (Burst, or Quota).
func (p Policy) Capacity() int64 {
	if p.Burst == 0 {
		return p.Quota
	}
	return p.Burst
}

// Result is the outcome of one GCRA decision for one policy. Its fields have
// the meaning of throttled's RateLimitResult and redis-cell's CL.THROTTLE
// reply, so that both projects' test tables apply unchanged.
type Result struct {
	Allowed    bool
	Limit      int64         // Capacity
	Remaining  int64         // requests that could still be made now
	ResetAfter time.Duration // until the full capacity is available again
	RetryAfter time.Duration // until this request would be allowed; -1 when allowed, or when it never can be (cost > capacity)
	TAT        int64         // the state to store (Unix ns); unchanged when not allowed
}

// GCRA decides one request of weight cost (0 peeks) at time now (Unix ns)
// against policy p whose stored state is tat (Unix ns; 0 or any past value
// means "nothing stored"). It is a pure function: same inputs, same result.
//
// p must be valid (Policy.Validate), 0 < now ≤ MaxNow and cost within
// 0 … 1e9 (Limiter.Decide checks all three); a cost out of range is
// clamped rather than allowed to overflow. A tat further in the
// future than a full bucket allows (a corrupted or hostile stored state) is
// clamped to "bucket empty", the safe reading.
func GCRA(p Policy, tat, now, cost int64) Result {
	T := int64(p.EmissionInterval())
	capacity := p.Capacity()
	tau := T * capacity // delay variation tolerance; ≤ 366 days (Validate), no overflow
	cost = min(max(cost, 0), maxCost)
	if tat < now {
		tat = now
	}
	if tat-now > tau {
		tat = now + tau
	}
	r := Result{Limit: capacity, RetryAfter: -1, TAT: tat}
	var ttl int64
	if cost > capacity {
		// No amount of waiting lets this request through; say so with
		// RetryAfter -1 instead of a time that would be a lie.
		ttl = tat - now
	} else {
		newTAT := tat + cost*T // ≤ now + 2τ: fits in int64 for any real clock
		if allowAt := newTAT - tau; allowAt > now {
			r.RetryAfter = time.Duration(allowAt - now)
			ttl = tat - now
		} else {
			r.Allowed = true
			r.TAT = newTAT
			ttl = newTAT - now
		}
	}
	if next := tau - ttl; next > -T {
		r.Remaining = next / T
	}
	r.ResetAfter = time.Duration(ttl)
	return r
}

// ceilSeconds rounds a duration up to whole seconds, as header fields carry
// whole seconds and rounding down would invite a retry that is refused.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}
