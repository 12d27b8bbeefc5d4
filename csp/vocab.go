package csp

import (
	"regexp"
	"strings"
)

// Directive names csp-evaluator knows (csp.ts Directive). A name outside this
// set is reported as UNKNOWN_DIRECTIVE.
var knownDirectives = setOf(
	"child-src", "connect-src", "default-src", "font-src", "frame-src", "img-src",
	"media-src", "object-src", "script-src", "script-src-attr", "script-src-elem",
	"style-src", "style-src-attr", "style-src-elem", "prefetch-src",
	"manifest-src", "worker-src",
	"base-uri", "plugin-types", "sandbox", "disown-opener",
	"form-action", "frame-ancestors", "navigate-to",
	"report-to", "report-uri",
	"block-all-mixed-content", "upgrade-insecure-requests", "reflected-xss",
	"referrer", "require-sri-for", "trusted-types", "require-trusted-types-for", "webrtc",
)

// fetchDirectives fall back to default-src when absent (csp.ts FETCH_DIRECTIVES).
var fetchDirectives = setOf(
	"child-src", "connect-src", "default-src", "font-src", "frame-src", "img-src",
	"manifest-src", "media-src", "object-src", "script-src", "script-src-attr",
	"script-src-elem", "style-src", "style-src-attr", "style-src-elem", "worker-src",
)

// Keyword sources csp-evaluator knows (csp.ts Keyword), quoted.
const (
	kwSelf           = "'self'"
	kwNone           = "'none'"
	kwUnsafeInline   = "'unsafe-inline'"
	kwUnsafeEval     = "'unsafe-eval'"
	kwStrictDynamic  = "'strict-dynamic'"
	kwUnsafeHashes   = "'unsafe-hashes'"
	kwWasmUnsafeEval = "'wasm-unsafe-eval'"
	ttSinkScript     = "'script'"
)

var keywordList = []string{
	kwSelf, kwNone, kwUnsafeInline, kwUnsafeEval, "'wasm-eval'", kwWasmUnsafeEval,
	kwStrictDynamic, "'unsafe-hashed-attributes'", kwUnsafeHashes, "'report-sample'",
	"'block'", "'allow'", "'inline-speculation-rules'",
}

var keywords = setOf(keywordList...)

// IsDirective reports whether name is a CSP directive csp-evaluator knows.
func IsDirective(name string) bool { _, ok := knownDirectives[name]; return ok }

// IsKeyword reports whether s is a quoted CSP keyword such as 'self'.
func IsKeyword(s string) bool { _, ok := keywords[s]; return ok }

var (
	strictNoncePattern = regexp.MustCompile(`^'nonce-[a-zA-Z0-9+/_-]+[=]{0,2}'$`)
	noncePattern       = regexp.MustCompile(`^'nonce-(.+)'$`)
	strictHashPattern  = regexp.MustCompile(`^'(sha256|sha384|sha512)-[a-zA-Z0-9+/_-]+[=]{0,2}'$`)
	hashPattern        = regexp.MustCompile(`^'(sha256|sha384|sha512)-(.+)'$`)
)

// IsURLScheme reports whether s is a scheme source such as "https:", i.e.
// matches /^[a-zA-Z][+a-zA-Z0-9.-]*:$/ (scanned by hand: it runs for every
// source in several checks).
func IsURLScheme(s string) bool {
	n := len(s)
	if n < 2 || s[n-1] != ':' || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < n-1; i++ {
		if c := s[i]; !(isWordByte(c) && c != '_' || c == '+' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// IsNonce reports whether s is a nonce source. strict requires the base64
// charset, as browsers do.
func IsNonce(s string, strict bool) bool {
	if strict {
		return strictNoncePattern.MatchString(s)
	}
	return noncePattern.MatchString(s)
}

// IsHash reports whether s is a hash source ('sha256-…', 'sha384-…',
// 'sha512-…'). strict requires the base64 charset.
func IsHash(s string, strict bool) bool {
	if strict {
		return strictHashPattern.MatchString(s)
	}
	return hashPattern.MatchString(s)
}

func setOf(items ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(items))
	for _, s := range items {
		m[s] = struct{}{}
	}
	return m
}

// isJSSpace is JavaScript's \s class: csp-evaluator splits with /\S+/ and
// String.prototype.trim, so a policy splits into the same tokens here.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029',
		'\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

func jsFields(s string) []string { return strings.FieldsFunc(s, isJSSpace) }
