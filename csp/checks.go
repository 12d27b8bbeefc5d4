package csp

import (
	"regexp"
	"slices"
	"strings"
)

// A check inspects one policy. Each is a port of the csp-evaluator function
// named in its comment, with the same findings in the same order.
type check func(p *Policy) []Finding

// directivesCausingXSS are the directives whose sources can run script.
var directivesCausingXSS = []string{"script-src", "script-src-attr", "script-src-elem", "object-src", "base-uri"}

var scriptDirectives = []string{"script-src", "script-src-attr", "script-src-elem"}

// checkScriptUnsafeInline: checkScriptUnsafeInline.
func checkScriptUnsafeInline(p *Policy) []Finding {
	var out []Finding
	for _, d := range p.effectiveDirectives(scriptDirectives...) {
		vals := p.Values(d)
		if slices.Contains(vals, kwUnsafeInline) {
			out = append(out, Finding{TypeScriptUnsafeInline, SeverityHigh, d, kwUnsafeInline,
				"'unsafe-inline' allows the execution of unsafe in-page scripts and event handlers."})
		}
		if slices.Contains(vals, kwUnsafeHashes) {
			out = append(out, Finding{TypeScriptUnsafeHashes, SeverityMediumMaybe, d, kwUnsafeHashes,
				"'unsafe-hashes', while safer than 'unsafe-inline', allows the execution of unsafe in-page scripts and event handlers as long as their hashes appear in the CSP. Please refactor them to no longer use inline scripts if possible."})
		}
	}
	return out
}

// checkScriptUnsafeEval: checkScriptUnsafeEval.
func checkScriptUnsafeEval(p *Policy) []Finding {
	var out []Finding
	for _, d := range p.effectiveDirectives(scriptDirectives...) {
		if slices.Contains(p.Values(d), kwUnsafeEval) {
			out = append(out, Finding{TypeScriptUnsafeEval, SeverityMediumMaybe, d, kwUnsafeEval,
				"'unsafe-eval' allows the execution of code injected into DOM APIs such as eval()."})
		}
	}
	return out
}

// checkPlainURLSchemes: checkPlainUrlSchemes.
func checkPlainURLSchemes(p *Policy) []Finding {
	var out []Finding
	for _, d := range p.effectiveDirectives(directivesCausingXSS...) {
		for _, v := range p.Values(d) {
			if v == "data:" || v == "http:" || v == "https:" {
				out = append(out, Finding{TypePlainURLSchemes, SeverityHigh, d, v,
					v + " URI in " + d + " allows the execution of unsafe scripts."})
			}
		}
	}
	return out
}

// checkWildcards: checkWildcards.
func checkWildcards(p *Policy) []Finding {
	var out []Finding
	for _, d := range p.effectiveDirectives(directivesCausingXSS...) {
		for _, v := range p.Values(d) {
			if schemeFreeURL(v) == "*" {
				out = append(out, Finding{TypePlainWildcard, SeverityHigh, d, v, d + " should not allow '*' as source"})
			}
		}
	}
	return out
}

// checkMissingObjectSrc: checkMissingObjectSrcDirective.
func checkMissingObjectSrc(p *Policy) []Finding {
	restriction := p.Values("default-src")
	if p.Has("object-src") {
		restriction = p.Values("object-src")
	}
	if len(restriction) >= 1 {
		return nil
	}
	return []Finding{{TypeMissingDirectives, SeverityHigh, "object-src", "",
		"Missing object-src allows the injection of plugins which can execute JavaScript. Can you set it to 'none'?"}}
}

// checkMissingScriptSrc: checkMissingScriptSrcDirective.
func checkMissingScriptSrc(p *Policy) []Finding {
	if p.Has("script-src") || p.Has("default-src") {
		return nil
	}
	return []Finding{{TypeMissingDirectives, SeverityHigh, "script-src", "", "script-src directive is missing."}}
}

// checkMissingBaseURIAcross: checkMultipleMissingBaseUriDirective. base-uri
// is needed once scripts are allowed by nonce (or by hash with
// 'strict-dynamic'), since a <base> tag then redirects relative script URLs;
// one policy of a set providing it is enough.
func checkMissingBaseURIAcross(ps []*Policy) []Finding {
	needs := slices.ContainsFunc(ps, func(p *Policy) bool {
		return p.HasScriptNonces("") || (p.HasScriptHashes("") && p.HasStrictDynamic(""))
	})
	has := slices.ContainsFunc(ps, func(p *Policy) bool { return p.Has("base-uri") })
	if needs && !has {
		return []Finding{{TypeMissingDirectives, SeverityHigh, "base-uri", "",
			"Missing base-uri allows the injection of base tags. They can be used to set the base URL for all relative (script) URLs to an attacker controlled domain. Can you set it to 'none' or 'self'?"}}
	}
	return nil
}

