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
// exact text of the token and re-encode byte-for-byte. AppendCanonical
// writes them back as encoding/json would, without its reflection.
package strictjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/edgeguard/edgeguard/internal/jsontext"
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
	// One copy of the document as a string, of which every name, string
	// without escapes and number is then a substring: one allocation for
	// all of them instead of one each.
	p := parser{jsontext.Scanner{Data: data, Text: string(data), Strict: true}}
	p.SkipSpace()
	if p.Pos >= len(p.Data) || p.Data[p.Pos] != '{' {
		return nil, p.fail("not a JSON object")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.SkipSpace()
	if p.Pos != len(p.Data) {
		return nil, p.fail("trailing data after the JSON object")
	}
	return v.(map[string]any), nil
}

// parser builds the values; the shared lexer reads the tokens, refusing
// invalid UTF-8 and lone surrogates (Strict).
type parser struct {
	jsontext.Scanner
}

func (p *parser) fail(msg string) error { return &Error{Offset: p.Pos, Msg: msg} }

// messages words the lexer's reasons for refusing a token.
var messages = [...]string{
	jsontext.BadLiteral:             "invalid JSON literal",
	jsontext.BadNumber:              "invalid number",
	jsontext.NoFractionDigits:       "invalid number: no digits after '.'",
	jsontext.NoExponentDigits:       "invalid number: no digits in the exponent",
	jsontext.ControlChar:            "control character in a JSON string",
	jsontext.BadEscape:              "invalid escape in a JSON string",
	jsontext.BadUnicodeEscape:       "invalid \\u escape",
	jsontext.LoneSurrogate:          "lone surrogate in a \\u escape",
	jsontext.InvalidUTF8:            "invalid UTF-8 in a JSON string",
	jsontext.UnterminatedEscape:     "unterminated escape in a JSON string",
	jsontext.UnterminatedString:     "unterminated JSON string",
	jsontext.ExpectedName:           "expected a member name",
	jsontext.ExpectedColon:          "expected ':' after a member name",
	jsontext.EndInObject:            "unexpected end of JSON in an object",
	jsontext.ExpectedCommaOrBrace:   "expected ',' or '}' in an object",
	jsontext.EndInArray:             "unexpected end of JSON in an array",
	jsontext.ExpectedCommaOrBracket: "expected ',' or ']' in an array",
}

// lexFail reports why the lexer refused a token (at p.Pos).
func (p *parser) lexFail(why jsontext.Reason) error { return p.fail(messages[why]) }

// str reads a string token.
func (p *parser) str() (string, error) {
	s, why := p.String()
	if why != jsontext.None {
		return "", p.lexFail(why)
	}
	return s, nil
}

// literal reads true, false or null and returns v.
func (p *parser) literal(word string, v any) (any, error) {
	if why := p.Literal(word); why != jsontext.None {
		return nil, p.lexFail(why)
	}
	return v, nil
}

func (p *parser) value(depth int) (any, error) {
	p.SkipSpace()
	if p.Pos >= len(p.Data) {
		return nil, p.fail("unexpected end of JSON")
	}
	switch c := p.Data[p.Pos]; {
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
		start := p.Pos
		if _, why := p.Number(); why != jsontext.None {
			return nil, p.lexFail(why)
		}
		return json.Number(p.Text[start:p.Pos]), nil
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	default:
		return nil, p.fail("invalid character in JSON")
	}
}

// member is a name and its value, collected before the object's map is
// built.
type member struct {
	name  string
	value any
}

func (p *parser) object(depth int) (any, error) {
	// Members are collected first, on the stack for small objects, and the
	// map is made once at its final size: growing it member by member cost
	// several allocations per object.
	var small [smallObject]member
	members := small[:0]
	// Names seen so far are checked for exact repeats and case variants.
	// Small objects (every JWT header, most claim sets) are scanned linearly
	// with strings.EqualFold, which allocates nothing; past smallObject
	// members a map keyed by the folded name keeps the whole parse linear.
	var folded map[string]string
	for more := p.OpenObject(); more; {
		name, at, why := p.Name()
		if why != jsontext.None {
			return nil, p.lexFail(why)
		}
		prev, clash := "", false
		if folded == nil {
			for _, m := range members {
				if strings.EqualFold(m.name, name) {
					prev, clash = m.name, true
					break
				}
			}
			if len(members) == smallObject {
				folded = make(map[string]string, 2*smallObject)
				for _, m := range members {
					folded[fold(m.name)] = m.name
				}
				folded[fold(name)] = name
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
		if why := p.Colon(); why != jsontext.None {
			return nil, p.lexFail(why)
		}
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		members = append(members, member{name, v})
		if more, why = p.NextMember(); why != jsontext.None {
			return nil, p.lexFail(why)
		}
	}
	m := make(map[string]any, len(members))
	for _, mb := range members {
		m[mb.name] = mb.value
	}
	return m, nil
}

func (p *parser) array(depth int) (any, error) {
	// Collected on the stack for short arrays, then copied once at the
	// final length (never nil: an empty array stays [] when re-encoded).
	var small [smallObject]any
	items := small[:0]
	for more := p.OpenArray(); more; {
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		var why jsontext.Reason
		if more, why = p.NextElement(); why != jsontext.None {
			return nil, p.lexFail(why)
		}
	}
	return append(make([]any, 0, len(items)), items...), nil
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
