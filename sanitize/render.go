package sanitize

import "strings"

// The serializer escapes exactly what the HTML standard's fragment
// serializer escapes (as of the 2025 change that added < and > in
// attributes, shipped in Chrome 138): text gets &, <, >, U+00A0; attribute
// values (always double-quoted) get &, ", <, >, U+00A0. One addition: a
// carriage return becomes &#13;, because the parser turns a raw one into a
// line feed and the output would not be a fixpoint. Apostrophes, double
// quotes in text and non-ASCII characters are left alone, so output reads the
// way users wrote it and equals what a browser's innerHTML returns.

// escapeText writes s escaped for an HTML text node.
func escapeText(b *strings.Builder, s string) {
	escapeHTML(b, s, false)
}

// escapeAttr writes s escaped for a double-quoted attribute value.
func escapeAttr(b *strings.Builder, s string) {
	escapeHTML(b, s, true)
}

// escapeClass marks the bytes escapeHTML has to look at: escText for bytes
// that may need a reference in text, escAttr in attribute values (0xC2 is the
// first byte of U+00A0), and textMarkup for the bytes that make the tokenizer
// do more than copy text (see isPlainText). One table load per byte instead
// of a switch keeps the common case, a run of ordinary characters, a tight
// loop; in wasm, where there is no SIMD for strings.IndexAny, that loop is
// most of the cost.
var escapeClass = [256]uint8{
	'&': escText | escAttr | textMarkup, '<': escText | escAttr | textMarkup,
	'\r': escText | escAttr | textMarkup, 0: textMarkup,
	'>': escText | escAttr, 0xC2: escText | escAttr, '"': escAttr,
}

const (
	escText = 1 << iota
	escAttr
	textMarkup
)

func escapeHTML(b *strings.Builder, s string, attr bool) {
	mask := uint8(escText)
	if attr {
		mask = escAttr
	}
	last := 0
	for i := 0; i < len(s); i++ {
		if escapeClass[s[i]]&mask == 0 {
			continue
		}
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		case '\r':
			// Only a character reference (&#13;) puts a CR in the tree;
			// written raw, it would come back as LF.
			rep = "&#13;"
		default: // 0xC2
			if i+1 >= len(s) || s[i+1] != 0xA0 {
				continue
			}
			b.WriteString(s[last:i])
			b.WriteString("&nbsp;")
			i++
			last = i + 1
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// escapeTextString returns s escaped for an HTML text node: s itself, not a
// copy, when nothing in it needs a reference (most plain-text comments).
func escapeTextString(s string) string {
	for i := 0; i < len(s); i++ {
		if escapeClass[s[i]]&escText != 0 {
			var b strings.Builder
			b.Grow(len(s) + len(s)/8)
			b.WriteString(s[:i])
			escapeText(&b, s[i:])
			return b.String()
		}
	}
	return s
}
