// Package jsontext is the JSON lexer shared by edgeguard's two hand-written
// JSON parsers: jwtcheck's strict one (jwtcheck/internal/strictjson), which
// refuses anything two JSON consumers could read differently, and validate's
// order-keeping one, which accepts exactly what encoding/json accepts. Both
// build their own values and enforce their own object rules (repeated names,
// key order, depth); this package reads the tokens: whitespace, literals,
// numbers and strings, in one pass and linear time.
//
// The lexer does not format errors: it reports a Reason and leaves Pos at the
// problem, and each parser words the message as its callers expect.
package jsontext

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Reason says why a token could not be read. None is success.
type Reason uint8

// Reasons a token is refused.
const (
	None                   Reason = iota
	BadLiteral                    // not the expected true, false or null
	BadNumber                     // no digit where the integer part needs one
	NoFractionDigits              // '.' without a digit after it
	NoExponentDigits              // 'e' without a digit in the exponent
	ControlChar                   // an unescaped byte below 0x20 in a string
	BadEscape                     // a backslash followed by a character JSON does not define
	BadUnicodeEscape              // \u not followed by four hex digits
	LoneSurrogate                 // a \u escape for half a surrogate pair (Strict only)
	InvalidUTF8                   // a string byte that is not UTF-8 (Strict only)
	UnterminatedEscape            // a backslash at the end of the input
	UnterminatedString            // no closing quote before the end of the input
	ExpectedName                  // an object member that does not start with a string
	ExpectedColon                 // a member name not followed by ':'
	EndInObject                   // the input ends after a member's value
	ExpectedCommaOrBrace          // a member's value followed by neither ',' nor '}'
	EndInArray                    // the input ends after an element
	ExpectedCommaOrBracket        // an element followed by neither ',' nor ']'
)

// Scanner reads JSON tokens from Data starting at Pos. After a method fails,
// Pos is the offset of the problem.
type Scanner struct {
	Data []byte
	// Text, when set, is Data as one string: a string token without escapes
	// is then returned as a substring of it, one copy of the input in all
	// instead of one allocation per string. Leave it empty to copy.
	Text string
	Pos  int
	// Strict refuses invalid UTF-8 and \u escapes that encode a lone
	// surrogate. Otherwise both become U+FFFD, as in encoding/json.
	Strict bool

	buf []byte // scratch for unescaping strings
}

// SkipSpace moves past JSON whitespace.
func (s *Scanner) SkipSpace() {
	for s.Pos < len(s.Data) {
		switch s.Data[s.Pos] {
		case ' ', '\t', '\n', '\r':
			s.Pos++
		default:
			return
		}
	}
}

// Literal reads word (true, false or null) at Pos.
func (s *Scanner) Literal(word string) Reason {
	if len(s.Data)-s.Pos < len(word) || string(s.Data[s.Pos:s.Pos+len(word)]) != word {
		return BadLiteral
	}
	s.Pos += len(word)
	return None
}

// Objects and arrays are read in steps so that each parser builds its own
// container, checks member names its own way and reads the values itself:
//
//	for more := s.OpenObject(); more; {
//		name, at, why := s.Name()
//		… check name …; why = s.Colon(); … read the value …
//		more, why = s.NextMember()
//	}

// OpenObject moves past the '{' at Pos and reports whether a member
// follows; for an empty object it moves past the '}' too.
func (s *Scanner) OpenObject() bool { return s.open('}') }

// OpenArray moves past the '[' at Pos and reports whether an element
// follows; for an empty array it moves past the ']' too.
func (s *Scanner) OpenArray() bool { return s.open(']') }

func (s *Scanner) open(end byte) bool {
	s.Pos++
	s.SkipSpace()
	if s.Pos < len(s.Data) && s.Data[s.Pos] == end {
		s.Pos++
		return false
	}
	return true
}

// Name reads a member name and returns it with the offset of its opening
// quote.
func (s *Scanner) Name() (name string, at int, why Reason) {
	s.SkipSpace()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != '"' {
		return "", s.Pos, ExpectedName
	}
	at = s.Pos
	name, why = s.String()
	return name, at, why
}

// Colon moves past the ':' after a member name and the whitespace after it,
// to the member's value.
func (s *Scanner) Colon() Reason {
	s.SkipSpace()
	if s.Pos >= len(s.Data) || s.Data[s.Pos] != ':' {
		return ExpectedColon
	}
	s.Pos++
	s.SkipSpace()
	return None
}

// NextMember moves past what follows a member's value and reports whether
// another member follows (',') or the object ended ('}').
func (s *Scanner) NextMember() (bool, Reason) { return s.next('}', EndInObject, ExpectedCommaOrBrace) }

// NextElement moves past what follows an element and reports whether
// another element follows (',', then whitespace) or the array ended (']').
func (s *Scanner) NextElement() (bool, Reason) {
	more, why := s.next(']', EndInArray, ExpectedCommaOrBracket)
	if more {
		s.SkipSpace()
	}
	return more, why
}

func (s *Scanner) next(end byte, eof, other Reason) (bool, Reason) {
	s.SkipSpace()
	if s.Pos >= len(s.Data) {
		return false, eof
	}
	switch s.Data[s.Pos] {
	case ',':
		s.Pos++
		return true, None
	case end:
		s.Pos++
		return false, None
	}
	return false, other
}

