package demo

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/headers"
)

func TestCSPAPI(t *testing.T) {
	post := practiceServer(t)
	const nonce = "tILAcRgL2MTQIbjmGkhIVA=="
	const checks = "strict=1&extra=1&wasm=1"
	cases := []struct {
		name, options, query string
		code                 string   // error code, or "" for a policy
		contains             []string // in the policy's value
		severities           []string // of the findings, in order
	}{
		{"strict + wasm + Trusted Types", `{"preset":"strict","wasmUnsafeEval":true,"trustedTypes":true}`, checks + "&nonce=" + nonce, "",
			[]string{"script-src 'nonce-" + nonce + "' 'strict-dynamic'", "'wasm-unsafe-eval'", "require-trusted-types-for 'script'"},
			// Only csp-evaluator's notes on the CSP1/2 fallbacks that CSP3 ignores.
			[]string{"NONE", "NONE", "NONE", "NONE", "NONE", "NONE"}},
		// helmet's defaults: script-src 'self' is an allowlist (csp-evaluator:
		// "'self' can be problematic if you host JSONP…", MEDIUM_MAYBE).
		{"helmet defaults", `{"wasmUnsafeEval":true,"directives":{"reportUri":"/csp-report"}}`, checks, "",
			[]string{"script-src 'self' 'wasm-unsafe-eval'", "report-uri /csp-report"}, []string{"INFO", "MEDIUM_MAYBE"}},
		// Without 'wasm-unsafe-eval' edgeguard's own check says the module cannot compile.
		{"no wasm", `{"preset":"strict"}`, checks + "&nonce=" + nonce, "", []string{"'nonce-" + nonce + "'"}, nil},
		{"unknown option", `{"preset":"strict","bogus":1}`, checks, "bad_config", nil, nil},
		{"short nonce", `{"preset":"strict"}`, "nonce=abc", "bad_nonce", nil, nil},
	}
	for _, c := range cases {
		reply, status := post("/api/csp?"+c.query, c.options)
		if status != 200 {
			t.Fatalf("%s: HTTP %d", c.name, status)
		}
		if c.code != "" {
			if reply.Error == nil || reply.Error.Code != c.code || reply.Output != nil {
				t.Errorf("%s: got %s %+v, want error %s", c.name, reply.Output, reply.Error, c.code)
			}
			continue
		}
		if reply.Error != nil {
			t.Fatalf("%s: %+v", c.name, reply.Error)
		}
		var got struct {
			Policy   headers.CSPResult `json:"policy"`
			Findings []map[string]any  `json:"findings"`
		}
		if err := json.Unmarshal(reply.Output, &got); err != nil {
			t.Fatalf("%s: %v: %s", c.name, err, reply.Output)
		}
		for _, s := range c.contains {
			if !strings.Contains(got.Policy.Value, s) {
				t.Errorf("%s: policy %q lacks %q", c.name, got.Policy.Value, s)
			}
		}
		var severities []string
		for _, f := range got.Findings {
			severities = append(severities, f["severity"].(string))
		}
		if c.severities != nil && !reflect.DeepEqual(severities, c.severities) {
			t.Errorf("%s: severities %v, want %v\n%s", c.name, severities, c.severities, reply.Output)
		}
		if c.name == "no wasm" && !strings.Contains(string(reply.Output), "wasm-unsafe-eval") {
			t.Errorf("no wasm: no finding about 'wasm-unsafe-eval': %s", reply.Output)
		}

		// Through the module, the same policy and findings as the headers
		// and csp packages give natively.
		p, err := headers.CompileCSP([]byte(c.options))
		if err != nil {
			t.Fatal(err)
		}
		want, err := p.Build(got.Policy.Nonce)
		if err != nil {
			t.Fatal(err)
		}
		if got.Policy != *want {
			t.Errorf("%s: policy %+v, natively %+v", c.name, got.Policy, *want)
		}
		native, _ := json.Marshal(csp.Evaluate(csp.Parse(want.Value), csp.EvaluateOptions{Strict: true, Extra: true, Wasm: true}))
		var nativeFindings []map[string]any
		json.Unmarshal(native, &nativeFindings)
		if !reflect.DeepEqual(got.Findings, nativeFindings) {
			t.Errorf("%s: findings %s, natively %s", c.name, reply.Output, native)
		}
	}
}
