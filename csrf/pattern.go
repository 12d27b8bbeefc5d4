package csrf

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"
)

// This file reproduces the part of net/http.ServeMux that
// CrossOriginProtection.AddInsecureBypassPattern relies on: pattern syntax,
// precedence, path cleaning and trailing-slash redirects. ServeMux needs an
// *http.Request and a registered handler per pattern; this package decides
// from a plain Request value and keeps net/http out of its dependencies. A
// request is exempt
// only when ServeMux would serve it directly from a bypass pattern; one that
// ServeMux would redirect (an unclean path, a missing trailing slash) is not.

type segKind uint8

// Kinds in precedence order: at each position ServeMux prefers a literal,
// then a single wildcard, then a multi wildcard.
const (
	segLiteral segKind = iota
	segWild
	segMulti
)

type segment struct {
	kind segKind
	s    string // unescaped literal ("/" for {$}), or the wildcard name ("" for a trailing slash)
}

type pattern struct {
	raw    string
	method string
	segs   []segment
}

func (p pattern) String() string {
	var b strings.Builder
	b.WriteString(p.method + " ")
	for _, s := range p.segs {
		b.WriteString("/" + strconv.Itoa(int(s.kind)) + s.s)
	}
	return b.String()
}

func badPattern(s, why string) error {
	return errorf(CodeBadConfig, "bypass pattern "+strconv.Quote(s)+": "+why)
}

// parsePattern follows net/http's parsePattern, without host patterns.
func parsePattern(s string) (pattern, error) {
	p := pattern{raw: s}
	rest := s
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		p.method, rest = s[:i], strings.TrimLeft(s[i+1:], " \t")
		if !isToken(p.method) {
			return p, badPattern(s, "invalid method")
		}
	}
	if !strings.HasPrefix(rest, "/") {
		return p, badPattern(s, "must start with '/' (host patterns are not supported)")
	}
	if strings.Contains(rest, " ") || strings.Contains(rest, "\t") {
		return p, badPattern(s, "path contains whitespace")
	}
	if p.method != "" && p.method != "CONNECT" && rest != cleanPath(rest) {
		return p, badPattern(s, "unclean path can never match")
	}
	seen := map[string]bool{}
	for len(rest) > 0 {
		rest = rest[1:]
		if rest == "" {
			p.segs = append(p.segs, segment{kind: segMulti})
			break
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			i = len(rest)
		}
		var seg string
		seg, rest = rest[:i], rest[i:]
		j := strings.IndexByte(seg, '{')
		if j < 0 {
			p.segs = append(p.segs, segment{kind: segLiteral, s: unescape(seg)})
			continue
		}
		if j != 0 || seg[len(seg)-1] != '}' {
			return p, badPattern(s, "a wildcard must be a whole segment")
		}
		name := seg[1 : len(seg)-1]
		if name == "$" {
			if rest != "" {
				return p, badPattern(s, "{$} not at the end")
			}
			p.segs = append(p.segs, segment{kind: segLiteral, s: "/"})
			break
		}
		name, multi := strings.CutSuffix(name, "...")
		if multi && rest != "" {
			return p, badPattern(s, "{...} wildcard not at the end")
		}
		if !isIdentifier(name) {
			return p, badPattern(s, "wildcard name must be a Go identifier")
		}
		if seen[name] {
			return p, badPattern(s, "duplicate wildcard name "+strconv.Quote(name))
		}
		seen[name] = true
		kind := segWild
		if multi {
			kind = segMulti
		}
		p.segs = append(p.segs, segment{kind: kind, s: name})
	}
	return p, nil
}

// tokens splits an escaped path as ServeMux's routing tree walks it: one
// unescaped token per segment, and a final "/" token for a trailing slash.
func tokens(p string) []string {
	var out []string
	for p != "" {
		if p == "/" {
			return append(out, "/")
		}
		p = p[1:]
		i := strings.IndexByte(p, '/')
		if i < 0 {
			i = len(p)
		}
		out = append(out, unescape(p[:i]))
		p = p[i:]
	}
	return out
}

// matches reports whether p matches the path tokens toks, and the kinds of
// the segments used, for precedence.
func (p pattern) matches(toks []string) ([]segKind, bool) {
	kinds := make([]segKind, 0, len(p.segs))
	for i, s := range p.segs {
		kinds = append(kinds, s.kind)
		switch s.kind {
		case segMulti:
			return kinds, i < len(toks) // the rest: at least a trailing slash
		case segWild:
			if i >= len(toks) || toks[i] == "/" {
				return nil, false
			}
		case segLiteral:
			if i >= len(toks) || toks[i] != s.s {
				return nil, false
			}
		}
	}
	return kinds, len(toks) == len(p.segs)
}

// best returns the pattern ServeMux would pick for method and escaped path,
// or nil: method-specific patterns first, then, position by position,
// literals before single wildcards before multi wildcards.
func best(patterns []pattern, method, escaped string) *pattern {
	toks := tokens(escaped)
	var winner *pattern
	var winKey []segKind
	winSpecific := false
	for i := range patterns {
		p := &patterns[i]
		if p.method != "" && p.method != method && !(method == "HEAD" && p.method == "GET") {
			continue
		}
		kinds, ok := p.matches(toks)
		if !ok {
			continue
		}
		specific := p.method != ""
		if winner == nil || specific && !winSpecific || specific == winSpecific && lessKinds(kinds, winKey) {
			winner, winKey, winSpecific = p, kinds, specific
		}
	}
	return winner
}

func lessKinds(a, b []segKind) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) > len(b)
}

// exactMatch is ServeMux's: a match is exact unless a multi wildcard
// matched a non-empty remainder.
func exactMatch(p *pattern, escaped string) bool {
	if p == nil {
		return false
	}
	if p.segs[len(p.segs)-1].kind != segMulti {
		return true
	}
	if !strings.HasSuffix(escaped, "/") {
		return false
	}
	return len(p.segs) == strings.Count(escaped, "/")
}

// matchBypass reports whether ServeMux, holding only patterns, would serve
// a request for method and escaped path directly (not by redirect).
func matchBypass(patterns []pattern, method, escaped string) bool {
	if len(patterns) == 0 || cleanPath(escaped) != escaped {
		return false
	}
	p := best(patterns, method, escaped)
	if p == nil {
		return false
	}
	if !exactMatch(p, escaped) && !strings.HasSuffix(escaped, "/") {
		// ServeMux redirects /tree to /tree/ when that is an exact match.
		if exactMatch(best(patterns, method, escaped+"/"), escaped+"/") {
			return false
		}
	}
	return true
}

// cleanPath is net/http's: path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?={}`, c) >= 0 {
			return false
		}
	}
	return true
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !unicode.IsLetter(c) && c != '_' && (i == 0 || !unicode.IsDigit(c)) {
			return false
		}
	}
	return true
}
