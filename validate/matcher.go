package validate

import (
	"regexp"
	"strings"
	"sync"
)

// matcher is one entry of a locale table: a compiled RE2 pattern or a
// hand-written function for patterns RE2 cannot express.
type matcher interface {
	MatchString(s string) bool
}

// lazyRE compiles its pattern on first use: the locale tables hold several
// hundred patterns and a program usually needs a handful, so compiling them
// all at start-up would cost every wasm instance time for nothing.
type lazyRE struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

func re(src string) *lazyRE { return &lazyRE{src: src} }

func (l *lazyRE) compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRE) MatchString(s string) bool { return l.compiled().MatchString(s) }

// matchFunc adapts a hand-written matcher to the matcher interface.
type matchFunc func(string) bool

func (f matchFunc) MatchString(s string) bool { return f(s) }

// trimmedMatcher trims the input first, as validator.js's `re.test(str.trim())` does.
type trimmedMatcher struct{ m matcher }

func trimmed(m matcher) matcher { return trimmedMatcher{m} }

func (t trimmedMatcher) MatchString(s string) bool { return t.m.MatchString(jsTrim(s)) }

// jsTrim removes what String.prototype.trim removes: ECMAScript WhiteSpace and
// LineTerminator code points (which include U+FEFF but not U+0085).
func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isAnyOf reports whether any matcher of the table accepts s (the 'any' locale).
func isAnyOf(table map[string]matcher, s string) bool {
	for _, m := range table {
		if m.MatchString(s) {
			return true
		}
	}
	return false
}
