package csp

import (
	"encoding/json"
	"strings"
	"testing"
)

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
		} else if e, ok := err.(*Error); !ok || e.Code() != CodeBadReport {
			t.Errorf("ParseReports(%.40q) error %v", bad, err)
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
			if e, ok := err.(*Error); !ok || e.Code() != CodeBadReport {
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
