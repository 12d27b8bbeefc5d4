package ratelimit

import (
	"strconv"
	"strings"
	"time"
)

// Limiter applies one or more policies together (for example a burst policy
// and a daily one): a request is allowed only when every policy allows it, and
// then every policy is charged; a refused request charges none.
type Limiter struct {
	policies []Policy
}

// New returns a Limiter for policies, which must be valid and have distinct
// names.
func New(policies ...Policy) (*Limiter, error) {
	if len(policies) == 0 || len(policies) > 8 {
		return nil, errorf(CodeBadConfig, "a limiter needs 1 … 8 policies")
	}
	seen := map[string]bool{}
	for _, p := range policies {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if seen[p.Name] {
			return nil, errorf(CodeBadConfig, "duplicate policy name "+strconv.Quote(p.Name))
		}
		seen[p.Name] = true
	}
	return &Limiter{policies: append([]Policy(nil), policies...)}, nil
}

// Policies returns a copy of the limiter's policies.
func (l *Limiter) Policies() []Policy { return append([]Policy(nil), l.policies...) }

// MaxNow is the latest time Decide accepts (Unix ns, in 2255): far enough
// below the int64 limit that a TAT two windows ahead cannot overflow.
const MaxNow = 9_000_000_000_000_000_000

// Decision is the verdict of Limiter.Decide.
type Decision struct {
	Allowed bool
	Now     int64    // the decision time (Unix ns), kept for header fields that carry absolute times
	Results []Result // one per policy, in configuration order
	// State is what to store for the key: Limiter.Decide's input on the next
	// request. When the request is refused it equals the input state
	// (re-encoded), so a store may skip the write.
	State string
	// TTL is how long State matters: once it passes, storing nothing is
	// equivalent. Stores use it as the key's expiry.
	TTL time.Duration
}

// RetryAfter is how long the client should wait before this request could
// be allowed: the longest wait among the refusing policies, 0 when allowed,
// -1 when it can never be allowed (its cost exceeds a policy's capacity).
func (d *Decision) RetryAfter() time.Duration {
	if d.Allowed {
		return 0
	}
	var wait time.Duration
	for _, r := range d.Results {
		if r.Allowed {
			continue
		}
		if r.RetryAfter < 0 {
			return -1
		}
		wait = max(wait, r.RetryAfter)
	}
	return wait
}

// violated names the policies that refused the request.
func (l *Limiter) violated(d *Decision) []string {
	var names []string
	for i, r := range d.Results {
		if !r.Allowed {
			names = append(names, l.policies[i].Name)
		}
	}
	return names
}

// Decide is the pure decision: the stored state ("" when nothing is stored),
// the time now (Unix ns) and the request's cost (1 for an ordinary request, 0
// to peek) give the verdict and the state to store.
//
// A state written for a different number of policies (the configuration
// changed) is read as "nothing stored". A state that is not of this package's
// form at all is a bad_state error: the store is corrupt or shared with
// something else, and guessing would either lock clients out or let them in.
func (l *Limiter) Decide(state string, now, cost int64) (*Decision, error) {
	if cost < 0 || cost > maxCost {
		return nil, errorf(CodeBadRequest, "cost must be 0 … 1e9")
	}
	if now <= 0 || now > MaxNow {
		return nil, errorf(CodeBadRequest, "now must be a positive Unix time in nanoseconds before 2255")
	}
	tats, err := decodeState(state, len(l.policies))
	if err != nil {
		return nil, err
	}
	d := &Decision{Allowed: true, Now: now, Results: make([]Result, len(l.policies))}
	for i, p := range l.policies {
		d.Results[i] = GCRA(p, tats[i], now, cost)
		d.Allowed = d.Allowed && d.Results[i].Allowed
	}
	if !d.Allowed {
		// Nothing is charged, so a policy that would have allowed the
		// request reports what it has now, not what it would have had.
		for i, p := range l.policies {
			if d.Results[i].Allowed {
				peek := GCRA(p, tats[i], now, 0)
				peek.Allowed = true
				d.Results[i] = peek
			}
		}
	}
	for i, r := range d.Results {
		tats[i] = r.TAT
		d.TTL = max(d.TTL, time.Duration(r.TAT-now))
	}
	d.State = encodeState(tats, now)
	return d, nil
}

// The state is the policies' TATs in decimal Unix nanoseconds, joined by
// commas. Decimal text rather than binary because JS hosts keep it in
// strings (an int64 does not fit a JS number) and it is easy to inspect in a
// store. TATs in the past carry no information and are written as 0.
func encodeState(tats []int64, now int64) string {
	var b strings.Builder
	for i, t := range tats {
		if i > 0 {
			b.WriteByte(',')
		}
		if t <= now {
			t = 0
		}
		b.WriteString(strconv.FormatInt(t, 10))
	}
	return b.String()
}

func decodeState(state string, n int) ([]int64, error) {
	tats := make([]int64, n)
	if state == "" {
		return tats, nil
	}
	if len(state) > 8*21 {
		return nil, errorf(CodeBadState, "stored state is too long")
	}
	parts := strings.Split(state, ",")
	for _, p := range parts {
		// ParseInt accepts a leading '+'; the encoder never writes one.
		if p == "" || p[0] == '+' || p[0] == '-' {
			return nil, errorf(CodeBadState, "stored state is not a list of non-negative integers")
		}
		if _, err := strconv.ParseInt(p, 10, 64); err != nil {
			return nil, errorf(CodeBadState, "stored state is not a list of non-negative integers")
		}
	}
	if len(parts) != n {
		return tats, nil
	}
	for i, p := range parts {
		tats[i], _ = strconv.ParseInt(p, 10, 64)
	}
	return tats, nil
}
