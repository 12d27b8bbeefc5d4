// Package jstext writes values as JavaScript does, for output that must be
// the same bytes in Go as in every JavaScript host: Number.prototype.toString
// (ECMA-262 Number::toString) and JSON.stringify's quoting of strings.
package jstext

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Number formats f as JavaScript's Number.prototype.toString does: NaN,
// Infinity and -Infinity by name, -0 as "0", integers below 1e21 in full and
// other values with the shortest digits that round-trip, in exponent form
// ("1e+21", "1.5e-7") outside [1e-6, 1e21).
func Number(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	case f == math.Trunc(f) && math.Abs(f) < 1<<53:
		// An integer JavaScript holds exactly prints as its digits (the
		// common case: lengths, bounds, ages), without the general path.
		return strconv.FormatInt(int64(f), 10)
	}
	neg := f < 0
	if neg {
		f = -f
	}
	// Shortest round-trip digits and exponent, then ECMA-262 Number::toString.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±x
	mant, expS, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expS)
	k := len(digits)
	n := exp + 1
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if n-1 < 0 {
			sign = "-"
		}
		ex := n - 1
		if ex < 0 {
			ex = -ex
		}
		if k == 1 {
			s = digits + "e" + sign + strconv.Itoa(ex)
		} else {
			s = digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(ex)
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// WriteQuoted writes s as JSON.stringify quotes a string: only ", \ and
// control characters are escaped (unlike encoding/json, which also escapes
// <, >, & and U+2028), and each byte of invalid UTF-8 becomes U+FFFD, as it
// would in the JavaScript string the other hosts hold.
func WriteQuoted(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	// Runs of bytes that need no escaping are copied whole: per-rune writes
	// were a large share of a validation's cost in WebAssembly.
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b.WriteString(s[start:i])
			b.WriteString("\uFFFD")
			i++
			start = i
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			fmt.Fprintf(b, `\u%04x`, c)
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// Quote returns s quoted as by WriteQuoted.
func Quote(s string) string {
	var b bytes.Buffer
	WriteQuoted(&b, s)
	return b.String()
}
