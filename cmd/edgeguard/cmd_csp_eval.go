package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/edgeguard/edgeguard/host"
)

// severityRank orders csp-evaluator's severities, most severe first (its
// numeric values: HIGH 10 … NONE 100).
var severityRank = map[string]int{
	"HIGH": 10, "SYNTAX": 20, "MEDIUM": 30, "HIGH_MAYBE": 40, "STRICT_CSP": 45,
	"MEDIUM_MAYBE": 50, "INFO": 60, "NONE": 100,
}

func init() {
	register("csp-eval", command{
		args:    "[--strict] [--fail-on SEV] < policy",
		summary: "csp-evaluator findings for a policy; exit 1 when one is HIGH (or --fail-on)",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			var o struct {
				Version   string `json:"version,omitempty"`
				Strict    bool   `json:"strict,omitempty"`
				Extra     bool   `json:"extra,omitempty"`
				Wasm      bool   `json:"wasm,omitempty"`
				Reporting bool   `json:"reporting,omitempty"`
			}
			fs.StringVar(&o.Version, "csp-version", "", "the browsers' CSP level: CSP1, CSP2 or CSP3 (default CSP3)")
			fs.BoolVar(&o.Strict, "strict", false, "add csp-evaluator's strict-CSP checks")
			fs.BoolVar(&o.Extra, "extra", false, "add edgeguard's checks (duplicate directives; with --wasm-page, a policy that cannot compile WebAssembly)")
			// --wasm is the engine flag naming the module's file.
			fs.BoolVar(&o.Wasm, "wasm-page", false, "the page loads WebAssembly (with --extra)")
			fs.BoolVar(&o.Reporting, "reporting", false, "add Lighthouse's reporting checks")
			failOn := fs.String("fail-on", "HIGH", "exit 1 when a finding is this severe or more: HIGH, SYNTAX, MEDIUM, HIGH_MAYBE, STRICT_CSP, MEDIUM_MAYBE, INFO, or none")
			asJSON := fs.Bool("json", false, "print the findings as JSON")
			return func() (request, error) {
				threshold, ok := severityRank[strings.ToUpper(*failOn)]
				if strings.EqualFold(*failOn, "none") {
					threshold, ok = 0, true
				}
				if !ok {
					return request{}, usageError(fmt.Sprintf("--fail-on %q is not a severity", *failOn))
				}
				config, _ := json.Marshal(o)
				return request{kind: "csp_evaluator", config: string(config), op: "evaluate", print: func(res host.Result, stdout io.Writer) int {
					return printFindings(res, stdout, threshold, *asJSON)
				}}, nil
			}
		},
	})
}

// finding is one csp-evaluator finding as the evaluate operation writes it.
type finding struct {
	Type        string  `json:"type"`
	Severity    string  `json:"severity"`
	Directive   string  `json:"directive"`
	Value       *string `json:"value"`
	Description string  `json:"description"`
}

// printFindings writes one finding a line ("SEVERITY TYPE directive value:
// description"), or the JSON as it is, and returns exitRefused when any
// finding is at least as severe as threshold (a rank; 0 never fails).
func printFindings(res host.Result, stdout io.Writer, threshold int, asJSON bool) int {
	var findings []finding
	if err := json.Unmarshal(res.Data, &findings); err != nil {
		fmt.Fprintf(stdout, "%s\n", res.Data)
		return exitEngine
	}
	if asJSON {
		fmt.Fprintf(stdout, "%s\n", res.Data)
	}
	code := exitOK
	for _, f := range findings {
		if !asJSON {
			where := f.Directive
			if f.Value != nil {
				where += " " + *f.Value
			}
			fmt.Fprintf(stdout, "%-12s %-34s %s: %s\n", f.Severity, f.Type, where, f.Description)
		}
		if rank, ok := severityRank[f.Severity]; ok && rank <= threshold {
			code = exitRefused
		}
	}
	return code
}
