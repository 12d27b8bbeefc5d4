package validate

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/edgeguard/edgeguard/internal/jsontext"
)

// A JSON parser into the value model, keeping object key order. It accepts
// exactly what encoding/json accepts (RFC 8259; invalid UTF-8 and lone
// surrogate escapes become U+FFFD) and is several times faster than
// encoding/json's token API, which dominated the cost of validating a
// small request. FuzzDecodeJSON holds it to encoding/json's behaviour.

// The tokens are read by the lexer it shares with jwtcheck's strict parser
// (internal/jsontext), in its encoding/json-compatible (not Strict) mode.
type jsonParser struct {
	jsontext.Scanner
	// members is a stack of the members of the objects being parsed: an
	// object is built when it closes, at its exact size (grown member by
	// member, a ten-field form took three allocations per slice, not one).
	// It starts in memberBuf, inside the parser's own allocation.
	members   []member
	memberBuf [16]member
}

type member struct {
	name  string
	value any
}

// DecodeJSON parses a JSON document into the value model (see jsvalue.go).
func DecodeJSON(data []byte) (any, error) {
	// Text: strings without escapes are substrings of it, one copy of the
	// input instead of one allocation per string.
	p := &jsonParser{Scanner: jsontext.Scanner{Data: data, Text: string(data)}}
	p.members = p.memberBuf[:0]
	p.SkipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.SkipSpace()
	if p.Pos != len(p.Data) {
		return nil, p.errorf("unexpected data after the JSON value")
	}
	return v, nil
}

func (p *jsonParser) errorf(format string, a ...any) error {
	return fmt.Errorf("offset %d: %s", p.Pos, fmt.Sprintf(format, a...))
}

// lexError words the lexer's reason for refusing a token (at p.Pos) as
// this parser always has.
func (p *jsonParser) lexError(why jsontext.Reason) error {
	switch why {
	case jsontext.BadLiteral:
		return p.errorf("invalid literal")
	case jsontext.BadNumber, jsontext.NoFractionDigits, jsontext.NoExponentDigits:
		return p.errorf("invalid number")
	case jsontext.ControlChar:
		return p.errorf("invalid control character in string")
	case jsontext.BadEscape:
		return p.errorf("invalid escape \\%c", p.Data[p.Pos-1])
	case jsontext.BadUnicodeEscape:
		return p.errorf("invalid \\u escape")
	case jsontext.ExpectedName:
		return p.errorf("expected a string key")
	case jsontext.ExpectedColon:
		return p.errorf("expected ':' after an object key")
	case jsontext.ExpectedCommaOrBrace:
		return p.errorf("expected ',' or '}' in an object")
	case jsontext.ExpectedCommaOrBracket:
		return p.errorf("expected ',' or ']' in an array")
	}
	// An unterminated string or escape, or the end of the input inside an
	// object or array.
	return errors.New("unexpected end of JSON input")
}

// str reads a string token.
func (p *jsonParser) str() (string, error) {
	s, why := p.String()
	if why != jsontext.None {
		return "", p.lexError(why)
	}
	return s, nil
}

// literal reads true, false or null and returns v.
func (p *jsonParser) literal(word string, v any) (any, error) {
	if why := p.Literal(word); why != jsontext.None {
		return nil, p.lexError(why)
	}
	return v, nil
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("JSON nested deeper than %d levels", maxDepth)
	}
	if p.Pos >= len(p.Data) {
		return nil, errors.New("unexpected end of JSON input")
	}
	switch c := p.Data[p.Pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	default:
		return nil, p.errorf("invalid character %q looking for a value", c)
	}
}

func (p *jsonParser) object(depth int) (any, error) {
	start := len(p.members)
	for more := p.OpenObject(); more; {
		k, _, why := p.Name()
		if why == jsontext.None {
			why = p.Colon()
		}
		if why != jsontext.None {
			return nil, p.lexError(why)
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.members = append(p.members, member{k, v})
		if more, why = p.NextMember(); why != jsontext.None {
			return nil, p.lexError(why)
		}
	}
	o := NewObject()
	if n := len(p.members) - start; n > 0 {
		o.keys, o.vals = make([]string, 0, n), make([]any, 0, n)
		for _, m := range p.members[start:] {
			o.Set(m.name, m.value) // a repeated name keeps its first place and last value, as before
		}
	}
	clear(p.members[start:]) // the values belong to o now
	p.members = p.members[:start]
	return o, nil
}

func (p *jsonParser) array(depth int) (any, error) {
	a := []any{}
	for more := p.OpenArray(); more; {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		var why jsontext.Reason
		if more, why = p.NextElement(); why != jsontext.None {
			return nil, p.lexError(why)
		}
	}
	return a, nil
}

func (p *jsonParser) number() (any, error) {
	text, why := p.Number()
	if why != jsontext.None {
		return nil, p.lexError(why)
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil && !isRangeErr(err) {
		return nil, err
	}
	return f, nil
}