// checkMissingDirectives: checkMissingDirectives.
func checkMissingDirectives(p *Policy) []Finding {
	out := checkMissingObjectSrc(p)
	out = append(out, checkMissingScriptSrc(p)...)
	return append(out, checkMissingBaseURIAcross([]*Policy{p})...)
}

// checkScriptAllowlistBypass: checkScriptAllowlistBypass.
func checkScriptAllowlistBypass(p *Policy) []Finding {
	var out []Finding
	lists := bypass()
	for _, d := range p.effectiveDirectives("script-src", "script-src-elem") {
		vals := p.Values(d)
		if slices.Contains(vals, kwNone) {
			continue
		}
		for _, v := range vals {
			if v == kwSelf {
				out = append(out, Finding{TypeScriptAllowlistBypass, SeverityMediumMaybe, d, v,
					"'self' can be problematic if you host JSONP, AngularJS or user uploaded files."})
				continue
			}
			if strings.HasPrefix(v, "'") || IsURLScheme(v) || !strings.Contains(v, ".") {
				continue
			}
			angular, angularOK := matchBypass(v, lists.angular)
			jsonp, jsonpOK := matchBypass(v, lists.jsonp)
			if _, needsEval := lists.jsonpNeedsEval[jsonp.host]; jsonpOK && needsEval && !slices.Contains(vals, kwUnsafeEval) {
				jsonpOK = false
			}
			if !jsonpOK && !angularOK {
				out = append(out, Finding{TypeScriptAllowlistBypass, SeverityMediumMaybe, d, v,
					"No bypass found; make sure that this URL doesn't serve JSONP replies or Angular libraries."})
				continue
			}
			var domain, what string
			if jsonpOK {
				domain, what = jsonp.host, " JSONP endpoints"
			}
			if angularOK {
				domain = angular.host
				if what != "" {
					what += " and"
				}
				what += " Angular libraries"
			}
			out = append(out, Finding{TypeScriptAllowlistBypass, SeverityHigh, d, v,
				domain + " is known to host" + what + " which allow to bypass this CSP."})
		}
	}
	return out
}

// checkFlashObjectAllowlistBypass: checkFlashObjectAllowlistBypass.
func checkFlashObjectAllowlistBypass(p *Policy) []Finding {
	d := p.EffectiveDirective("object-src")
	if p.Has("plugin-types") && !slices.Contains(p.Values("plugin-types"), "application/x-shockwave-flash") {
		return nil
	}
	var out []Finding
	for _, v := range p.Values(d) {
		if v == kwNone {
			return nil
		}
		if u, ok := matchBypass("//"+schemeFreeURL(v), bypass().flash); ok {
			out = append(out, Finding{TypeObjectAllowlistBypass, SeverityHigh, d, v,
				u.host + " is known to host Flash files which allow to bypass this CSP."})
		} else if d == "object-src" {
			out = append(out, Finding{TypeObjectAllowlistBypass, SeverityMediumMaybe, d, v,
				"Can you restrict object-src to 'none' only?"})
		}
	}
	return out
}

// checkIPSource: checkIpSource.
func checkIPSource(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		for _, v := range dir.Values {
			host := parseSource(v).host
			switch {
			case !looksLikeIP(host):
			case host == "127.0.0.1":
				out = append(out, Finding{TypeIPSource, SeverityInfo, dir.Name, v,
					dir.Name + " directive allows localhost as source. Please make sure to remove this in production environments."})
			default:
				out = append(out, Finding{TypeIPSource, SeverityInfo, dir.Name, v,
					dir.Name + " directive has an IP-Address as source: " + host + " (will be ignored by browsers!). "})
			}
		}
	}
	return out
}

