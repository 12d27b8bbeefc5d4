package headers

import (
	"math"
	"strings"

	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// defaultMaxAge is one year, helmet 8's default (it was 180 days before).
const defaultMaxAge = 365 * 24 * 60 * 60

// strictTransportSecurity: Strict-Transport-Security, default
// "max-age=31536000; includeSubDomains"; options maxAge (seconds, ≥ 0,
// floored), includeSubDomains (default true), preload; legacy alias hsts.
var strictTransportSecurity = unit{
	option: "strictTransportSecurity", alias: "hsts", header: "Strict-Transport-Security", enabledByDefault: true,
	value: func(opts *jsopt.Map) (string, error) {
		if opts.Has("maxage") {
			return "", configErrorf("Strict-Transport-Security received an unsupported property, `maxage`. Did you mean to pass `maxAge`?")
		}
		if opts.Has("includeSubdomains") {
			return "", configErrorf("Strict-Transport-Security middleware should use `includeSubDomains` instead of `includeSubdomains`. (The correct one has an uppercase \"D\".)")
		}
		maxAge := float64(defaultMaxAge)
		if v := opts.Get("maxAge"); v.Kind != jsopt.Absent {
			f, ok := v.Float()
			if !ok || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				return "", configErrorf("Strict-Transport-Security: %s is not a valid value for maxAge. Please choose a positive integer.", v.Stringify())
			}
			maxAge = math.Floor(f)
		}
		directives := []string{"max-age=" + jsopt.FormatNumber(maxAge)}
		if sub := opts.Get("includeSubDomains"); sub.Kind == jsopt.Absent || sub.Truthy() {
			directives = append(directives, "includeSubDomains")
		}
		if opts.Get("preload").Truthy() {
			directives = append(directives, "preload")
		}
		return strings.Join(directives, "; "), noUnknown("Strict-Transport-Security", opts, "maxAge", "includeSubDomains", "preload")
	},
}
