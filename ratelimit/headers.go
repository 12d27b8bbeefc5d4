package ratelimit

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Field is one HTTP response header field.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HeaderMode selects which header fields Headers writes.
type HeaderMode string

const (
	// HeadersIETF writes RateLimit-Policy and RateLimit in the form of
	// draft-ietf-httpapi-ratelimit-headers-10 (Structured Field lists).
	HeadersIETF HeaderMode = "ietf"
	// HeadersLegacy writes X-RateLimit-Limit, -Remaining and -Reset (Unix
	// seconds), as express-rate-limit's legacyHeaders and GitHub do.
	HeadersLegacy HeaderMode = "legacy"
	// HeadersBoth writes both sets.
	HeadersBoth HeaderMode = "both"
	// HeadersNone writes only Retry-After on refusals.
	HeadersNone HeaderMode = "none"
)

// Valid reports whether m is one of the defined modes.
func (m HeaderMode) Valid() bool {
	switch m {
	case HeadersIETF, HeadersLegacy, HeadersBoth, HeadersNone:
		return true
	}
	return false
}

// Headers returns the header fields describing d, in a fixed order. A refused
// request also gets Retry-After (whole seconds, rounded up) unless it can
// never succeed.
func (l *Limiter) Headers(d *Decision, mode HeaderMode) []Field {
	var out []Field
	if mode == HeadersIETF || mode == HeadersBoth {
		policy := make([]string, len(l.policies))
		limit := make([]string, len(l.policies))
		for i, p := range l.policies {
			// w is a non-zero integer number of seconds; a sub-second or
			// fractional window is rounded up, never advertised as shorter.
			policy[i] = `"` + p.Name + `";q=` + strconv.FormatInt(p.Quota, 10) + ";w=" + strconv.FormatInt(ceilSeconds(p.Window), 10)
			r := d.Results[i]
			limit[i] = `"` + p.Name + `";r=` + strconv.FormatInt(r.Remaining, 10) + ";t=" + strconv.FormatInt(ceilSeconds(r.ResetAfter), 10)
		}
		out = append(out, Field{"RateLimit-Policy", strings.Join(policy, ", ")}, Field{"RateLimit", strings.Join(limit, ", ")})
	}
	if mode == HeadersLegacy || mode == HeadersBoth {
		// One policy has to speak for all: the one with the fewest
		// requests left, as it is the one the client will hit first.
		i := 0
		for j, r := range d.Results {
			if r.Remaining < d.Results[i].Remaining {
				i = j
			}
		}
		r := d.Results[i]
		// Unix seconds, as express-rate-limit and GitHub write it.
		reset := ceilSeconds(time.Duration(d.Now) + r.ResetAfter)
		out = append(out,
			Field{"X-RateLimit-Limit", strconv.FormatInt(l.policies[i].Quota, 10)},
			Field{"X-RateLimit-Remaining", strconv.FormatInt(r.Remaining, 10)},
			Field{"X-RateLimit-Reset", strconv.FormatInt(reset, 10)})
	}
	if wait := d.RetryAfter(); !d.Allowed && wait >= 0 {
		out = append(out, Field{"Retry-After", strconv.FormatInt(max(ceilSeconds(wait), 1), 10)})
	}
	return out
}

// ProblemType is the RFC 9457 problem type the rate-limit draft registers for
// a refused request.
const ProblemType = "https://iana.org/assignments/http-problem-types#quota-exceeded"

// Problem is an RFC 9457 problem details object for a 429 response. It
// contains nothing about the server beyond the policy names.
type Problem struct {
	Type             string   `json:"type"`
	Title            string   `json:"title"`
	Status           int      `json:"status"`
	Detail           string   `json:"detail"`
	ViolatedPolicies []string `json:"violated-policies"`
}

// ProblemContentType is the media type of a Problem body.
const ProblemContentType = "application/problem+json"

// Problem returns the problem details for a refused decision, or nil when d
// allowed the request.
func (l *Limiter) Problem(d *Decision) *Problem {
	if d.Allowed {
		return nil
	}
	detail := "The request would exceed its quota; it can never fit, as its cost exceeds the policy's capacity."
	if wait := d.RetryAfter(); wait >= 0 {
		detail = "Quota exceeded; retry after " + strconv.FormatInt(max(ceilSeconds(wait), 1), 10) + " s."
	}
	return &Problem{Type: ProblemType, Title: "Too Many Requests", Status: 429, Detail: detail, ViolatedPolicies: l.violated(d)}
}

// JSON returns the problem body.
func (p *Problem) JSON() []byte {
	b, _ := json.Marshal(p) // only strings and ints: cannot fail
	return b
}
