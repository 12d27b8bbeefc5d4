package csp

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseAndString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{" ; ;; ", ""},
		{"default-src 'self'", "default-src 'self'"},
		{"DEFAULT-SRC 'SELF' HTTPS: Example.com/Path", "default-src 'self' https: Example.com/Path"},
		{"script-src a a 'none' 'NONE'; script-src b", "script-src a 'none'"},
		{"upgrade-insecure-requests;\tscript-src\u00a0x", "upgrade-insecure-requests; script-src x"},
		{"img-src 'nonce-AbC'", "img-src 'nonce-AbC'"},
	} {
		p := Parse(tc.in)
		if got := p.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPolicyEditing(t *testing.T) {
	p := Parse("default-src 'self'; script-src a; img-src b")
	p.Delete("script-src")
	p.Set("object-src", []string{"'none'"})
	p.Set("default-src", []string{"'none'"})
	if got := p.String(); got != "default-src 'none'; img-src b; object-src 'none'" {
		t.Fatalf("got %q", got)
	}
	if p.Values("img-src")[0] != "b" || p.Has("script-src") || !p.Has("object-src") {
		t.Fatal("lookups wrong after Delete")
	}
	c := p.Clone()
	c.Values("img-src")[0] = "changed"
	if p.Values("img-src")[0] != "b" {
		t.Fatal("Clone shares value slices")
	}
}

func TestEvaluateOptions(t *testing.T) {
	helmetDefault := Parse("default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests")
	strict := Parse("script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA' 'strict-dynamic' 'wasm-unsafe-eval' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; report-to csp")
	types := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			if f.Type != TypeIgnored {
				out = append(out, f.Severity.String()+":"+f.Type.String())
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		p    *Policy
		opts EvaluateOptions
		want []string
	}{
		// The research note measured these with csp_evaluator 1.1.6
		// (DEFAULT_CHECKS + STRICTCSP_CHECKS, CSP3).
		{"helmet default, strict", helmetDefault, EvaluateOptions{Strict: true}, []string{"INFO:REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS", "MEDIUM_MAYBE:SCRIPT_ALLOWLIST_BYPASS"}},
		{"strict policy, strict", strict, EvaluateOptions{Strict: true}, nil},
		{"helmet default", helmetDefault, EvaluateOptions{}, []string{"MEDIUM_MAYBE:SCRIPT_ALLOWLIST_BYPASS"}},
		{"reporting", helmetDefault, EvaluateOptions{Reporting: true}, []string{"MEDIUM_MAYBE:SCRIPT_ALLOWLIST_BYPASS", "INFO:REPORTING_DESTINATION_MISSING"}},
		{"report-to only", strict, EvaluateOptions{Reporting: true}, []string{"INFO:REPORT_TO_ONLY"}},
		{"wasm missing", helmetDefault, EvaluateOptions{Extra: true, Wasm: true}, []string{"MEDIUM_MAYBE:SCRIPT_ALLOWLIST_BYPASS", "MEDIUM:MISSING_WASM_UNSAFE_EVAL"}},
		{"wasm present", strict, EvaluateOptions{Extra: true, Wasm: true}, nil},
		{"duplicate", Parse("default-src 'none'; default-src *"), EvaluateOptions{Extra: true}, []string{"SYNTAX:DUPLICATE_DIRECTIVE"}},
		{"CSP1 keeps unsafe-inline", Parse("script-src 'unsafe-inline' 'nonce-AAAAAAAAAAAA'; object-src 'none'; base-uri 'none'"), EvaluateOptions{Version: CSP1}, []string{"HIGH:SCRIPT_UNSAFE_INLINE"}},
	} {
		got := types(Evaluate(tc.p, tc.opts))
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseEvaluateOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want EvaluateOptions
		bad  bool
	}{
		{``, EvaluateOptions{}, false},
		{`{}`, EvaluateOptions{}, false},
		{`{"version":"CSP2","strict":true,"reporting":true,"extra":true,"wasm":true}`, EvaluateOptions{CSP2, true, true, true, true}, false},
		{`{"version":"CSP4"}`, EvaluateOptions{}, true},
		{`{"strcit":true}`, EvaluateOptions{}, true},
		{`[]`, EvaluateOptions{}, true},
	} {
		got, err := ParseEvaluateOptions([]byte(tc.in))
		if (err != nil) != tc.bad || (!tc.bad && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("ParseEvaluateOptions(%s) = %+v, %v", tc.in, got, err)
		}
	}
}

// FuzzParse: parsing never panics, and serialization is a fixed point:
// Parse(String) gives the same policy and the same text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"default-src 'self'", "script-src 'nonce-x' 'strict-dynamic' https:; object-src 'none'",
		"a;b;;c d e", "SCRIPT-SRC *.Google.com:*/p?q#f", "report-uri http://[::1]:80/x", "x\u00a0y\u2028z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		p := Parse(s)
		text := p.String()
		again := Parse(text)
		if again.String() != text || !reflect.DeepEqual(again.directives, p.directives) {
			t.Fatalf("unstable: %q → %q → %q", s, text, again.String())
		}
		_ = Evaluate(p, EvaluateOptions{Strict: true, Reporting: true, Extra: true, Wasm: true})
		_ = LighthouseFailures([]*Policy{p, again})
	})
}

// BenchmarkEvaluate parses and evaluates helmet's default policy with the
// strict checks (what the csp_evaluator kind does per call).
func BenchmarkEvaluate(b *testing.B) {
	policy := "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self' https://www.google.com;script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests"
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(Parse(policy), EvaluateOptions{Strict: true})
	}
}