// deprecatedDirectives: checkDeprecatedDirective, in its order.
var deprecatedDirectives = []struct{ name, description string }{
	{"reflected-xss", "reflected-xss is deprecated since CSP2. Please, use the X-XSS-Protection header instead."},
	{"referrer", "referrer is deprecated since CSP2. Please, use the Referrer-Policy header instead."},
	{"disown-opener", "disown-opener is deprecated since CSP3. Please, use the Cross Origin Opener Policy header instead."},
	{"prefetch-src", "prefetch-src is deprecated since CSP3. Be aware that this feature may cease to work at any time."},
}

// checkDeprecatedDirective: checkDeprecatedDirective.
func checkDeprecatedDirective(p *Policy) []Finding {
	var out []Finding
	for _, d := range deprecatedDirectives {
		if p.Has(d.name) {
			out = append(out, Finding{TypeDeprecatedDirective, SeverityInfo, d.name, "", d.description})
		}
	}
	return out
}

// checkNonceLength: checkNonceLength.
func checkNonceLength(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		for _, v := range dir.Values {
			m := noncePattern.FindStringSubmatch(v)
			if m == nil {
				continue
			}
			// JavaScript counts UTF-16 code units.
			if utf16Len(m[1]) < 8 {
				out = append(out, Finding{TypeNonceLength, SeverityMedium, dir.Name, v, "Nonces should be at least 8 characters long."})
			}
			if !IsNonce(v, true) {
				out = append(out, Finding{TypeNonceCharset, SeverityInfo, dir.Name, v, "Nonces should only use the base64 charset."})
			}
		}
	}
	return out
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// checkSrcHTTP: checkSrcHttp.
func checkSrcHTTP(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		desc := "Allow only resources downloaded over HTTPS."
		if dir.Name == "report-uri" {
			desc = "Use HTTPS to send violation reports securely."
		}
		for _, v := range dir.Values {
			if strings.HasPrefix(v, "http://") {
				out = append(out, Finding{TypeSrcHTTP, SeverityMedium, dir.Name, v, desc})
			}
		}
	}
	return out
}

// checkHasConfiguredReporting: checkHasConfiguredReporting (Lighthouse).
func checkHasConfiguredReporting(p *Policy) []Finding {
	if len(p.Values("report-uri")) > 0 {
		return nil
	}
	if len(p.Values("report-to")) > 0 {
		return []Finding{{TypeReportToOnly, SeverityInfo, "report-to", "",
			"This CSP policy only provides a reporting destination via the 'report-to' directive. This directive is only supported in Chromium-based browsers so it is recommended to also use a 'report-uri' directive."}}
	}
	return []Finding{{TypeReportingDestinationMissing, SeverityInfo, "report-uri", "",
		"This CSP policy does not configure a reporting destination. This makes it difficult to maintain the CSP policy over time and monitor for any breakages."}}
}

// checkUnknownDirective: checkUnknownDirective.
func checkUnknownDirective(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		switch {
		case IsDirective(dir.Name):
		case strings.HasSuffix(dir.Name, ":"):
			out = append(out, Finding{TypeUnknownDirective, SeveritySyntax, dir.Name, "", "CSP directives don't end with a colon."})
		default:
			out = append(out, Finding{TypeUnknownDirective, SeveritySyntax, dir.Name, "", `Directive "` + dir.Name + `" is not a known CSP directive.`})
		}
	}
	return out
}

// checkMissingSemicolon: checkMissingSemicolon.
func checkMissingSemicolon(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		for _, v := range dir.Values {
			if IsDirective(v) {
				out = append(out, Finding{TypeMissingSemicolon, SeveritySyntax, dir.Name, v,
					`Did you forget the semicolon? "` + v + `" seems to be a directive, not a value.`})
			}
		}
	}
	return out
}

var unquotedHashPrefix = regexp.MustCompile(`^(sha256|sha384|sha512)-`)

// checkInvalidKeyword: checkInvalidKeyword.
func checkInvalidKeyword(p *Policy) []Finding {
	var out []Finding
	for _, dir := range p.directives {
		for _, v := range dir.Values {
			if IsKeyword("'"+v+"'") || strings.HasPrefix(v, "nonce-") || unquotedHashPrefix.MatchString(v) {
				out = append(out, Finding{TypeInvalidKeyword, SeveritySyntax, dir.Name, v,
					`Did you forget to surround "` + v + `" with single-ticks?`})
				continue
			}
			if !strings.HasPrefix(v, "'") {
				continue
			}
			switch dir.Name {
			case "require-trusted-types-for":
				if v == ttSinkScript {
					continue
				}
			case "trusted-types":
				if v == "'allow-duplicates'" || v == kwNone {
					continue
				}
			default:
				if IsKeyword(v) || IsHash(v, true) || IsNonce(v, true) {
					continue
				}
			}
			out = append(out, Finding{TypeInvalidKeyword, SeveritySyntax, dir.Name, v, v + " seems to be an invalid CSP keyword."})
		}
	}
	return out
}

