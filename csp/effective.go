package csp

import (
	"slices"
	"strings"
)

// Version is a CSP level; browsers implementing an older level ignore parts
// of a policy, which is what EffectiveFor models.
type Version int

// CSP levels.
const (
	CSP1 Version = 1
	CSP2 Version = 2
	CSP3 Version = 3
)

// csp3OnlyDirectives are dropped from the policy a pre-CSP3 browser sees.
var csp3OnlyDirectives = []string{
	"report-to", "worker-src", "manifest-src", "trusted-types", "require-trusted-types-for",
	"script-src-attr", "script-src-elem", "style-src-attr", "style-src-elem",
}

const (
	descIgnoredUnsafeInline  = "unsafe-inline is ignored if a nonce or a hash is present. (CSP2 and above)"
	descIgnoredStrictDynamic = "Because of strict-dynamic this entry is ignored in CSP3 and above"
)

// EffectiveFor returns the policy as a browser implementing version enforces
// it, and IGNORED findings (severity NONE) for the values it neutralises:
// 'unsafe-inline' next to a nonce or hash (CSP2+), and host/scheme sources,
// 'self' and 'unsafe-inline' next to 'strict-dynamic' (CSP3). It mirrors
// csp-evaluator's Csp.getEffectiveCsp step by step, including its repeated
// findings when several script directives fall back to the same one.
func (p *Policy) EffectiveFor(version Version) (*Policy, []Finding) {
	var findings []Finding
	eff := p.Clone()
	for _, name := range []string{"script-src", "script-src-attr", "script-src-elem"} {
		directive := eff.EffectiveDirective(name)
		original := p.Values(directive)
		if eff.Has(directive) && (eff.HasScriptNonces(directive) || eff.HasScriptHashes(directive)) {
			if version >= CSP2 {
				if slices.Contains(original, kwUnsafeInline) {
					eff.removeValue(directive, kwUnsafeInline)
					findings = append(findings, Finding{TypeIgnored, SeverityNone, directive, kwUnsafeInline, descIgnoredUnsafeInline})
				}
			} else {
				for _, v := range original {
					if strings.HasPrefix(v, "'nonce-") || strings.HasPrefix(v, "'sha") {
						eff.removeValue(directive, v)
					}
				}
			}
		}
		if eff.Has(directive) && p.HasStrictDynamic(directive) {
			if version >= CSP3 {
				for _, v := range original {
					if !strings.HasPrefix(v, "'") || v == kwSelf || v == kwUnsafeInline {
						eff.removeValue(directive, v)
						findings = append(findings, Finding{TypeIgnored, SeverityNone, directive, v, descIgnoredStrictDynamic})
					}
				}
			} else {
				eff.removeValue(directive, kwStrictDynamic)
			}
		}
	}
	if version < CSP3 {
		for _, d := range csp3OnlyDirectives {
			eff.Delete(d)
		}
	}
	return eff, findings
}

func (p *Policy) removeValue(directive, value string) {
	i, ok := p.index[directive]
	if !ok {
		return
	}
	vals := p.directives[i].Values
	if j := slices.Index(vals, value); j >= 0 {
		p.directives[i].Values = slices.Delete(slices.Clone(vals), j, j+1)
	}
}
