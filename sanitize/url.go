package sanitize

import "strings"

// URL checks work on the attribute value after the HTML parser has decoded
// character references, and then normalize it the way the WHATWG URL parser
// does before it looks for a scheme: leading and trailing C0 controls and
// spaces are stripped, and ASCII tab and newline are removed everywhere. This
// is what turns "java&#x09;script:" and "\x01javascript:" into javascript:
// in a browser, so it must here too. net/url is not used: it rejects or
// reads differently inputs that browsers accept.

// normalizeURL applies the URL parser's input preprocessing.
func normalizeURL(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] <= ' ' {
		start++
	}
	for end > start && s[end-1] <= ' ' {
		end--
	}
	s = s[start:end]
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// urlScheme returns the lower-cased scheme of a normalized URL, or "" when the
// URL is relative. It follows the URL parser's scheme state: an ASCII letter,
// then letters, digits, '+', '-' or '.', then ':'.
func urlScheme(s string) string {
	if s == "" || !isASCIIAlpha(s[0]) {
		return ""
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return strings.ToLower(s[:i])
		case isASCIIAlpha(c) || isASCIIDigit(c) || c == '+' || c == '-' || c == '.':
		default:
			return ""
		}
	}
	return ""
}

// specialSchemes use the authority syntax where '\' counts as '/'.
var specialSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "ws": true, "wss": true, "file": true}

// urlHost returns the host of a normalized URL that names one: absolute URLs
// with a special scheme, and scheme-relative URLs ("//host", and "\\host" or
// "/\host", which browsers read the same way). ok is false when the URL has
// no host of its own (a path or query relative URL, mailto:, …).
//
// The host is lower-cased, its port, userinfo and a trailing dot removed. A
// host with percent-escapes or non-ASCII characters is returned as is, so
// that it can never equal an allowlist entry (allowlists hold ASCII or
// punycode names): an IDN host that a browser would map onto an allowed name
// is refused rather than guessed (sanitize-html CVE-2021-26539).
func urlHost(s string) (host string, ok bool) {
	rest := ""
	if scheme := urlScheme(s); scheme != "" {
		if !specialSchemes[scheme] {
			return "", false
		}
		rest = s[len(scheme)+1:]
	} else {
		if len(s) < 2 || !isSlash(s[0]) || !isSlash(s[1]) {
			return "", false
		}
		rest = s
	}
	// A special URL skips any run of slashes and backslashes before the
	// authority ("https:/\\evil.com" is evil.com).
	for rest != "" && isSlash(rest[0]) {
		rest = rest[1:]
	}
	end := strings.IndexAny(rest, "/\\?#")
	if end >= 0 {
		rest = rest[:end]
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	if strings.HasPrefix(rest, "[") {
		if close := strings.IndexByte(rest, ']'); close >= 0 {
			rest = rest[:close+1]
		}
	} else if colon := strings.IndexByte(rest, ':'); colon >= 0 {
		rest = rest[:colon]
	}
	rest = strings.TrimSuffix(strings.ToLower(rest), ".")
	return rest, rest != ""
}

func isSlash(c byte) bool { return c == '/' || c == '\\' }

// dataImageURL reports whether a normalized data: URL is a base64 raster
// image. SVG is excluded: an SVG document opened from a data: URL (by a
// user navigating to the image) runs script in some engines.
func dataImageURL(s string) bool {
	body := s[len("data:"):]
	comma := strings.IndexByte(body, ',')
	if comma < 0 {
		return false
	}
	switch strings.ToLower(body[:comma]) {
	case "image/png;base64", "image/gif;base64", "image/jpeg;base64", "image/webp;base64", "image/avif;base64":
	default:
		return false
	}
	for i := comma + 1; i < len(body); i++ {
		c := body[i]
		if !(isASCIIAlpha(c) || isASCIIDigit(c) || c == '+' || c == '/' || c == '=' || c == ' ') {
			return false
		}
	}
	return true
}

// isExternalURL reports whether a normalized link leaves the site: it has a
// host of its own, or a scheme other than http(s) (mailto:, tel:, …) is not
// "external" in the sense of link rewriting (no rel/target is useful there).
func isExternalURL(s string) bool {
	_, ok := urlHost(s)
	return ok
}

// splitSrcset splits an image candidate list into its URLs, following the
// HTML "parse a srcset attribute" algorithm: candidates are separated by
// commas; a URL is a run of non-whitespace characters whose trailing commas
// end the candidate; descriptors run to the next comma outside parentheses.
// ok is false when a descriptor is not a plain "<number>w", "<number>x" or
// "<number>h", so that nothing a browser might read differently survives.
func splitSrcset(s string) (urls []string, ok bool) {
	i := 0
	for {
		for i < len(s) && (isHTMLSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			return urls, true
		}
		start := i
		for i < len(s) && !isHTMLSpace(s[i]) {
			i++
		}
		u := s[start:i]
		if strings.HasSuffix(u, ",") {
			urls = append(urls, strings.TrimRight(u, ","))
			continue
		}
		urls = append(urls, u)
		descStart := i
		depth := 0
		for i < len(s) {
			c := s[i]
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			} else if c == ',' && depth == 0 {
				break
			}
			i++
		}
		for _, d := range strings.Fields(s[descStart:i]) {
			if !validSrcsetDescriptor(d) {
				return nil, false
			}
		}
	}
}

func validSrcsetDescriptor(d string) bool {
	if len(d) < 2 {
		return false
	}
	switch d[len(d)-1] {
	case 'w', 'x', 'h':
	default:
		return false
	}
	return isNumber(d[:len(d)-1])
}

// isNumber reports whether s is an unsigned decimal number ("12", "1.5").
func isNumber(s string) bool {
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isASCIIDigit(c):
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func isASCIIAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
