package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
)

func init() {
	register("ratelimit", command{
		args:    "--policy JSON|FILE < decision-request.json",
		summary: `decide one request against a stored GCRA state ({"state","now_ms"?,"cost"?}); prints the decision, exit 1 when refused`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			policy := fs.String("policy", "", `the ratelimit configuration, e.g. {"policies":[{"name":"api","quota":100,"window_s":60}]}, or a file holding it`)
			return func() (request, error) {
				if *policy == "" {
					return request{}, usageError("--policy is required")
				}
				cfg, err := jsonOrFile(*policy)
				if err != nil {
					return request{}, err
				}
				return request{kind: "ratelimit", config: cfg, op: "decide", encode: withNow(time.Now), print: printVerdict("allowed")}, nil
			}
		},
	})
	register("ratelimit-key", command{
		args:    "--policy JSON|FILE < client.json",
		summary: `the store key for a client ({"ip"?,"forwarded_for"?,"user"?,"route"?}; IPv6 by /56)`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			policy := fs.String("policy", "", "the ratelimit configuration (its ipv6_prefix and trusted_proxies apply), or a file holding it")
			return func() (request, error) {
				if *policy == "" {
					return request{}, usageError("--policy is required")
				}
				cfg, err := jsonOrFile(*policy)
				if err != nil {
					return request{}, err
				}
				return request{kind: "ratelimit", config: cfg, op: "key", print: printMember("key")}, nil
			}
		},
	})
}

// withNow fills in now_ms from the clock when the decision request leaves
// it out (the module never reads the clock for a decision); an empty stdin
// is a request with no stored state.
func withNow(now func() time.Time) func([]byte) ([]byte, error) {
	return func(stdin []byte) ([]byte, error) {
		in := map[string]json.RawMessage{}
		if len(bytes.TrimSpace(stdin)) > 0 {
			if err := json.Unmarshal(stdin, &in); err != nil || in == nil {
				return nil, dispatch.Errorf(dispatch.CodeBadRequest, "decide: stdin must be a JSON object")
			}
		}
		if _, ok := in["state"]; !ok {
			in["state"] = json.RawMessage(`""`)
		}
		if _, ok := in["now_ms"]; !ok {
			ms, _ := json.Marshal(now().UnixMilli())
			in["now_ms"] = ms
		}
		return json.Marshal(in)
	}
}
