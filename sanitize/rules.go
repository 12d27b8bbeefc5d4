package sanitize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// elementRule is what a policy allows on one element.
type elementRule struct {
	attrs   map[string]*attrRule // the element's own rules and the policy's global ones
	iframe  bool
	sandbox string // iframe only: the sandbox value always emitted
	// Facts about the element itself, looked up once at compile time.
	void       bool
	formatting bool      // x/net/html sorts its attributes
	needs      [2]string // URL attributes without which it is dead
	replay     rflags
}

// attrRule checks one attribute's value.
type attrRule struct {
	kind    attrKind
	values  map[string]bool // lower-cased
	pattern *regexp.Regexp
	check   func(string) bool
	url     *urlRule
}

// urlRule is the URL policy of one attribute.
type urlRule struct {
	schemes  map[string]bool
	relative bool
	hosts    []string // "example.com" exactly, or ".example.com" for its subdomains
}

// linkRule rewrites links (a and area elements with an href).
type linkRule struct {
	rel            []string
	externalRel    []string
	externalTarget string
}

// allows reports whether the URL policy accepts raw, the attribute value as
// the HTML parser decoded it. attr is the attribute's name ("style" for CSS
// url()), which decides whether a data: image is acceptable.
func (r *urlRule) allows(raw, attr string) bool {
	s := normalizeURL(raw)
	scheme := urlScheme(s)
	if scheme == "" && colonInFirstSegment(s) {
		// Not a valid scheme, yet it reads like one ("\x03javascript:",
		// "\u2028javascript:", "1http:"). A browser treats it as a relative
		// path, but nobody writes such a link on purpose and other URL
		// parsers (and older browsers) disagree, so refuse it.
		return false
	}
	if r.hosts != nil {
		host, ok := urlHost(s)
		if !ok || (scheme != "" && !r.schemes[scheme]) {
			return false
		}
		return r.hostAllowed(host)
	}
	switch {
	case scheme == "":
		return r.relative
	case !r.schemes[scheme]:
		return false
	case scheme == "data":
		return resourceAttributes[attr] && dataImageURL(s)
	}
	return true
}

// colonInFirstSegment reports a ':' before the first '/', '?' or '#'.
func colonInFirstSegment(s string) bool {
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	return strings.IndexByte(s[:end], ':') >= 0
}

func (r *urlRule) hostAllowed(host string) bool {
	for _, h := range r.hosts {
		if h[0] == '.' {
			if strings.HasSuffix(host, h) && len(host) > len(h) {
				return true
			}
		} else if host == h {
			return true
		}
	}
	return false
}

// valueAllowed checks a non-URL attribute value against its constraint.
func (r *attrRule) valueAllowed(v string) bool {
	switch {
	case r.values != nil:
		return r.values[strings.ToLower(v)]
	case r.pattern != nil:
		return r.pattern.MatchString(v)
	case r.check != nil:
		return r.check(v)
	}
	return true
}

// valueTypes are the named value constraints of attribute rules ("type"):
// hand-written matchers for what presets need, so that no regular
// expression runs per attribute for them.
var valueTypes = map[string]func(string) bool{
	"text":    func(string) bool { return true },
	"integer": func(v string) bool { return v != "" && strings.Trim(v, "0123456789") == "" },
	"number":  func(v string) bool { return isNumber(strings.TrimLeft(v, "+-")) },
	"numberOrPercent": func(v string) bool {
		return isNumber(strings.TrimSuffix(v, "%"))
	},
	"tokens": func(v string) bool {
		// Space-separated words of letters, digits, '-' and '_' (any script).
		for _, r := range v {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == ' ') {
				return false
			}
		}
		return strings.TrimSpace(v) != ""
	},
	"name": func(v string) bool {
		v = strings.TrimPrefix(v, "#")
		for _, r := range v {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
				return false
			}
		}
		return v != ""
	},
	"datetime": func(v string) bool {
		// ISO 8601 / HTML dates, times and durations: digits and separators.
		return v != "" && len(v) <= 64 && strings.Trim(v, "0123456789-:.+TZWPYMDHS ") == ""
	},
	"lang": func(v string) bool {
		// BCP 47 shape: subtags of 1–8 letters or digits joined by '-'.
		if v == "" || len(v) > 64 {
			return v == ""
		}
		for _, sub := range strings.Split(v, "-") {
			if len(sub) == 0 || len(sub) > 8 || strings.IndexFunc(sub, func(r rune) bool {
				return r >= utf8.RuneSelf || !(isASCIIAlpha(byte(r)) || isASCIIDigit(byte(r)))
			}) >= 0 {
				return false
			}
		}
		return true
	},
}
