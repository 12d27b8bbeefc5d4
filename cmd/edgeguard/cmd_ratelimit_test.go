package main

import (
	"regexp"
	"testing"
	"time"
)

const testPolicy = `{"policies":[{"name":"a","quota":5,"window_s":5}]}`

func TestRateLimitCommands(t *testing.T) {
	// GCRA, 5 per 5 s (T = 1 s, τ = 5 s): a first request at t = 1 s leaves
	// TAT = 2 s and 4 remaining; a stored TAT of 6 s (bucket empty) is
	// refused for 1 s, and nothing changes.
	allowed := `{"allowed":true,"state":"2000000000","ttl_ms":1000,"retry_after_ms":0,` +
		`"policies":[{"name":"a","allowed":true,"limit":5,"remaining":4,"reset_ms":1000,"retry_after_ms":-1}],` +
		`"headers":[{"name":"RateLimit-Policy","value":"\"a\";q=5;w=5"},{"name":"RateLimit","value":"\"a\";r=4;t=1"}]}` + "\n"
	refused := `{"allowed":false,"state":"6000000000","ttl_ms":5000,"retry_after_ms":1000,` +
		`"policies":[{"name":"a","allowed":false,"limit":5,"remaining":0,"reset_ms":5000,"retry_after_ms":1000}],` +
		`"headers":[{"name":"RateLimit-Policy","value":"\"a\";q=5;w=5"},{"name":"RateLimit","value":"\"a\";r=0;t=5"},{"name":"Retry-After","value":"1"}],` +
		`"problem":{"type":"https://iana.org/assignments/http-problem-types#quota-exceeded","title":"Too Many Requests","status":429,"detail":"Quota exceeded; retry after 1 s.","violated-policies":["a"]},` +
		`"event":{"datetime":"1970-01-01T00:00:01Z","event":"excess_rate_limit_exceeded","level":"WARN","reason":"quota_exceeded","request_id":"r1","fields":{"violated_policies":["a"]}}}` + "\n"
	runPracticeCases(t, []practiceCase{
		{name: "allowed", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `{"state":"","now_ms":1000}`, stdout: allowed},
		{name: "state defaults to none", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `{"now_ms":1000}`, stdout: allowed},
		{name: "refused", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `{"state":"6000000000","now_ms":1000,"request_id":"r1"}`, code: exitRefused, stdout: refused},
		{name: "now from the clock", args: []string{"ratelimit", "--policy", testPolicy}, stdin: "",
			match: regexp.MustCompile(`^\{"allowed":true,"state":"\d{19}","ttl_ms":1000,`)},
		{name: "bad state", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `{"state":"x"}`, code: exitRefused, inStderr: "bad_state"},
		{name: "not an object", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `[1]`, code: exitRefused, inStderr: "bad_request"},
		{name: "unknown member", args: []string{"ratelimit", "--policy", testPolicy}, stdin: `{"cots":2}`, code: exitRefused, inStderr: `unknown member "cots"`},
		{name: "no policy", args: []string{"ratelimit"}, code: exitUsage, inStderr: "--policy is required"},
		{name: "zero quota", args: []string{"ratelimit", "--policy", `{"policies":[{"name":"a","quota":0,"window_s":5}]}`}, code: exitUsage, inStderr: "bad_config"},
		{name: "key: mapped IPv4 (CVE-2026-30827)", args: []string{"ratelimit-key", "--policy", testPolicy}, stdin: `{"ip":"::ffff:192.0.2.1"}`, stdout: "ip=192.0.2.1\n"},
		{name: "key: IPv6 /56", args: []string{"ratelimit-key", "--policy", testPolicy}, stdin: `{"ip":"2001:db8:abcd:12ff::1","route":"POST /login"}`, stdout: "ip=2001:db8:abcd:1200::/56|route=POST /login\n"},
	})
}

// withNow fills in only what is missing.
func TestWithNow(t *testing.T) {
	now := func() time.Time { return time.UnixMilli(42) }
	for in, want := range map[string]string{
		``:                         `{"now_ms":42,"state":""}`,
		`{"cost":0}`:               `{"cost":0,"now_ms":42,"state":""}`,
		`{"state":"1","now_ms":7}`: `{"now_ms":7,"state":"1"}`,
		" \n{\"state\":\"\"}\n":    `{"now_ms":42,"state":""}`,
	} {
		got, err := withNow(now)([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("withNow(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{`null`, `"x"`, `{`} {
		if _, err := withNow(now)([]byte(bad)); err == nil {
			t.Errorf("withNow(%q): no error", bad)
		}
	}
}
