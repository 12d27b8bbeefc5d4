package csp

import (
	"regexp"
	"strings"
)

var (
	schemePrefix = regexp.MustCompile(`^(?i)\w[+\w.-]*://`)
	ipv4Pattern  = regexp.MustCompile(`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`)
)

// schemeFreeURL strips "scheme://" or a leading "//" from a source.
func schemeFreeURL(u string) string {
	u = schemePrefix.ReplaceAllLiteralString(u, "")
	return strings.TrimPrefix(u, "//")
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
	return (strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]")) || ipv4Pattern.MatchString(host)
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
