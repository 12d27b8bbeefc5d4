package sanitize

import (
	"strings"
	"unicode/utf8"
)

// Output encoding: escape untrusted text for the context it is inserted in.
// Each encoder escapes what that context needs and nothing else, so that
// apostrophes in text and non-ASCII characters come out as written
// (the most common complaint against sanitize-html and bluemonday), except
// where the context itself makes a character dangerous.

// Contexts accepted by Escape.
const (
	ContextHTML = "html" // HTML text or a quoted attribute value (ejs escapeXML)
	ContextText = "text" // HTML text content only: &, <, >
	ContextAttr = "attr" // any attribute value, quoted or not
	ContextURL  = "url"  // one URL component (path segment, query key or value)
	ContextJS   = "js"   // the inside of a JavaScript string literal ('…', "…" or `…`)
	ContextCSS  = "css"  // the inside of a CSS string ('…' or "…")
)

// Contexts lists the escaping contexts, in documentation order.
func Contexts() []string {
	return []string{ContextHTML, ContextText, ContextAttr, ContextURL, ContextJS, ContextCSS}
}

// Escape escapes s for context. ok is false for an unknown context.
func Escape(context, s string) (out string, ok bool) {
	switch context {
	case ContextHTML:
		return EscapeHTML(s), true
	case ContextText:
		return EscapeText(s), true
	case ContextAttr:
		return EscapeAttr(s), true
	case ContextURL:
		return EscapeURLComponent(s), true
	case ContextJS:
		return EscapeJSString(s), true
	case ContextCSS:
		return EscapeCSSString(s), true
	}
	return "", false
}

// escapeBytes rewrites s, replacing each byte for which rep returns a
// non-empty string. Strings that need no escaping are returned as is.
func escapeBytes(s string, rep func(c byte) string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		r := rep(s[i])
		if r == "" {
			continue
		}
		if last == 0 && b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	if last == 0 && b.Len() == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// EscapeHTML escapes &, <, >, " and ' the way ejs's escapeXML (and Go's
// html.EscapeString) do. The result is safe as HTML text and inside a
// single- or double-quoted attribute value.
func EscapeHTML(s string) string {
	return escapeBytes(s, func(c byte) string {
		switch c {
		case '&':
			return "&amp;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		case '"':
			return "&#34;"
		case '\'':
			return "&#39;"
		}
		return ""
	})
}

// EscapeText escapes &, < and > only. The result is safe as the text content
// of an element (not in attributes, not in raw-text elements such as script
// or style), and quotes stay readable.
func EscapeText(s string) string {
	return escapeBytes(s, func(c byte) string {
		switch c {
		case '&':
			return "&amp;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		}
		return ""
	})
}

// EscapeAttr escapes for an attribute value whether or not it is quoted:
// EscapeHTML's characters plus the ones that end an unquoted value
// (whitespace, =, `) and NUL, as numeric character references.
func EscapeAttr(s string) string {
	return escapeBytes(s, func(c byte) string {
		switch c {
		case '&':
			return "&amp;"
		case '<':
			return "&lt;"
		case '>':
			return "&gt;"
		case '"':
			return "&quot;"
		case '\'':
			return "&#39;"
		case '=':
			return "&#61;"
		case '`':
			return "&#96;"
		case ' ':
			return "&#32;"
		case '\t':
			return "&#9;"
		case '\n':
			return "&#10;"
		case '\f':
			return "&#12;"
		case '\r':
			return "&#13;"
		case 0:
			return "\uFFFD"
		}
		return ""
	})
}

const upperHex = "0123456789ABCDEF"

// EscapeURLComponent percent-encodes every byte except ASCII letters, digits
// and - _ . ~ (RFC 3986 unreserved). It is encodeURIComponent without the
// exceptions for ! ' ( ) *, so that the result is also safe inside a quoted
// attribute, CSS url() and a JavaScript string.
func EscapeURLComponent(s string) string {
	return escapeBytes(s, func(c byte) string {
		if isASCIIAlpha(c) || isASCIIDigit(c) || c == '-' || c == '_' || c == '.' || c == '~' {
			return ""
		}
		return string([]byte{'%', upperHex[c>>4], upperHex[c&15]})
	})
}

// EscapeJSString escapes s for the inside of a JavaScript string literal in
// any quote style, including inside an HTML <script> element or event
// attribute: quotes, backslash, backtick and $ (template literals), control
// characters, <, >, & (so that "</script>" and "<!--" cannot appear), and
// U+2028/U+2029 (line terminators in older engines).
func EscapeJSString(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var rep string
		size := 1
		switch {
		case c == '\\':
			rep = `\\`
		case c == '\n':
			rep = `\n`
		case c == '\r':
			rep = `\r`
		case c == '\t':
			rep = `\t`
		case c < 0x20 || c == 0x7f || c == '\'' || c == '"' || c == '`' || c == '$' || c == '<' || c == '>' || c == '&' || c == '/':
			rep = `\x` + string([]byte{upperHex[c>>4], upperHex[c&15]})
		case c == 0xE2 && strings.HasPrefix(s[i:], "\u2028"):
			rep, size = `\u2028`, 3
		case c == 0xE2 && strings.HasPrefix(s[i:], "\u2029"):
			rep, size = `\u2029`, 3
		}
		if rep == "" {
			i++
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		i += size
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// EscapeCSSString escapes s for the inside of a quoted CSS string, including
// in a style attribute or a <style> element: every ASCII character other
// than letters, digits, space and - _ . , : # % + ! ? * = ~ becomes a CSS hex
// escape followed by a space (which ends the escape and is consumed with
// it). Non-ASCII characters are left as they are.
func EscapeCSSString(s string) string {
	return escapeBytes(s, func(c byte) string {
		if c >= utf8.RuneSelf || isASCIIAlpha(c) || isASCIIDigit(c) || strings.IndexByte(" -_.,:#%+!?*=~", c) >= 0 {
			return ""
		}
		if c == 0 {
			return `\FFFD `
		}
		return `\` + strings.TrimPrefix(string([]byte{upperHex[c>>4], upperHex[c&15]}), "0") + " "
	})
}
