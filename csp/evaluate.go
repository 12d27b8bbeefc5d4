package csp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// EvaluateOptions selects what Evaluate checks. The zero value is
// csp-evaluator's default run (CSP3, DEFAULT_CHECKS, ignored values listed).
type EvaluateOptions struct {
	// Version is the CSP level whose browsers are modelled; 0 means CSP3.
	Version Version
	// Strict adds csp-evaluator's STRICTCSP_CHECKS (what its web UI shows):
	// 'strict-dynamic' use and fallbacks, Trusted Types.
	Strict bool
	// Reporting adds the Lighthouse check for a reporting destination
	// (report-uri vs report-to).
	Reporting bool
	// Extra adds edgeguard's own checks, which csp-evaluator lacks:
	// DUPLICATE_DIRECTIVE for a directive repeated in one header (browsers
	// ignore the repeat, so the author's intent is lost) and, when Wasm is
	// set, MISSING_WASM_UNSAFE_EVAL.
	Extra bool
	// Wasm says the page compiles WebAssembly (edgeguard's module): with
	// Extra, a script policy that cannot compile it is reported.
	Wasm bool
}

// Evaluate runs the checks selected by opts on p and returns the findings
// in csp-evaluator's order: first IGNORED notes from the effective policy,
// then the strict checks on the policy as written, then the default checks
// on the effective policy, then edgeguard's additions.
func Evaluate(p *Policy, opts EvaluateOptions) []Finding {
	version := opts.Version
	if version == 0 {
		version = CSP3
	}
	effective, out := p.EffectiveFor(version)
	if opts.Strict {
		out = append(out, runChecks(p, strictChecks...)...)
	}
	out = append(out, runChecks(effective, defaultChecks...)...)
	if opts.Reporting {
		out = append(out, checkHasConfiguredReporting(p)...)
	}
	if opts.Extra {
		out = append(out, checkDuplicateDirectives(p)...)
		if opts.Wasm {
			out = append(out, checkWasm(p)...)
		}
	}
	return orEmpty(out)
}

// checkDuplicateDirectives reports directives a header repeats.
func checkDuplicateDirectives(p *Policy) []Finding {
	var out []Finding
	for _, name := range p.dropped {
		out = append(out, Finding{TypeDuplicateDirective, SeveritySyntax, name, "",
			`Directive "` + name + `" appears more than once; browsers ignore every occurrence after the first.`})
	}
	return out
}

// checkWasm reports a script policy under which WebAssembly.instantiate
// fails: CSP3 browsers need 'wasm-unsafe-eval' (or 'unsafe-eval') in the
// directive governing scripts once one is set.
func checkWasm(p *Policy) []Finding {
	d := p.EffectiveDirective("script-src")
	vals := p.Values(d)
	if !p.Has(d) || slices.Contains(vals, kwWasmUnsafeEval) || slices.Contains(vals, kwUnsafeEval) {
		return nil
	}
	return []Finding{{TypeMissingWasmUnsafeEval, SeverityMedium, d, "",
		"WebAssembly compilation is blocked: add 'wasm-unsafe-eval' (not 'unsafe-eval') to " + d + "."}}
}

// ParseEvaluateOptions reads {"version":"CSP3","strict":true,"reporting":false,
// "extra":false,"wasm":false}; absent keys keep the zero value, unknown keys
// are rejected.
func ParseEvaluateOptions(config []byte) (EvaluateOptions, error) {
	var opts EvaluateOptions
	trimmed := strings.TrimSpace(string(config))
	if trimmed == "" || trimmed == "null" {
		return opts, nil
	}
	var raw struct {
		Version   *string `json:"version"`
		Strict    bool    `json:"strict"`
		Reporting bool    `json:"reporting"`
		Extra     bool    `json:"extra"`
		Wasm      bool    `json:"wasm"`
	}
	dec := json.NewDecoder(strings.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return opts, &Error{CodeBadConfig, "csp evaluator options: " + err.Error()}
	}
	opts.Strict, opts.Reporting, opts.Extra, opts.Wasm = raw.Strict, raw.Reporting, raw.Extra, raw.Wasm
	if raw.Version != nil {
		switch *raw.Version {
		case "CSP1":
			opts.Version = CSP1
		case "CSP2":
			opts.Version = CSP2
		case "CSP3":
			opts.Version = CSP3
		default:
			return opts, &Error{CodeBadConfig, fmt.Sprintf("csp evaluator options: version %q is not CSP1, CSP2 or CSP3", *raw.Version)}
		}
	}
	return opts, nil
}
