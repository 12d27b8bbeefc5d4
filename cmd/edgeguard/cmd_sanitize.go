package main

import (
	"flag"
	"fmt"
)

func init() {
	register("sanitize", command{
		args:    "--policy NAME|JSON",
		summary: "sanitize HTML from stdin",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			policy := fs.String("policy", "ugc", "preset name (strict, basic, ugc, rich) or a JSON policy object")
			return func() (request, error) {
				return request{kind: "sanitize", config: policyJSON(*policy), op: "sanitize"}, nil
			}
		},
	})
}

// policyJSON accepts a bare preset name as a convenience; anything that
// looks like JSON is passed through for the policy compiler to judge.
func policyJSON(p string) string {
	if len(p) > 0 && (p[0] == '{' || p[0] == '"') {
		return p
	}
	return fmt.Sprintf("%q", p)
}
