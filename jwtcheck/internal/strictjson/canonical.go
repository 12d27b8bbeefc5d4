package strictjson

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/edgeguard/edgeguard/internal/jsontext"
)

// AppendCanonical appends the canonical JSON text of v to dst: what
// encoding/json's Encoder with SetEscapeHTML(false) writes for it, without
// the trailing newline. Objects have their members sorted by name (byte
// order), numbers keep their text, and strings are escaped exactly as
// encoding/json escapes them.
//
// It exists because encoding/json reaches every value through reflection
// and sorts map keys through a slice of reflect values: for the small
// documents of a token that was most of a verification's cost, and twice
// that inside WebAssembly, where allocation is dear. The shapes ParseObject
// returns (map[string]any, []any, string, json.Number, bool, nil) are
// written here directly; any other value (a caller may put one into a map
// it owns) is handed to encoding/json, so the output is the same either way.
func AppendCanonical(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if v {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case string:
		return appendString(dst, v)
	case json.Number:
		if validNumber(string(v)) {
			return append(dst, v...)
		}
	case map[string]any:
		return appendObject(dst, v)
	case []any:
		dst = append(dst, '[')
		for i, item := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendCanonical(dst, item)
		}
		return append(dst, ']')
	}
	return appendForeign(dst, v)
}

// appendObject writes the members of m sorted by name. They are gathered
// with their values (on the stack for the objects tokens hold) and sorted
// there, so that no name is looked up in the map again.
func appendObject(dst []byte, m map[string]any) []byte {
	if m == nil {
		return append(dst, "null"...)
	}
	var small [smallObject]member
	members := small[:0]
	for name, value := range m {
		members = append(members, member{name, value})
	}
	slices.SortFunc(members, func(a, b member) int { return strings.Compare(a.name, b.name) })
	dst = append(dst, '{')
	for i, mb := range members {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, mb.name)
		dst = append(dst, ':')
		dst = AppendCanonical(dst, mb.value)
	}
	return append(dst, '}')
}

// appendForeign writes a value of a type ParseObject never returns, with
// encoding/json itself.
func appendForeign(dst []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		// encoding/json refuses this value (a channel, a NaN): write what
		// a caller can recognise rather than malformed JSON.
		return append(dst, "null"...)
	}
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// validNumber reports whether s is one JSON number (RFC 8259 §6), the
// check encoding/json makes before writing a json.Number as it is. The
// grammar is the lexer's, which ParseObject reads numbers with.
func validNumber(s string) bool {
	if s == "" {
		return false
	}
	sc := jsontext.Scanner{Data: []byte(s)}
	_, why := sc.Number()
	return why == jsontext.None && sc.Pos == len(s)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string escaped as encoding/json escapes
// it without HTML escaping: '"' and '\\', the control characters (\b, \f,
// \n, \r and \t by name, the others as \u00XX), invalid UTF-8 as \ufffd,
// and U+2028 and U+2029, which break JavaScript string literals.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
