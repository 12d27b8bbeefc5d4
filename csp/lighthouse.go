package csp

import "slices"

// Lighthouse's CSP audit judges the set of policies a page sends (one per
// Content-Security-Policy header). A protection counts when any one policy
// provides it, so a failure is reported only when every policy has it; a
// missing fallback is reported when any policy lacks it.

// inEvery returns the findings of check on the first policy that every
// other policy also produced (csp-evaluator's atLeastOnePasses).
func inEvery(ps []*Policy, c check) []Finding {
	if len(ps) == 0 {
		return nil
	}
	all := make([][]Finding, len(ps))
	for i, p := range ps {
		all[i] = c(p)
	}
	var out []Finding
	for _, f := range all[0] {
		if !slices.ContainsFunc(all, func(fs []Finding) bool { return !slices.Contains(fs, f) }) {
			out = append(out, f)
		}
	}
	return out
}

// inAny returns the union of check's findings over ps, without repeats
// (csp-evaluator's atLeastOneFails).
func inAny(ps []*Policy, c check) []Finding {
	var out []Finding
	for _, p := range ps {
		for _, f := range c(p) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// LighthouseFailures returns the findings that make Lighthouse's
// "CSP is effective against XSS" audit fail for a page sending policies ps
// (csp-evaluator's evaluateForFailure).
func LighthouseFailures(ps []*Policy) []Finding {
	out := inEvery(ps, checkMissingScriptSrc)
	out = append(out, inEvery(ps, checkMissingObjectSrc)...)
	out = append(out, checkMissingBaseURIAcross(ps)...)
	effective := make([]*Policy, len(ps))
	var withScript []*Policy
	for i, p := range ps {
		effective[i], _ = p.EffectiveFor(CSP3)
		if effective[i].Has(effective[i].EffectiveDirective("script-src")) {
			withScript = append(withScript, effective[i])
		}
	}
	out = append(out, inEvery(withScript, checkStrictDynamic)...)
	out = append(out, inEvery(withScript, checkScriptUnsafeInline)...)
	out = append(out, inEvery(effective, checkWildcards)...)
	return append(out, inEvery(effective, checkPlainURLSchemes)...)
}

// LighthouseWarnings returns Lighthouse's backward-compatibility warnings
// (csp-evaluator's evaluateForWarnings).
func LighthouseWarnings(ps []*Policy) []Finding {
	return append(inAny(ps, checkUnsafeInlineFallback), inAny(ps, checkAllowlistFallback)...)
}

// LighthouseSyntaxErrors returns, per policy, Lighthouse's syntax findings
// (csp-evaluator's evaluateForSyntaxErrors).
func LighthouseSyntaxErrors(ps []*Policy) [][]Finding {
	out := make([][]Finding, len(ps))
	for i, p := range ps {
		out[i] = runChecks(p, checkNonceLength, checkUnknownDirective, checkDeprecatedDirective,
			checkMissingSemicolon, checkInvalidKeyword)
	}
	return out
}

func runChecks(p *Policy, checks ...check) []Finding {
	var out []Finding
	for _, c := range checks {
		out = append(out, c(p)...)
	}
	return out
}

// LighthouseReport is the result of Lighthouse's three CSP evaluations on
// the set of policies a page sends.
type LighthouseReport struct {
	Failures     []Finding   `json:"failures"`
	Warnings     []Finding   `json:"warnings"`
	SyntaxErrors [][]Finding `json:"syntax_errors"`
}

// Lighthouse runs LighthouseFailures, LighthouseWarnings and
// LighthouseSyntaxErrors on the policies (one string per header).
func Lighthouse(policies []string) LighthouseReport {
	ps := make([]*Policy, len(policies))
	for i, s := range policies {
		ps[i] = Parse(s)
	}
	r := LighthouseReport{Failures: orEmpty(LighthouseFailures(ps)), Warnings: orEmpty(LighthouseWarnings(ps)), SyntaxErrors: [][]Finding{}}
	for _, fs := range LighthouseSyntaxErrors(ps) {
		r.SyntaxErrors = append(r.SyntaxErrors, orEmpty(fs))
	}
	return r
}

func orEmpty(fs []Finding) []Finding {
	if fs == nil {
		return []Finding{}
	}
	return fs
}
