// Package strictjson parses JSON objects for security decisions: one pass,
// linear time, and stricter than encoding/json where the two differ in ways
// an attacker can exploit (RFC 8725 §3.2, RFC 7519 §4, RFC 8259 §4 and §8.1).
//
// What it refuses that encoding/json accepts:
//   - a member name repeated in one object (encoding/json keeps the last one,
//     so two consumers of the same token can see different claims);
//   - two member names that differ only in case, under Unicode simple case
//     folding ("iss" and "ISS", "kid" and "\u212Aid"): Go struct decoding
//     matches names case-insensitively, JavaScript does not;
//   - invalid UTF-8, and \u escapes that encode a lone surrogate (both are
//     silently turned into U+FFFD by encoding/json);
//   - nesting deeper than MaxDepth (bounds the recursion).
//
// Values come back as map[string]any, []any, string, json.Number, bool and
// nil, the shapes encoding/json produces with UseNumber, so numbers keep the
// exact text of the token and re-encode byte-for-byte.
package strictjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of objects and arrays accepted.
const MaxDepth = 64

// smallObject is the member count up to which names are compared pairwise.
const smallObject = 16

// Error describes why a document was refused and where.
type Error struct {
	Offset int    // byte offset of the problem
	Msg    string // what is wrong, without echoing attacker-controlled text at length
}

func (e *Error) Error() string { return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset) }

// ParseObject parses data, which must be exactly one JSON object (surrounding
// whitespace allowed), and returns its members.
func ParseObject(data []byte) (map[string]any, error) {
	p := parser{data: data}
	p.skipSpace()
	if p.pos >= len(p.data) || p.data[p.pos] != '{' {
		return nil, p.fail("not a JSON object")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.fail("trailing data after the JSON object")
	}
	return v.(map[string]any), nil
}

type parser struct {
	data []byte
	pos  int
	buf  []byte // scratch for unescaping strings
}

func (p *parser) fail(msg string) error { return &Error{Offset: p.pos, Msg: msg} }

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of JSON")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		if depth >= MaxDepth {
			return nil, p.fail("JSON nested too deeply")
		}
		return p.object(depth + 1)
	case c == '[':
		if depth >= MaxDepth {
			return nil, p.fail("JSON nested too deeply")
		}
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	default:
		return nil, p.fail("invalid character in JSON")
	}
}

func (p *parser) literal(word string) error {
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) {
		return p.fail("invalid JSON literal")
	}
	p.pos += len(word)
	return nil
}

func (p *parser) object(depth int) (any, error) {
	p.pos++ // '{'
	members := map[string]any{}
	// Names seen so far, to refuse exact repeats and case variants. Small
	// objects (every JWT header, most claim sets) are scanned linearly with
	// strings.EqualFold, which allocates nothing; past smallObject members
	// a map keyed by the folded name keeps the whole parse linear.
	var names []string
	var folded map[string]string
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return members, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.fail("expected a member name")
		}
		at := p.pos
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		prev, clash := "", false
		if folded == nil {
			for _, n := range names {
				if strings.EqualFold(n, name) {
					prev, clash = n, true
					break
				}
			}
			names = append(names, name)
			if len(names) > smallObject {
				folded = make(map[string]string, 2*smallObject)
				for _, n := range names {
					folded[fold(n)] = n
				}
			}
		} else {
			key := fold(name)
			prev, clash = folded[key]
			folded[key] = name
		}
		if clash {
			if prev == name {
				return nil, &Error{Offset: at, Msg: fmt.Sprintf("duplicate member name %q", clip(name))}
			}
			return nil, &Error{Offset: at, Msg: fmt.Sprintf("member names %q and %q differ only in case", clip(prev), clip(name))}
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail("expected ':' after a member name")
		}
		p.pos++
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		members[name] = v
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of JSON in an object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return members, nil
		default:
			return nil, p.fail("expected ',' or '}' in an object")
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	p.pos++ // '['
	items := []any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return items, nil
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of JSON in an array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return items, nil
		default:
			return nil, p.fail("expected ',' or ']' in an array")
		}
	}
}

func (p *parser) number() (any, error) {
	start := p.pos
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		p.digits()
	default:
		return nil, p.fail("invalid number")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, p.fail("invalid number: no digits after '.'")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, p.fail("invalid number: no digits in the exponent")
		}
	}
	return json.Number(d[start:p.pos]), nil
}

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

// str parses a string starting at the opening quote and returns its value.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes and ASCII only, the common case in tokens.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := string(p.data[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		p.pos++
	}
	p.buf = append(p.buf[:0], p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(p.buf), nil
		case c < 0x20:
			return "", p.fail("control character in a JSON string")
		case c == '\\':
			if err := p.escape(); err != nil {
				return "", err
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.fail("invalid UTF-8 in a JSON string")
			}
			p.buf = append(p.buf, p.data[p.pos:p.pos+size]...)
			p.pos += size
		default:
			p.buf = append(p.buf, c)
			p.pos++
		}
	}
	return "", p.fail("unterminated JSON string")
}

func (p *parser) escape() error {
	if p.pos+1 >= len(p.data) {
		return p.fail("unterminated escape in a JSON string")
	}
	c := p.data[p.pos+1]
	p.pos += 2
	switch c {
	case '"', '\\', '/':
		p.buf = append(p.buf, c)
	case 'b':
		p.buf = append(p.buf, '\b')
	case 'f':
		p.buf = append(p.buf, '\f')
	case 'n':
		p.buf = append(p.buf, '\n')
	case 'r':
		p.buf = append(p.buf, '\r')
	case 't':
		p.buf = append(p.buf, '\t')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			return p.fail("invalid \\u escape")
		}
		if r >= 0xD800 && r <= 0xDBFF {
			// A high surrogate must be followed by an escaped low surrogate.
			if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
				p.pos += 2
				lo, ok := p.hex4()
				if ok && lo >= 0xDC00 && lo <= 0xDFFF {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					p.buf = utf8.AppendRune(p.buf, r)
					return nil
				}
			}
			return p.fail("lone surrogate in a \\u escape")
		}
		if r >= 0xDC00 && r <= 0xDFFF {
			return p.fail("lone surrogate in a \\u escape")
		}
		p.buf = utf8.AppendRune(p.buf, r)
	default:
		return p.fail("invalid escape in a JSON string")
	}
	return nil
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}

// fold maps s to a canonical case-folded form: every rune is replaced by the
// smallest rune of its Unicode simple-folding orbit, so "K", "k" and the
// Kelvin sign U+212A all fold alike (the same equivalence Go's encoding/json
// uses to match struct fields). Orbits have at most four members, so this is
// linear in len(s).
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// For ASCII letters the orbit minimum is the upper-case letter (even
		// for 'k' and 's', whose orbits include U+212A and U+017F).
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		lowest := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			lowest = min(lowest, f)
		}
		b.WriteRune(lowest)
	}
	return b.String()
}

// clip bounds attacker-controlled names echoed in error messages.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
