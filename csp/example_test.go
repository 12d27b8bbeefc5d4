package csp_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/csp"
)

func ExampleEvaluate() {
	p := csp.Parse("script-src 'self' 'unsafe-inline' https://www.google.com; object-src 'none'")
	for _, f := range csp.Evaluate(p, csp.EvaluateOptions{}) {
		fmt.Println(f.Severity, f.Type, f.Directive, f.Value)
	}
	// Output:
	// HIGH SCRIPT_UNSAFE_INLINE script-src 'unsafe-inline'
	// MEDIUM_MAYBE SCRIPT_ALLOWLIST_BYPASS script-src 'self'
	// HIGH SCRIPT_ALLOWLIST_BYPASS script-src https://www.google.com
}

func ExampleHash() {
	src, _ := csp.Hash("sha256", "alert('Hello, world.');")
	fmt.Println(src)
	// Output: 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='
}

func ExampleParseReports() {
	r, _ := csp.ParseReports([]byte(`{"csp-report":{"document-uri":"https://example.com/?session=1",
		"effective-directive":"script-src-elem","blocked-uri":"inline","disposition":"enforce"}}`))
	e := r.Events[0]
	fmt.Println(e.Event, e.Level, e.EffectiveDirective, e.BlockedURL, e.DocumentURL)
	// Output: malicious_csp_violation WARN script-src-elem inline https://example.com/
}
