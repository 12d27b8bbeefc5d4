package headers

import (
	"regexp"
	"slices"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// nonceableDirectives are the directives a nonce means something in.
var nonceableDirectives = []string{"script-src", "script-src-elem", "style-src", "style-src-elem"}

// cspNonceDirectives reads the nonce option: true means script-src; a list
// names the directives (camelCase or dashed) that get the nonce.
func cspNonceDirectives(v jsopt.Value) ([]string, error) {
	switch {
	case v.Kind == jsopt.Absent || v.IsFalse():
		return nil, nil
	case v.IsTrue():
		return []string{"script-src"}, nil
	}
	names, ok := v.Strings()
	if !ok {
		return nil, configErrorf("Content-Security-Policy nonce must be true, false or a list of directive names, not %s", v.Stringify())
	}
	var out []string
	for _, n := range names {
		d := dashify(n)
		if !slices.Contains(nonceableDirectives, d) {
			return nil, configErrorf("Content-Security-Policy nonce: %s is not one of script-src, script-src-elem, style-src, style-src-elem", jsopt.Quote(n))
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// trustedTypesPolicyName is the policy-name grammar of the trusted-types
// directive.
var trustedTypesPolicyName = regexp.MustCompile(`^[A-Za-z0-9\-#=_/@.%]+$`)

// applyExtensions adds the sources edgeguard's options ask for.
func applyExtensions(policy *csp.Policy, opts *jsopt.Map) error {
	if v := opts.Get("wasmUnsafeEval"); v.IsTrue() {
		// WebAssembly.compile/instantiate need this in CSP3 browsers;
		// never 'unsafe-eval', which would also allow eval().
		addSource(policy, "script-src", "'wasm-unsafe-eval'", false)
	} else if v.Kind != jsopt.Absent && !v.IsFalse() {
		return configErrorf("Content-Security-Policy wasmUnsafeEval must be true or false, not %s", v.Stringify())
	}
	if err := applyTrustedTypes(policy, opts.Get("trustedTypes")); err != nil {
		return err
	}
	alg := "sha256"
	if v := opts.Get("hashAlgorithm"); v.Kind != jsopt.Absent {
		alg, _ = v.String()
	}
	for _, h := range []struct{ option, directive string }{{"scriptHashes", "script-src"}, {"styleHashes", "style-src"}} {
		v := opts.Get(h.option)
		if v.Kind == jsopt.Absent {
			continue
		}
		contents, ok := v.Strings()
		if !ok {
			return configErrorf("Content-Security-Policy %s must be a list of inline script or style texts", h.option)
		}
		for _, c := range contents {
			src, err := csp.Hash(alg, c)
			if err != nil {
				return configErrorf("Content-Security-Policy hashAlgorithm: %v", err)
			}
			addSource(policy, h.directive, src, false)
		}
	}
	return nil
}

// applyTrustedTypes reads trustedTypes: true adds
// require-trusted-types-for 'script'; an object may also list the allowed
// policy names ("policies", [] meaning 'none') and "allowDuplicates".
func applyTrustedTypes(policy *csp.Policy, v jsopt.Value) error {
	switch {
	case v.Kind == jsopt.Absent || v.IsFalse():
		return nil
	case v.IsTrue():
		addSource(policy, "require-trusted-types-for", "'script'", false)
		return nil
	case v.Kind != jsopt.Object:
		return configErrorf("Content-Security-Policy trustedTypes must be true, false or an object, not %s", v.Stringify())
	}
	m, err := jsopt.ParseMap(v.Raw)
	if err != nil {
		return configErrorf("Content-Security-Policy trustedTypes: %v", err)
	}
	if err := noUnknown("Content-Security-Policy trustedTypes", m, "policies", "allowDuplicates"); err != nil {
		return err
	}
	addSource(policy, "require-trusted-types-for", "'script'", false)
	p := m.Get("policies")
	if p.Kind == jsopt.Absent {
		return nil
	}
	names, ok := p.Strings()
	if !ok {
		return configErrorf("Content-Security-Policy trustedTypes.policies must be a list of policy names")
	}
	if policy.Has("trusted-types") {
		return configErrorf("Content-Security-Policy: set trusted-types either in directives or in trustedTypes.policies, not both")
	}
	values := []string{}
	for _, n := range names {
		if n != "*" && !trustedTypesPolicyName.MatchString(n) {
			return configErrorf("Content-Security-Policy trustedTypes: %s is not a valid policy name (letters, digits and -#=_/@.%%)", jsopt.Quote(n))
		}
		if !slices.Contains(values, n) {
			values = append(values, n)
		}
	}
	allowDuplicates := m.Get("allowDuplicates").Truthy()
	if len(values) == 0 {
		// 'none' must stand alone in the directive.
		if allowDuplicates {
			return configErrorf("Content-Security-Policy trustedTypes: allowDuplicates needs at least one policy name")
		}
		values = append(values, "'none'")
	}
	if allowDuplicates {
		values = append(values, "'allow-duplicates'")
	}
	policy.Set("trusted-types", values)
	return nil
}

// fallbackOf is the directive a browser uses when d is absent, for the
// directives we add sources to.
var fallbackOf = map[string]string{
	"script-src-elem": "script-src", "script-src": "default-src",
	"style-src-elem": "style-src", "style-src": "default-src",
}

// addSource adds src to directive d (first or last). When d is absent it is
// created from the directive the browser would have used instead, so that
// adding a source never widens or silently narrows what was allowed before.
func addSource(policy *csp.Policy, d, src string, first bool) {
	values, present := slices.Clone(policy.Values(d)), policy.Has(d)
	for f := fallbackOf[d]; !present && f != ""; f = fallbackOf[f] {
		if policy.Has(f) {
			values = slices.DeleteFunc(slices.Clone(policy.Values(f)), func(v string) bool { return v == "'none'" })
			break
		}
	}
	if slices.Contains(values, src) {
		if !present {
			policy.Set(d, values)
		}
		return
	}
	if first {
		values = append([]string{src}, values...)
	} else {
		values = append(values, src)
	}
	policy.Set(d, values)
}
