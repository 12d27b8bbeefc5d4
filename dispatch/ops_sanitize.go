package dispatch

import "github.com/edgeguard/edgeguard/sanitize"

func init() {
	Register("sanitize", "HTML sanitizer; configuration: a preset name or a policy object (docs/sanitize.md)",
		sanitize.Compile,
		map[string]TypedOp[*sanitize.Policy]{
			"sanitize": {Doc: "HTML in, sanitized HTML out", In: Text, Out: Text,
				Run: func(p *sanitize.Policy, in []byte) ([]byte, error) {
					out, err := p.Sanitize(string(in))
					return []byte(out), err
				}},
		})
}
