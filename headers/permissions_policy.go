package headers

import (
	"net/url"
	"strings"

	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// knownFeatures are the policy-controlled features of the W3C registry and
// browsers' current lists. A name outside it is refused: browsers ignore
// unknown features, so a typo would silently leave the feature allowed.
var knownFeatures = map[string]bool{
	"accelerometer": true, "ambient-light-sensor": true, "attribution-reporting": true, "autoplay": true,
	"bluetooth": true, "browsing-topics": true, "camera": true, "captured-surface-control": true,
	"compute-pressure": true, "cross-origin-isolated": true, "deferred-fetch": true, "deferred-fetch-minimal": true,
	"display-capture": true, "document-domain": true, "encrypted-media": true, "execution-while-not-rendered": true,
	"execution-while-out-of-viewport": true, "fullscreen": true, "gamepad": true, "geolocation": true,
	"gyroscope": true, "hid": true, "identity-credentials-get": true, "idle-detection": true,
	"interest-cohort": true, "keyboard-map": true, "language-detector": true, "local-fonts": true,
	"magnetometer": true, "microphone": true, "midi": true, "otp-credentials": true, "payment": true,
	"picture-in-picture": true, "private-state-token-issuance": true, "private-state-token-redemption": true,
	"publickey-credentials-create": true, "publickey-credentials-get": true, "screen-wake-lock": true,
	"serial": true, "speaker-selection": true, "storage-access": true, "summarizer": true, "sync-xhr": true,
	"translator": true, "usb": true, "web-share": true, "window-management": true, "xr-spatial-tracking": true,
}

// defaultDeniedFeatures is what `permissionsPolicy: true` disables: device,
// sensor and payment features an ordinary page does not use, in the spirit of
// the OWASP HTTP Headers Cheat Sheet's "geolocation=(), camera=(),
// microphone=()" baseline.
var defaultDeniedFeatures = []string{
	"accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
	"hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking",
}

// permissionsPolicy builds the Permissions-Policy header (not in helmet).
// Options: {"features": {"camera": [], "geolocation": ["self",
// "https://maps.example"], "fullscreen": "*"}}; an allowlist is "*", or a
// list of "self", "src", "*" and origins; [] disables the feature. Features
// are written in the order given.
func permissionsPolicy(opts *jsopt.Map) (string, error) {
	if opts == nil {
		parts := make([]string, len(defaultDeniedFeatures))
		for i, f := range defaultDeniedFeatures {
			parts[i] = f + "=()"
		}
		return strings.Join(parts, ", "), nil
	}
	if err := noUnknown("Permissions-Policy", opts, "features"); err != nil {
		return "", err
	}
	fv := opts.Get("features")
	if fv.Kind != jsopt.Object {
		return "", configErrorf("Permissions-Policy features must be an object of feature: allowlist")
	}
	features, err := jsopt.ParseMap(fv.Raw)
	if err != nil {
		return "", configErrorf("Permissions-Policy features: %v", err)
	}
	if len(features.Keys) == 0 {
		return "", configErrorf("Permissions-Policy received no features")
	}
	var parts []string
	for _, name := range features.Keys {
		feature := dashify(name)
		if !knownFeatures[feature] {
			return "", configErrorf("Permissions-Policy received an unknown feature %s", jsopt.Quote(name))
		}
		allow := features.Get(name)
		if s, ok := allow.String(); ok && s == "*" {
			parts = append(parts, feature+"=*")
			continue
		}
		members, ok := allow.Strings()
		if !ok {
			return "", configErrorf(`Permissions-Policy allowlist for %s must be "*" or a list of "self", "src", "*" and origins`, jsopt.Quote(feature))
		}
		var items []string
		for _, m := range members {
			item, err := allowlistItem(feature, m)
			if err != nil {
				return "", err
			}
			items = append(items, item)
		}
		parts = append(parts, feature+"=("+strings.Join(items, " ")+")")
	}
	return strings.Join(parts, ", "), nil
}

// allowlistItem serializes one allowlist member as a structured-field
// item: the tokens self, src and *, or an origin as a quoted string.
func allowlistItem(feature, m string) (string, error) {
	switch m {
	case "self", "src", "*":
		return m, nil
	}
	if origin, ok := serializedOrigin(m); ok {
		return `"` + origin + `"`, nil
	}
	return "", configErrorf(`Permissions-Policy allowlist for %s: %s is not "self", "src", "*" or an origin like "https://example.com"`, jsopt.Quote(feature), jsopt.Quote(m))
}

// serializedOrigin accepts scheme://host[:port] with nothing else (no path,
// query, credentials, quotes or spaces), as a permissions-policy origin.
func serializedOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "\"\\ \t") || hasUnsafeHeaderChar(s) {
		return "", false
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host), true
}
