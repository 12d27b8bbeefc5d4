package headers

import (
	"strings"

	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

var referrerTokens = map[string]bool{
	"no-referrer": true, "no-referrer-when-downgrade": true, "same-origin": true, "origin": true,
	"strict-origin": true, "origin-when-cross-origin": true, "strict-origin-when-cross-origin": true,
	"unsafe-url": true, "": true,
}

// referrerPolicy: Referrer-Policy, default no-referrer; option policy is a
// token or a list of tokens (browsers use the last one they know), joined
// with ",".
var referrerPolicy = unit{
	option: "referrerPolicy", header: "Referrer-Policy", enabledByDefault: true,
	value: func(opts *jsopt.Map) (string, error) {
		policy := opts.Get("policy")
		var tokens []jsopt.Value
		switch policy.Kind {
		case jsopt.Absent:
			return "no-referrer", noUnknown("Referrer-Policy", opts, "policy")
		case jsopt.String:
			tokens = []jsopt.Value{policy}
		case jsopt.Array:
			tokens = policy.Items()
		default:
			return "", configErrorf("Referrer-Policy policy must be a string or an array of strings, not %s", policy.Stringify())
		}
		if len(tokens) == 0 {
			return "", configErrorf("Referrer-Policy received no policy tokens")
		}
		seen := map[string]bool{}
		var out []string
		for _, t := range tokens {
			s, isString := t.String()
			if !isString || !referrerTokens[s] {
				return "", configErrorf("Referrer-Policy received an unexpected policy token %s", t.Stringify())
			}
			if seen[s] {
				return "", configErrorf("Referrer-Policy received a duplicate policy token %s", t.Stringify())
			}
			seen[s] = true
			out = append(out, s)
		}
		return strings.Join(out, ","), noUnknown("Referrer-Policy", opts, "policy")
	},
}
