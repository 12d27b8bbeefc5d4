package csp

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestNewNonce(t *testing.T) {
	a, b := NewNonce(), NewNonce()
	if a == b {
		t.Fatal("two nonces are equal")
	}
	raw, err := base64.StdEncoding.DecodeString(a)
	if err != nil || len(raw) != NonceBytes {
		t.Fatalf("nonce %q: %d bytes, %v", a, len(raw), err)
	}
	if _, err := NonceSource(a); err != nil {
		t.Fatalf("NonceSource refuses NewNonce output: %v", err)
	}
}

func TestNonceSource(t *testing.T) {
	for _, tc := range []struct {
		in, want, code string
	}{
		{"rAnd0mNonceValue123456", "'nonce-rAnd0mNonceValue123456'", ""},
		{"abc-_defghijklmnopqrstu==", "'nonce-abc-_defghijklmnopqrstu=='", ""},
		{"short", "", ErrBadNonce},
		{"", "", ErrBadNonce},
		{"has space in it 1234567890", "", ErrBadNonce},
		{"quote'injection1234567890", "", ErrBadNonce},
		{"semi;colon12345678901234", "", ErrBadNonce},
	} {
		got, err := NonceSource(tc.in)
		if tc.code != "" {
			if e, ok := err.(*Error); !ok || e.Code() != tc.code {
				t.Errorf("NonceSource(%q) error %v, want code %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NonceSource(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestHash(t *testing.T) {
	// Values from MDN's CSP hash example and `printf %s "..." | openssl dgst -sha256 -binary | base64`.
	for _, tc := range []struct{ alg, content, want string }{
		{"sha256", "", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"},
		{"sha256", "alert('Hello, world.');", "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"},
		{"sha384", "", "'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb'"},
		{"sha512", "", "'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='"},
	} {
		got, err := Hash(tc.alg, tc.content)
		if err != nil || got != tc.want {
			t.Errorf("Hash(%s, %q) = %q, %v; want %q", tc.alg, tc.content, got, err, tc.want)
		}
		if !IsHash(got, true) {
			t.Errorf("%q is not a strict hash source", got)
		}
	}
	if _, err := Hash("md5", "x"); err == nil {
		t.Error("md5 accepted")
	}
}

func TestParseReports(t *testing.T) {
	legacy := `{"csp-report":{"document-uri":"https://example.com/page?token=secret#frag","referrer":"",
	"violated-directive":"script-src-elem","effective-directive":"script-src-elem",
	"original-policy":"script-src 'self'; report-uri /csp","disposition":"enforce",
	"blocked-uri":"https://evil.example/x.js?q=1","line-number":12,"column-number":"7","status-code":200,
	"script-sample":"alert(1)\r\nFAKE LOG LINE"}}`
	got, err := ParseReports([]byte(legacy))
	if err != nil {
		t.Fatal(err)
	}
	ev := got.Events[0]
	want := ViolationEvent{Event: "malicious_csp_violation", Level: "WARN", Format: "report-uri",
		DocumentURL: "https://example.com/page", BlockedURL: "https://evil.example/x.js",
		EffectiveDirective: "script-src-elem", ViolatedDirective: "script-src-elem", Disposition: "enforce",
		Line: 12, Column: 7, StatusCode: 200, Sample: "alert(1)FAKE LOG LINE",
		OriginalPolicy: "script-src 'self'; report-uri /csp"}
	if ev != want {
		t.Errorf("legacy report\n got %+v\nwant %+v", ev, want)
	}

	batch := `[{"type":"csp-violation","age":10,"url":"https://example.com/","user_agent":"UA",
	"body":{"documentURL":"https://example.com/","blockedURL":"inline","effectiveDirective":"script-src-elem",
	"disposition":"report","sample":"` + strings.Repeat("x", 100) + `","lineNumber":3}},
	{"type":"deprecation","body":{}}]`
	got, err = ParseReports([]byte(batch))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Events) != 1 || got.Ignored != 1 {
		t.Fatalf("got %d events, %d ignored", len(got.Events), got.Ignored)
	}
	ev = got.Events[0]
	if ev.Format != "reporting-api" || ev.BlockedURL != "inline" || ev.Disposition != "report" ||
		ev.UserAgent != "UA" || len(ev.Sample) != maxSampleLength || ev.Line != 3 {
		t.Errorf("reporting API event %+v", ev)
	}
	out, _ := json.Marshal(got)
	if !strings.Contains(string(out), `"event":"malicious_csp_violation"`) {
		t.Errorf("JSON %s", out)
	}

	for _, bad := range []string{``, `"x"`, `{}`, `{"csp-report":1}`, `[1]`, `[` + strings.Repeat(`{},`, 100) + `{}]`} {
		if _, err := ParseReports([]byte(bad)); err == nil {
			t.Errorf("ParseReports(%.40q) accepted", bad)
		} else if e, ok := err.(*Error); !ok || e.Code() != ErrBadReport {
			t.Errorf("ParseReports(%.40q) error %v", bad, err)
		}
	}
}

func TestIsNonceValueMatchesPattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-zA-Z0-9+/_-]+={0,2}$`)
	for _, s := range []string{"", "=", "==", "a", "a=", "a==", "a===", "=a", "a=b", "A-_+/9", "a b", "é", "a\n", "aa==\n"} {
		if got, want := isNonceValue(s), pattern.MatchString(s); got != want {
			t.Errorf("isNonceValue(%q) = %v, pattern says %v", s, got, want)
		}
	}
}

// FuzzParseReports: any body gives events or a bad_report error, never a
// panic, and events never carry control characters or a query string.
func FuzzParseReports(f *testing.F) {
	f.Add(`{"csp-report":{"document-uri":"https://a/?q","blocked-uri":"inline","line-number":1}}`)
	f.Add(`[{"type":"csp-violation","body":{"documentURL":"x","lineNumber":"2","sample":"\n"}}]`)
	f.Fuzz(func(t *testing.T, body string) {
		r, err := ParseReports([]byte(body))
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Code() != ErrBadReport {
				t.Fatalf("error %v", err)
			}
			return
		}
		for _, ev := range r.Events {
			for _, s := range []string{ev.DocumentURL, ev.BlockedURL, ev.Referrer, ev.SourceFile, ev.Sample, ev.UserAgent, ev.OriginalPolicy, ev.EffectiveDirective} {
				if strings.ContainsAny(s, "\r\n\x00") {
					t.Fatalf("control character in %q", s)
				}
			}
			if strings.ContainsAny(ev.DocumentURL+ev.BlockedURL+ev.Referrer+ev.SourceFile, "?#") {
				t.Fatalf("query or fragment kept: %+v", ev)
			}
		}
	})
}
