package validate

import (
	"regexp"
	"testing"
)

// TestURLScansMatchRegexps checks the hand-written scans of isURL against
// the regexps they replace, with RE2's semantics (case folding, invalid
// UTF-8 read as U+FFFD).
func TestURLScansMatchRegexps(t *testing.T) {
	scheme := regexp.MustCompile(`(?i)^([a-z][a-z0-9+\-.]*):`)
	bad := regexp.MustCompile(`[` + jsSpace + `<>]`)
	inputs := []string{"", ":", "a:", "A:", "1a:", "+a:", "a1+-.:b", "http://x", "HTTPS://x", "javascript:alert(1)",
		"ſcript:x", "\u212aelvin:x", "é:x", "a b:", "ab", "a:b:c", "host:8080", "a\xffb:", "\xff:",
		"x<y", "x>y", "x y", "x\u00a0y", "x\u2005y", "x\u200by", "x\ufeffy", "x\u0085y", "\xff", "x\ty\n"}
	for _, in := range inputs {
		got, ok := urlScheme(in)
		m := scheme.FindStringSubmatch(in)
		if ok != (m != nil) || (ok && got != m[1]) {
			t.Errorf("urlScheme(%q) = %q, %v; regexp gives %q", in, got, ok, m)
		}
		gotBad := false
		for _, r := range in {
			gotBad = gotBad || isURLBadChar(r)
		}
		if want := bad.MatchString(in); gotBad != want {
			t.Errorf("isURLBadChar over %q = %v, regexp gives %v", in, gotBad, want)
		}
	}
}
