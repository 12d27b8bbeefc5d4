package validate

import (
	"fmt"
	"regexp"
	"strings"
)

// RegExp is a JavaScript regular expression given as data. In JSON (schemas,
// options) it is written {"$regexp": "<source>", "flags": "<flags>"}, the form
// of the validator.js corpus. Its source is translated to RE2, so constructs
// RE2 cannot run in linear time (look-around, back-references) are refused
// when the rule is compiled.
type RegExp struct {
	Source string
	Flags  string
}

// jsSpace is JavaScript's \s as an RE2 class body (RE2's \s is ASCII only).
const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// compileJSRegExp translates a JavaScript pattern and flags to an RE2 regexp.
func compileJSRegExp(source, flags string) (*regexp.Regexp, bool, error) {
	var b strings.Builder
	global, sticky := false, false
	for _, f := range flags {
		switch f {
		case 'i', 'm', 's':
			b.WriteString("(?" + string(f) + ")")
		case 'g':
			global = true
		case 'y':
			sticky = true
		case 'u', 'd', 'v':
		default:
			return nil, false, optErr("unknown regular expression flag %q", f)
		}
	}
	prefix := b.String() // the flag groups, kept outside a sticky anchor
	inClass := false
	for i := 0; i < len(source); i++ {
		c := source[i]
		switch {
		case c == '\\' && i+1 < len(source):
			n := source[i+1]
			switch {
			case n == 'u' && i+5 < len(source) && isHex4(source[i+2:i+6]):
				b.WriteString(`\x{` + source[i+2:i+6] + `}`)
				i += 5
				continue
			case n == 's' || n == 'S':
				if n == 's' && inClass {
					b.WriteString(jsSpace)
				} else if n == 's' {
					b.WriteString("[" + jsSpace + "]")
				} else {
					b.WriteString("[^" + jsSpace + "]")
				}
				i++
				continue
			case n >= '1' && n <= '9' && !inClass:
				return nil, false, optErr("regular expression %q uses a back-reference, which cannot run in linear time", source)
			}
			b.WriteByte(c)
			b.WriteByte(n)
			i++
			continue
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if strings.HasPrefix(source[i:], "[^]") {
				b.WriteString(`[\x{0}-\x{10FFFF}]`)
				i += 2
				inClass = false
				continue
			}
		case c == '(' && strings.HasPrefix(source[i:], "(?<") && i+3 < len(source) && source[i+3] != '=' && source[i+3] != '!':
			b.WriteString("(?P<")
			i += 2
			continue
		case c == '(' && (strings.HasPrefix(source[i:], "(?=") || strings.HasPrefix(source[i:], "(?!") ||
			strings.HasPrefix(source[i:], "(?<=") || strings.HasPrefix(source[i:], "(?<!")):
			return nil, false, optErr("regular expression %q uses look-around, which cannot run in linear time", source)
		}
		b.WriteByte(c)
	}
	src := b.String()
	if sticky {
		// A sticky pattern matches only at lastIndex, which is 0 for a
		// fresh RegExp: anchored at the start.
		src = prefix + `^(?:` + src[len(prefix):] + `)`
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, false, optErr("regular expression %q: %v", source, err)
	}
	return re, global, nil
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// regexpArg reads a pattern argument: a RegExp, or a string source with
// optional flags (validator.js's matches(str, pattern, modifiers)).
func regexpArg(v any, flags string) (*regexp.Regexp, bool, error) {
	switch t := v.(type) {
	case RegExp:
		return compileJSRegExp(t.Source, t.Flags)
	case string:
		return compileJSRegExp(t, flags)
	}
	return nil, false, optErr("expected a pattern, got %s", fmt.Sprintf("%T", v))
}