// checkStrictDynamic: checkStrictDynamic.
func checkStrictDynamic(p *Policy) []Finding {
	d := p.EffectiveDirective("script-src")
	vals := p.Values(d)
	hostOrScheme := slices.ContainsFunc(vals, func(v string) bool { return !strings.HasPrefix(v, "'") })
	if hostOrScheme && !slices.Contains(vals, kwStrictDynamic) {
		return []Finding{{TypeStrictDynamic, SeverityStrictCSP, d, "",
			"Host allowlists can frequently be bypassed. Consider using 'strict-dynamic' in combination with CSP nonces or hashes."}}
	}
	return nil
}

// checkStrictDynamicNotStandalone: checkStrictDynamicNotStandalone.
func checkStrictDynamicNotStandalone(p *Policy) []Finding {
	d := p.EffectiveDirective("script-src")
	if slices.Contains(p.Values(d), kwStrictDynamic) && !p.HasScriptNonces("") && !p.HasScriptHashes("") {
		return []Finding{{TypeStrictDynamicNotStandalone, SeverityInfo, d, "", "'strict-dynamic' without a CSP nonce/hash will block all scripts."}}
	}
	return nil
}

// checkUnsafeInlineFallback: checkUnsafeInlineFallback.
func checkUnsafeInlineFallback(p *Policy) []Finding {
	if !p.HasScriptNonces("") && !p.HasScriptHashes("") {
		return nil
	}
	d := p.EffectiveDirective("script-src")
	if !slices.Contains(p.Values(d), kwUnsafeInline) {
		return []Finding{{TypeUnsafeInlineFallback, SeverityStrictCSP, d, "",
			"Consider adding 'unsafe-inline' (ignored by browsers supporting nonces/hashes) to be backward compatible with older browsers."}}
	}
	return nil
}

// checkAllowlistFallback: checkAllowlistFallback.
func checkAllowlistFallback(p *Policy) []Finding {
	d := p.EffectiveDirective("script-src")
	vals := p.Values(d)
	if !slices.Contains(vals, kwStrictDynamic) {
		return nil
	}
	if !slices.ContainsFunc(vals, func(v string) bool {
		return v == "http:" || v == "https:" || v == "*" || strings.Contains(v, ".")
	}) {
		return []Finding{{TypeAllowlistFallback, SeverityStrictCSP, d, "",
			"Consider adding https: and http: url schemes (ignored by browsers supporting 'strict-dynamic') to be backward compatible with older browsers."}}
	}
	return nil
}

// checkRequiresTrustedTypesForScripts: checkRequiresTrustedTypesForScripts.
func checkRequiresTrustedTypesForScripts(p *Policy) []Finding {
	if !slices.Contains(p.effectiveValues("require-trusted-types-for"), ttSinkScript) {
		return []Finding{{TypeRequireTrustedTypesForScripts, SeverityInfo, "require-trusted-types-for", "",
			`Consider requiring Trusted Types for scripts to lock down DOM XSS injection sinks. You can do this by adding "require-trusted-types-for 'script'" to your policy.`}}
	}
	return nil
}

// defaultChecks is csp-evaluator's DEFAULT_CHECKS, in order.
var defaultChecks = []check{
	checkScriptUnsafeInline, checkScriptUnsafeEval, checkPlainURLSchemes, checkWildcards,
	checkMissingDirectives, checkScriptAllowlistBypass, checkFlashObjectAllowlistBypass,
	checkIPSource, checkNonceLength, checkSrcHTTP, checkDeprecatedDirective,
	checkUnknownDirective, checkMissingSemicolon, checkInvalidKeyword,
}

// strictChecks is csp-evaluator's STRICTCSP_CHECKS, in order.
var strictChecks = []check{
	checkStrictDynamic, checkStrictDynamicNotStandalone, checkUnsafeInlineFallback,
	checkAllowlistFallback, checkRequiresTrustedTypesForScripts,
}
