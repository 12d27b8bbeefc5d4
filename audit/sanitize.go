package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxValueLen caps one text value (bytes), so that one request cannot fill
// a log (OWASP: guard against log flooding).
const MaxValueLen = 1024

// Clean makes s safe for a one-line log record: invalid UTF-8 becomes
// U+FFFD; control characters (C0, DEL, C1), line and paragraph separators
// and bidirectional formatting characters become the visible text \uXXXX;
// values over MaxValueLen are cut at a rune boundary and marked.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if b.Len() >= MaxValueLen {
			b.WriteString("…[truncated]")
			break
		}
		if needsEscape(r) {
			const hexdigits = "0123456789abcdef"
			b.WriteString(`\u`)
			b.WriteByte(hexdigits[r>>12&15])
			b.WriteByte(hexdigits[r>>8&15])
			b.WriteByte(hexdigits[r>>4&15])
			b.WriteByte(hexdigits[r&15])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isClean(s string) bool {
	if len(s) > MaxValueLen || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if needsEscape(r) {
			return false
		}
	}
	return true
}

func needsEscape(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f ||
		r == 0x2028 || r == 0x2029 || // JS line terminators
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || // bidi embeddings, overrides, isolates
		r == 0x200e || r == 0x200f || r == 0x061c // bidi marks
}

// sensitiveNames are substrings of field names whose values are never
// logged (OWASP Logging Cheat Sheet: "data to exclude").
var sensitiveNames = []string{
	"password", "passwd", "pwd", "passphrase", "secret", "token", "authorization", "cookie",
	"credential", "api_key", "apikey", "api-key", "private_key", "privatekey", "otp", "csrf", "xsrf",
	"ssn", "card_number", "cardnumber", "cvv",
}

// sessionNames are field names whose values are session identifiers: they
// are replaced by a hash, so that one session's events still correlate.
var sessionNames = []string{"session", "sessionid", "session_id", "sid", "connect.sid"}

// Redacted is what a sensitive value is replaced by.
const Redacted = "[REDACTED]"

// IsSensitiveName reports whether a field, header or parameter called name
// holds a secret.
func IsSensitiveName(name string) bool {
	n := strings.ToLower(name)
	if isSessionName(n) {
		return true
	}
	for _, s := range sensitiveNames {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func isSessionName(lower string) bool {
	for _, s := range sessionNames {
		if lower == s {
			return true
		}
	}
	return false
}

// RedactField returns the loggable form of value under name: a session id
// becomes "sha256:" and 16 hex digits of its hash, any other sensitive value
// becomes Redacted, and everything else goes through RedactValue and Clean.
func RedactField(name, value string) string {
	lower := strings.ToLower(name)
	if isSessionName(lower) {
		if value == "" {
			return ""
		}
		sum := sha256.Sum256([]byte(value))
		return "sha256:" + hex.EncodeToString(sum[:8])
	}
	if IsSensitiveName(lower) {
		return Redacted
	}
	return Clean(RedactValue(value))
}

// Credentials recognised by shape, wherever they appear in a value. They
// compile on first use, not at package init: init runs when the wasm module
// starts, and most hosts never log an audit event.
var (
	reJWT  = lazyRegexp(`eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`)
	reAuth = lazyRegexp(`(?i)\b(bearer|basic|digest|token)\s+[A-Za-z0-9._~+/=-]{8,}`)
	rePHC  = lazyRegexp(`\$argon2(?:id|i|d)\$[A-Za-z0-9=,$+/.]+|\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}`)
	reCSRF = lazyRegexp(`\b[0-9a-f]{64}\.[0-9a-f]{32,256}\b`)
	// name=value or name: value pairs, in query strings and in prose.
	rePair = lazyRegexp(`(^|[?&;,\s])([A-Za-z0-9_.\-]+)(\s*[=:]\s*)([^&;,#\s"']+)`)
)

// lazyRegexp returns a function that compiles expr on its first call and
// returns the same *regexp.Regexp from then on (safe for concurrent use).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// RedactValue replaces credentials found inside s: JWTs, Authorization
// credentials (Bearer/Basic/Digest), argon2 and bcrypt hashes, csrf-csrf
// tokens, and the values of sensitive name=value pairs (?token=…,
// "password=…" in an error message).
func RedactValue(s string) string {
	if len(s) > 4*MaxValueLen {
		// Clean truncates anyway; do not run the patterns over megabytes.
		s = s[:4*MaxValueLen]
	}
	s = reJWT().ReplaceAllString(s, Redacted)
	s = reAuth().ReplaceAllString(s, "$1 "+Redacted)
	s = rePHC().ReplaceAllString(s, Redacted)
	s = reCSRF().ReplaceAllString(s, Redacted)
	if strings.ContainsAny(s, "=:") {
		s = rePair().ReplaceAllStringFunc(s, func(m string) string {
			sub := rePair().FindStringSubmatch(m)
			if IsSensitiveName(sub[2]) {
				return sub[1] + sub[2] + sub[3] + Redacted
			}
			return m
		})
	}
	return s
}
