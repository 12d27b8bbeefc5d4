package headers

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// endpointName is a structured-field key, the syntax of Reporting-Endpoints
// names (which CSP's report-to refers to).
var endpointName = regexp.MustCompile(`^[a-z*][a-z0-9_\-.*]*$`)

// reportingEndpoints builds the Reporting-Endpoints header (not in helmet):
// options {"csp-endpoint": "https://example.com/reports", ...}. Browsers only
// deliver reports to potentially trustworthy URLs, so an endpoint must be an
// https: URL or a path on the same origin.
func reportingEndpoints(opts *jsopt.Map) (string, error) {
	if opts == nil || len(opts.Keys) == 0 {
		return "", configErrorf("Reporting-Endpoints needs at least one endpoint, e.g. {\"csp-endpoint\": \"https://example.com/csp-reports\"}")
	}
	var parts []string
	for _, name := range opts.Keys {
		if !endpointName.MatchString(name) {
			return "", configErrorf("Reporting-Endpoints received an invalid endpoint name %s (lower-case letters, digits, _-.*)", jsopt.Quote(name))
		}
		target, ok := opts.Get(name).String()
		if !ok || !reportingURL(target) {
			return "", configErrorf("Reporting-Endpoints endpoint %s must be an https: URL or an absolute path", jsopt.Quote(name))
		}
		parts = append(parts, name+`="`+target+`"`)
	}
	return strings.Join(parts, ", "), nil
}

func reportingURL(s string) bool {
	if s == "" || strings.ContainsAny(s, "\"\\ \t") || hasUnsafeHeaderChar(s) {
		return false
	}
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}
