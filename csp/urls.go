package csp

import "strings"

// schemeFreeURL strips "scheme://" or a leading "//" from a source.
func schemeFreeURL(u string) string {
	u = u[schemePrefixLen(u):]
	return strings.TrimPrefix(u, "//")
}

// schemePrefixLen is the length of the match of csp-evaluator's
// /^\w[+\w.-]*:\/\//i at the start of u, or 0. Hand-written because it runs
// for every source in several checks (a regexp here was a fifth of the
// evaluator's time); TestSchemeScannersMatchRegexps holds it to the regexp.
func schemePrefixLen(u string) int {
	if u == "" || !isWordByte(u[0]) {
		return 0
	}
	i := 1
	for i < len(u) && (isWordByte(u[i]) || u[i] == '+' || u[i] == '.' || u[i] == '-') {
		i++
	}
	// ':' is not in the class, so the greedy run ends where "://" must start.
	if strings.HasPrefix(u[i:], "://") {
		return i + 3
	}
	return 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIPv4Text reports whether host matches /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.
func isIPv4Text(host string) bool {
	parts := 0
	for part := range strings.SplitSeq(host, ".") {
		parts++
		if len(part) < 1 || len(part) > 3 || parts > 4 {
			return false
		}
		for i := 0; i < len(part); i++ {
			if !isDigit(part[i]) {
				return false
			}
		}
	}
	return parts == 4
}

// sourceURL is the part of a host-source the bypass checks compare: the
// lower-case host (a leading "*." kept as wildcard) and the path.
type sourceURL struct {
	host string
	path string // "/" when the source has none
}

// parseSource reads a host-source ("https://*.example.com:443/p") the way
// csp-evaluator does through the WHATWG URL parser: scheme, userinfo, port and
// query are dropped, the host is lower-cased. It does not do the URL
// parser's IDNA or IPv4 number normalisation (see docs/headers.md).
func parseSource(source string) sourceURL {
	rest := schemeFreeURL(source)
	path := "/"
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		if rest[i] == '/' {
			path = rest[i:]
			if j := strings.IndexAny(path, "?#"); j >= 0 {
				path = path[:j]
			}
		}
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	host := rest
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i >= 0 {
			host = host[:i+1]
		}
	} else if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return sourceURL{host: strings.ToLower(host), path: path}
}

// looksLikeIP is csp-evaluator's looksLikeIpAddress.
func looksLikeIP(host string) bool {
	return (strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]")) || isIPv4Text(host)
}

// matchBypass returns the first entry of list (parsed sources) that source
// matches, with csp-evaluator's matchWildcardUrls rules: "*." matches any
// subdomain suffix; a path ending in "/" is a prefix, any other path must be
// equal.
func matchBypass(source string, list []sourceURL) (sourceURL, bool) {
	src := parseSource(source)
	wildcard := strings.HasPrefix(src.host, "*.")
	suffix := strings.TrimPrefix(src.host, "*")
	for _, u := range list {
		if !strings.HasSuffix(u.host, suffix) {
			continue
		}
		if !wildcard && src.host != u.host {
			continue
		}
		if src.path != "/" {
			if strings.HasSuffix(src.path, "/") {
				if !strings.HasPrefix(u.path, src.path) {
					continue
				}
			} else if u.path != src.path {
				continue
			}
		}
		return u, true
	}
	return sourceURL{}, false
}
