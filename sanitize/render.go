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

func escapeHTML(b *strings.Builder, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			if !attr {
				continue
			}
			rep = "&quot;"
		case '\r':
			// Only a character reference (&#13;) puts a CR in the tree;
			// written raw, it would come back as LF.
			rep = "&#13;"
		case 0xC2:
			if i+1 >= len(s) || s[i+1] != 0xA0 {
				continue
			}
			b.WriteString(s[last:i])
			b.WriteString("&nbsp;")
			i++
			last = i + 1
			continue
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}
