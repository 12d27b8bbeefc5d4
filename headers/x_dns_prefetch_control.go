package headers

import "github.com/edgeguard/edgeguard/headers/internal/jsopt"

// xDnsPrefetchControl: X-DNS-Prefetch-Control, "off" unless option allow is
// truthy; legacy alias dnsPrefetchControl.
var xDnsPrefetchControl = unit{
	option: "xDnsPrefetchControl", alias: "dnsPrefetchControl", header: "X-DNS-Prefetch-Control", enabledByDefault: true,
	value: func(opts *jsopt.Map) (string, error) {
		v := "off"
		if opts.Get("allow").Truthy() {
			v = "on"
		}
		return v, noUnknown("X-DNS-Prefetch-Control", opts, "allow")
	},
}
