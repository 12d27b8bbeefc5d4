package csp

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// The regexps csp-evaluator uses, which the hand-written scanners replace.
var (
	refSchemePrefix = regexp.MustCompile(`^(?i)\w[+\w.-]*://`)
	refIPv4         = regexp.MustCompile(`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`)
	refURLScheme    = regexp.MustCompile(`^[a-zA-Z][+a-zA-Z0-9.-]*:$`)
)

// checkScanners compares every scanner with its regexp on s.
func checkScanners(t *testing.T, s string) {
	t.Helper()
	want := 0
	if loc := refSchemePrefix.FindStringIndex(s); loc != nil {
		want = loc[1]
	}
	if got := schemePrefixLen(s); got != want {
		t.Errorf("schemePrefixLen(%q) = %d, regexp %d", s, got, want)
	}
	if got, want := isIPv4Text(s), refIPv4.MatchString(s); got != want {
		t.Errorf("isIPv4Text(%q) = %v, regexp %v", s, got, want)
	}
	if got, want := IsURLScheme(s), refURLScheme.MatchString(s); got != want {
		t.Errorf("IsURLScheme(%q) = %v, regexp %v", s, got, want)
	}
}

func TestSchemeScannersMatchRegexps(t *testing.T) {
	for _, s := range []string{
		"", ":", "://", "a://", "https://x", "HTTPS://x", "h+t.t-p_1://x", "_://x", "1a://x", "-a://x",
		"https:", "https:/", "a:", "A1+.-:", "1a:", "a_b:", "https::", "a:b", "é://x", "https\n:",
		"1.2.3.4", "127.0.0.1", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "1..2.3", ".1.2.3", "1.2.3.4.", "a.b.c.d", "1.2.3.4\n", "[::1]",
	} {
		checkScanners(t, s)
	}
	// Random strings over the characters that matter to these patterns.
	const alphabet = "aZ09_+.-:/é\n[]x"
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		checkScanners(t, string(b))
	}
}

func FuzzSchemeScanners(f *testing.F) {
	for _, s := range []string{"https://x", "1.2.3.4", "data:", "a+b.c-d://", "HTTP:"} {
		f.Add(s)
	}
	f.Fuzz(checkScanners)
}