// Number reads a number at Pos, which holds '-' or a digit, and returns its
// text (RFC 8259 §6 grammar: no leading zeros, no '+', no bare '.').
func (s *Scanner) Number() ([]byte, Reason) {
	start := s.Pos
	d := s.Data
	if d[s.Pos] == '-' {
		s.Pos++
	}
	switch {
	case s.Pos < len(d) && d[s.Pos] == '0':
		s.Pos++
	case s.Pos < len(d) && d[s.Pos] >= '1' && d[s.Pos] <= '9':
		s.digits()
	default:
		return nil, BadNumber
	}
	if s.Pos < len(d) && d[s.Pos] == '.' {
		s.Pos++
		if s.digits() == 0 {
			return nil, NoFractionDigits
		}
	}
	if s.Pos < len(d) && (d[s.Pos] == 'e' || d[s.Pos] == 'E') {
		s.Pos++
		if s.Pos < len(d) && (d[s.Pos] == '+' || d[s.Pos] == '-') {
			s.Pos++
		}
		if s.digits() == 0 {
			return nil, NoExponentDigits
		}
	}
	return d[start:s.Pos], None
}

func (s *Scanner) digits() int {
	n := 0
	for s.Pos < len(s.Data) && s.Data[s.Pos] >= '0' && s.Data[s.Pos] <= '9' {
		s.Pos++
		n++
	}
	return n
}

// String reads a string at Pos, which holds the opening quote, and returns
// its value.
func (s *Scanner) String() (string, Reason) {
	s.Pos++ // opening quote
	d := s.Data
	start := s.Pos
	// Fast path: no escapes and no control characters, the common case.
	for s.Pos < len(d) {
		c := d[s.Pos]
		if c == '"' {
			run := d[start:s.Pos]
			s.Pos++
			if utf8.Valid(run) {
				if s.Text != "" {
					return s.Text[start : s.Pos-1], None
				}
				return string(run), None
			}
			if s.Strict {
				s.Pos = start + firstInvalid(run)
				return "", InvalidUTF8
			}
			return toValidUTF8(run), None
		}
		if c == '\\' || c < 0x20 {
			break
		}
		s.Pos++
	}
	if s.Strict {
		// The run read so far comes before whatever stopped the fast
		// path, so an invalid byte in it is the first problem.
		if i := firstInvalid(d[start:s.Pos]); i >= 0 {
			s.Pos = start + i
			return "", InvalidUTF8
		}
	}
	s.buf = append(s.buf[:0], d[start:s.Pos]...)
	for s.Pos < len(d) {
		c := d[s.Pos]
		switch {
		case c == '"':
			s.Pos++
			if s.Strict || utf8.Valid(s.buf) {
				return string(s.buf), None
			}
			return toValidUTF8(s.buf), None
		case c < 0x20:
			return "", ControlChar
		case c == '\\':
			if r := s.escape(); r != None {
				return "", r
			}
		case c >= utf8.RuneSelf && s.Strict:
			r, size := utf8.DecodeRune(d[s.Pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", InvalidUTF8
			}
			s.buf = append(s.buf, d[s.Pos:s.Pos+size]...)
			s.Pos += size
		default:
			// Outside Strict, invalid UTF-8 is replaced once the whole
			// string is read (escapes only ever append valid UTF-8).
			s.buf = append(s.buf, c)
			s.Pos++
		}
	}
	return "", UnterminatedString
}

// escape decodes the escape at Pos (a backslash) into buf.
func (s *Scanner) escape() Reason {
	d := s.Data
	if s.Pos+1 >= len(d) {
		return UnterminatedEscape
	}
	c := d[s.Pos+1]
	s.Pos += 2
	switch c {
	case '"', '\\', '/':
		s.buf = append(s.buf, c)
	case 'b':
		s.buf = append(s.buf, '\b')
	case 'f':
		s.buf = append(s.buf, '\f')
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'u':
		r, ok := s.hex4()
		if !ok {
			return BadUnicodeEscape
		}
		if utf16.IsSurrogate(r) {
			var why Reason
			if r, why = s.surrogate(r); why != None {
				return why
			}
		}
		s.buf = utf8.AppendRune(s.buf, r)
	default:
		return BadEscape
	}
	return None
}

// surrogate completes the pair whose first half, hi, was just read. A high
// surrogate followed by an escaped low one is one code point. Anything else
// is refused when Strict, and otherwise U+FFFD, as in encoding/json, with the
// following escape (when it is not the low half) read again on its own.
func (s *Scanner) surrogate(hi rune) (rune, Reason) {
	if s.Strict && hi >= 0xDC00 {
		return 0, LoneSurrogate // a low half first can never pair
	}
	d := s.Data
	save := s.Pos
	if s.Pos+1 < len(d) && d[s.Pos] == '\\' && d[s.Pos+1] == 'u' {
		s.Pos += 2
		lo, ok := s.hex4()
		if !ok && !s.Strict {
			return 0, BadUnicodeEscape
		}
		if ok {
			if r := utf16.DecodeRune(hi, lo); r != utf8.RuneError {
				return r, None
			}
		}
		if s.Strict {
			return 0, LoneSurrogate
		}
		s.Pos = save
	}
	if s.Strict {
		return 0, LoneSurrogate
	}
	return utf8.RuneError, None
}

func (s *Scanner) hex4() (rune, bool) {
	if len(s.Data)-s.Pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s.Data[s.Pos : s.Pos+4] {
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
	s.Pos += 4
	return r, true
}

// firstInvalid is the offset of the first byte of b that is not UTF-8, or -1.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// toValidUTF8 replaces each invalid byte with U+FFFD, as encoding/json does.
func toValidUTF8(b []byte) string {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}
