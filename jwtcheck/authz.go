package jwtcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// Policy is a compiled authorization rule over verified claims: scopes,
// roles, permissions and claim values, combined with all / any / not. It is
// immutable and safe for concurrent use. Evaluation is deny-by-default: a
// claim that is absent or has the wrong type never satisfies a condition.
type Policy struct {
	rule        *rule
	roles       claimPath
	permissions claimPath
	scopes      []claimPath
}

// Decision is the outcome of a Policy.
type Decision struct {
	OK bool `json:"ok"`
	// Code is "insufficient_scope" when OK is false.
	Code Code `json:"code,omitempty"`
	// Missing lists what the claims lacked, in rule order: "scope:read:x",
	// "scope_any:a b", "role:admin", "role_any:a b", "permission:p",
	// "permission_any:a b", "claim_equals:<path>", "claim_includes:<path>",
	// "claim_in:<path>", "not". Claim values are never included.
	Missing []string `json:"missing,omitempty"`
}

// JSON returns the decision as deterministic JSON.
func (d Decision) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(d) // a Decision always encodes
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Scopes returns the scopes named in Missing (for the RFC 6750 scope
// attribute), without duplicates, in order.
func (d Decision) Scopes() []string {
	var out []string
	for _, m := range d.Missing {
		var list string
		if s, ok := strings.CutPrefix(m, "scope:"); ok {
			list = s
		} else if s, ok := strings.CutPrefix(m, "scope_any:"); ok {
			list = s
		}
		for _, s := range strings.Fields(list) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Err returns nil for an allowing decision and a *DeniedError otherwise.
func (d Decision) Err() error {
	if d.OK {
		return nil
	}
	return &DeniedError{Decision: d}
}

// DeniedError is a denying Decision as an error (code insufficient_scope);
// ChallengeFor turns it into a 403 with the missing scopes.
type DeniedError struct{ Decision Decision }

func (e *DeniedError) Error() string {
	return "access denied: missing " + strings.Join(e.Decision.Missing, ", ")
}

// Code returns "insufficient_scope".
func (e *DeniedError) Code() string { return string(CodeInsufficientScope) }

// Detail returns the missing requirements.
func (e *DeniedError) Detail() any { return map[string][]string{"missing": e.Decision.Missing} }

// claimPath locates a claim: a top-level member name, or, when it starts
// with '/', a JSON Pointer (RFC 6901) through nested objects, so that both
// namespaced names ("https://example.com/roles", which contain dots) and
// nested ones ("/realm_access/roles") are unambiguous.
type claimPath struct {
	text  string
	steps []string
}

func parsePath(s string) (claimPath, error) {
	if s == "" {
		return claimPath{}, fmt.Errorf("empty claim path")
	}
	if s[0] != '/' {
		return claimPath{text: s, steps: []string{s}}, nil
	}
	parts := strings.Split(s[1:], "/")
	for i, p := range parts {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(p, "~0", ""), "~1", ""), "~") {
			return claimPath{}, fmt.Errorf("claim path %q: '~' must be escaped as ~0", s)
		}
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return claimPath{text: s, steps: parts}, nil
}

func (p claimPath) lookup(claims map[string]any) (any, bool) {
	var cur any = claims
	for _, step := range p.steps {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[step]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// strings returns the claim as a list of strings: an array of strings, or,
// if spaceList, also a space-delimited string (OAuth "scope", RFC 6749 §3.3).
// Any other shape is no list at all.
func (p claimPath) strings(claims map[string]any, spaceList bool) []string {
	v, _ := p.lookup(claims)
	switch x := v.(type) {
	case string:
		if spaceList {
			return strings.Fields(x)
		}
	case []any:
		out := make([]string, 0, len(x))
		for _, item := range x {
			s, ok := item.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

type pathValues struct {
	path   claimPath
	values []any // strings, json.Number or bool
}

type rule struct {
	scopeAll, scopeAny []string
	rolesAll, rolesAny []string
	permsAll, permsAny []string
	equals             []pathValues // one value each
	includes           []pathValues
	in                 []pathValues
	all, any           []*rule
	not                *rule
}

var (
	policyMembers = []string{"rule", "roles_claim", "permissions_claim", "scope_claims"}
	ruleMembers   = []string{"scope", "scope_any", "roles", "roles_any", "permissions", "permissions_any",
		"claim_equals", "claim_includes", "claim_in", "all", "any", "not"}
)

// CompilePolicy builds a Policy from JSON (docs/jwt.md):
//
//	{"rule": {"scope": ["read:orders"], "any": [{"roles_any": ["admin"]}, {"claim_equals": {"tenant": "acme"}}]},
//	 "roles_claim": "/realm_access/roles"}
//
// Defaults: roles_claim "roles", permissions_claim "permissions",
// scope_claims ["scope", "scp"] (their scopes are united).
func CompilePolicy(config []byte) (*Policy, error) {
	top, err := strictjson.ParseObject(config)
	if err != nil {
		return nil, errorf(CodeBadConfig, "policy: %v", err)
	}
	if err := onlyMembers(top, policyMembers, "policy"); err != nil {
		return nil, err
	}
	p := &Policy{}
	pathOf := func(name, def string) (claimPath, error) {
		v, present := top[name]
		if !present {
			return parsePath(def)
		}
		s, ok := v.(string)
		if !ok {
			return claimPath{}, errorf(CodeBadConfig, "policy: %q must be a string", name)
		}
		cp, err := parsePath(s)
		if err != nil {
			return claimPath{}, errorf(CodeBadConfig, "policy: %s: %v", name, err)
		}
		return cp, nil
	}
	if p.roles, err = pathOf("roles_claim", "roles"); err != nil {
		return nil, err
	}
	if p.permissions, err = pathOf("permissions_claim", "permissions"); err != nil {
		return nil, err
	}
	scopeNames := []string{"scope", "scp"}
	if v, present := top["scope_claims"]; present {
		if scopeNames, err = stringList(v, "policy: scope_claims"); err != nil {
			return nil, err
		}
	}
	for _, s := range scopeNames {
		cp, err := parsePath(s)
		if err != nil {
			return nil, errorf(CodeBadConfig, "policy: scope_claims: %v", err)
		}
		p.scopes = append(p.scopes, cp)
	}
	r, present := top["rule"]
	if !present {
		return nil, errorf(CodeBadConfig, `policy: "rule" is required`)
	}
	if p.rule, err = compileRule(r, "rule"); err != nil {
		return nil, err
	}
	return p, nil
}

func stringList(v any, where string) ([]string, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, errorf(CodeBadConfig, "%s must be a non-empty array of strings", where)
	}
	out := make([]string, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok || s == "" {
			return nil, errorf(CodeBadConfig, "%s must be a non-empty array of non-empty strings", where)
		}
		out[i] = s
	}
	return out, nil
}

func compileRule(v any, where string) (*rule, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errorf(CodeBadConfig, "%s: a rule must be an object", where)
	}
	if len(m) == 0 {
		// An empty rule would allow everything: say so explicitly instead.
		return nil, errorf(CodeBadConfig, "%s: a rule needs at least one condition", where)
	}
	if err := onlyMembers(m, ruleMembers, where); err != nil {
		return nil, err
	}
	r := &rule{}
	var err error
	lists := []struct {
		name string
		dst  *[]string
	}{{"scope", &r.scopeAll}, {"scope_any", &r.scopeAny}, {"roles", &r.rolesAll}, {"roles_any", &r.rolesAny},
		{"permissions", &r.permsAll}, {"permissions_any", &r.permsAny}}
	for _, l := range lists {
		if v, present := m[l.name]; present {
			if *l.dst, err = stringList(v, where+"."+l.name); err != nil {
				return nil, err
			}
		}
	}
	claimMaps := []struct {
		name   string
		dst    *[]pathValues
		single bool
	}{{"claim_equals", &r.equals, true}, {"claim_includes", &r.includes, false}, {"claim_in", &r.in, false}}
	for _, cm := range claimMaps {
		if v, present := m[cm.name]; present {
			if *cm.dst, err = compileClaimMap(v, where+"."+cm.name, cm.single); err != nil {
				return nil, err
			}
		}
	}
	for _, c := range []struct {
		name string
		dst  *[]*rule
	}{{"all", &r.all}, {"any", &r.any}} {
		v, present := m[c.name]
		if !present {
			continue
		}
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return nil, errorf(CodeBadConfig, "%s.%s must be a non-empty array of rules", where, c.name)
		}
		for i, item := range list {
			sub, err := compileRule(item, fmt.Sprintf("%s.%s[%d]", where, c.name, i))
			if err != nil {
				return nil, err
			}
			*c.dst = append(*c.dst, sub)
		}
	}
	if v, present := m["not"]; present {
		if r.not, err = compileRule(v, where+".not"); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// compileClaimMap reads {"<path>": value} (single) or {"<path>": [values]},
// sorted by path so that evaluation order does not depend on map order.
func compileClaimMap(v any, where string, single bool) ([]pathValues, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil, errorf(CodeBadConfig, "%s must be a non-empty object of claim paths", where)
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]pathValues, 0, len(m))
	for _, name := range names {
		cp, err := parsePath(name)
		if err != nil {
			return nil, errorf(CodeBadConfig, "%s: %v", where, err)
		}
		var values []any
		if single {
			values = []any{m[name]}
		} else {
			list, ok := m[name].([]any)
			if !ok || len(list) == 0 {
				return nil, errorf(CodeBadConfig, "%s[%q] must be a non-empty array", where, name)
			}
			values = list
		}
		for _, val := range values {
			switch val.(type) {
			case string, json.Number, bool:
			default:
				return nil, errorf(CodeBadConfig, "%s[%q]: values must be strings, numbers or booleans", where, name)
			}
		}
		out = append(out, pathValues{path: cp, values: values})
	}
	return out, nil
}

// Check parses claimsJSON (strictly, as the verifier does) and evaluates the
// policy. Only a malformed claims document is an error; a denial is a
// Decision with OK false.
func (p *Policy) Check(claimsJSON []byte) (Decision, error) {
	claims, err := strictjson.ParseObject(claimsJSON)
	if err != nil {
		return Decision{}, errorf(CodeMalformed, "claims: %v", err)
	}
	return p.Evaluate(claims), nil
}

// Evaluate decides on claims already parsed (for example Token.Claims).
func (p *Policy) Evaluate(claims map[string]any) Decision {
	missing := p.eval(p.rule, claims)
	if len(missing) == 0 {
		return Decision{OK: true}
	}
	return Decision{Code: CodeInsufficientScope, Missing: missing}
}

// eval returns what r lacks in claims; empty means satisfied. Every
// condition of a rule is evaluated (no short cut) so that Missing is complete.
func (p *Policy) eval(r *rule, claims map[string]any) []string {
	var missing []string
	var scopes []string
	if r.scopeAll != nil || r.scopeAny != nil {
		for _, sp := range p.scopes {
			scopes = append(scopes, sp.strings(claims, true)...)
		}
	}
	missing = requireAll(missing, "scope:", r.scopeAll, scopes)
	missing = requireAny(missing, "scope_any:", r.scopeAny, scopes)
	if r.rolesAll != nil || r.rolesAny != nil {
		roles := p.roles.strings(claims, false)
		missing = requireAll(missing, "role:", r.rolesAll, roles)
		missing = requireAny(missing, "role_any:", r.rolesAny, roles)
	}
	if r.permsAll != nil || r.permsAny != nil {
		perms := p.permissions.strings(claims, false)
		missing = requireAll(missing, "permission:", r.permsAll, perms)
		missing = requireAny(missing, "permission_any:", r.permsAny, perms)
	}
	for _, pv := range r.equals {
		if v, ok := pv.path.lookup(claims); !ok || !scalarEqual(v, pv.values[0]) {
			missing = append(missing, "claim_equals:"+pv.path.text)
		}
	}
	for _, pv := range r.includes {
		v, _ := pv.path.lookup(claims)
		if !includesAll(v, pv.values) {
			missing = append(missing, "claim_includes:"+pv.path.text)
		}
	}
	for _, pv := range r.in {
		v, ok := pv.path.lookup(claims)
		if !ok || !slices.ContainsFunc(pv.values, func(want any) bool { return scalarEqual(v, want) }) {
			missing = append(missing, "claim_in:"+pv.path.text)
		}
	}
	for _, sub := range r.all {
		missing = append(missing, p.eval(sub, claims)...)
	}
	if r.any != nil {
		var anyMissing []string
		satisfied := false
		for _, sub := range r.any {
			m := p.eval(sub, claims)
			if len(m) == 0 {
				satisfied = true
				break
			}
			anyMissing = append(anyMissing, m...)
		}
		if !satisfied {
			missing = append(missing, anyMissing...)
		}
	}
	if r.not != nil && len(p.eval(r.not, claims)) == 0 {
		missing = append(missing, "not")
	}
	return missing
}

func requireAll(missing []string, prefix string, want, have []string) []string {
	for _, w := range want {
		if !slices.Contains(have, w) {
			missing = append(missing, prefix+w)
		}
	}
	return missing
}

func requireAny(missing []string, prefix string, want, have []string) []string {
	if want == nil || slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) }) {
		return missing
	}
	return append(missing, prefix+strings.Join(want, " "))
}

// scalarEqual compares a claim value with a configured scalar: strings and
// booleans exactly, numbers by value (1 equals 1.0), different types never.
func scalarEqual(claim, want any) bool {
	switch w := want.(type) {
	case json.Number:
		c, ok := claim.(json.Number)
		if !ok {
			return false
		}
		a, okA := new(big.Float).SetString(string(c))
		b, okB := new(big.Float).SetString(string(w))
		return okA && okB && a.Cmp(b) == 0
	case string, bool:
		return claim == want
	}
	return false
}

// includesAll reports whether the claim (an array, or a space-delimited
// string as express-oauth2-jwt-bearer's claimIncludes allows) contains every
// wanted value.
func includesAll(claim any, want []any) bool {
	var have []any
	switch c := claim.(type) {
	case []any:
		have = c
	case string:
		for _, f := range strings.Fields(c) {
			have = append(have, f)
		}
	default:
		return false
	}
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h any) bool { return scalarEqual(h, w) }) {
			return false
		}
	}
	return true
}
