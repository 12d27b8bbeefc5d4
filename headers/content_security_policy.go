package headers

import (
	"regexp"
	"slices"
	"strings"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// helmetDefaultDirectives is helmet 8's getDefaultDirectives(), in order.
var helmetDefaultDirectives = []csp.Directive{
	{Name: "default-src", Values: []string{"'self'"}},
	{Name: "base-uri", Values: []string{"'self'"}},
	{Name: "font-src", Values: []string{"'self'", "https:", "data:"}},
	{Name: "form-action", Values: []string{"'self'"}},
	{Name: "frame-ancestors", Values: []string{"'self'"}},
	{Name: "img-src", Values: []string{"'self'", "data:"}},
	{Name: "object-src", Values: []string{"'none'"}},
	{Name: "script-src", Values: []string{"'self'"}},
	{Name: "script-src-attr", Values: []string{"'none'"}},
	{Name: "style-src", Values: []string{"'self'", "https:", "'unsafe-inline'"}},
	{Name: "upgrade-insecure-requests", Values: []string{}},
}

// strictDefaultDirectives is the "strict" preset (web.dev/strict-csp):
// scripts run only with the response's nonce, and what they load
// ('strict-dynamic'); no plugins; no <base>. "https:" and 'unsafe-inline'
// are fallbacks only for browsers without CSP3 / nonces, which ignore them
// otherwise (csp-evaluator's strict checks ask for them). The nonce is
// inserted first in script-src at build time.
var strictDefaultDirectives = []csp.Directive{
	{Name: "default-src", Values: []string{"'self'"}},
	{Name: "base-uri", Values: []string{"'none'"}},
	{Name: "font-src", Values: []string{"'self'", "https:", "data:"}},
	{Name: "form-action", Values: []string{"'self'"}},
	{Name: "frame-ancestors", Values: []string{"'self'"}},
	{Name: "img-src", Values: []string{"'self'", "data:"}},
	{Name: "object-src", Values: []string{"'none'"}},
	{Name: "script-src", Values: []string{"'strict-dynamic'", "https:", "'unsafe-inline'"}},
	{Name: "script-src-attr", Values: []string{"'none'"}},
	{Name: "style-src", Values: []string{"'self'", "https:", "'unsafe-inline'"}},
	{Name: "upgrade-insecure-requests", Values: []string{}},
}

// shouldBeQuoted are the keywords helmet refuses unquoted (since 8.0).
var shouldBeQuoted = map[string]bool{
	"none": true, "self": true, "strict-dynamic": true, "report-sample": true, "inline-speculation-rules": true,
	"unsafe-inline": true, "unsafe-eval": true, "unsafe-hashes": true, "wasm-unsafe-eval": true,
}

var directiveNamePattern = regexp.MustCompile(`^[a-z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$`)

// dashify turns camelCase into kebab-case, as helmet does ("defaultSrc" →
// "default-src").
func dashify(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
			b.WriteRune(r + ('a' - 'A'))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nonceMark stands for the per-response nonce inside a compiled directive.
// It cannot collide with a configured value: those may not contain control
// characters.
const nonceMark = "\x00nonce"

// CSP is a compiled contentSecurityPolicy option: the header name and the
// serialized policy, with a slot for the per-response nonce.
type CSP struct {
	header   string
	parts    []string // the policy text split around nonce slots
	reportTo []string // endpoint names of the report-to directive
}

// HeaderName returns Content-Security-Policy, or
// Content-Security-Policy-Report-Only when reportOnly is set.
func (c *CSP) HeaderName() string { return c.header }

// UsesNonce reports whether the policy carries a per-response nonce.
func (c *CSP) UsesNonce() bool { return len(c.parts) > 1 }

// Value returns the policy for one response. nonce is ignored when the
// policy has no nonce slot; otherwise it must satisfy csp.NonceSource.
func (c *CSP) Value(nonce string) (string, error) {
	if !c.UsesNonce() {
		return c.parts[0], nil
	}
	if _, err := csp.NonceSource(nonce); err != nil {
		return "", &Error{CodeBadNonce, err.Error()}
	}
	return c.value(nonce), nil
}

// value fills the nonce slots with an unchecked nonce.
func (c *CSP) value(nonce string) string {
	if !c.UsesNonce() {
		return c.parts[0]
	}
	return strings.Join(c.parts, "'nonce-"+nonce+"'")
}

// cspOptionKeys are helmet's options, then edgeguard's.
var cspOptionKeys = []string{"useDefaults", "directives", "reportOnly",
	"preset", "nonce", "wasmUnsafeEval", "trustedTypes", "scriptHashes", "styleHashes", "hashAlgorithm"}

// CompileCSP compiles helmet's contentSecurityPolicy option in JSON form:
// an options object, or empty input, null or true for helmet's defaults.
func CompileCSP(options []byte) (*CSP, error) {
	v := jsopt.Parse(options)
	switch {
	case v.Kind == jsopt.Absent || v.Kind == jsopt.Null || v.IsTrue():
		return compileCSP(nil)
	case v.Kind == jsopt.Object:
		m, err := jsopt.ParseMap(v.Raw)
		if err != nil {
			return nil, configErrorf("contentSecurityPolicy options: %v", err)
		}
		return compileCSP(m)
	}
	return nil, configErrorf("contentSecurityPolicy options must be an object, not %s", v.Stringify())
}

// compileCSP compiles a contentSecurityPolicy option object (nil for
// helmet's defaults). It applies helmet's rules and messages, then
// edgeguard's extensions (docs/headers.md):
//
//	preset          "helmet" (default) or "strict": which default directives useDefaults adds
//	nonce           true (script-src) or a list of directives that get 'nonce-…' per response
//	wasmUnsafeEval  true adds 'wasm-unsafe-eval' to script-src
//	trustedTypes    true, or {"policies": [...], "allowDuplicates": bool}
//	scriptHashes    inline <script> texts whose hashes are added to script-src
//	styleHashes     inline <style> texts whose hashes are added to style-src
//	hashAlgorithm   "sha256" (default), "sha384" or "sha512"
func compileCSP(opts *jsopt.Map) (*CSP, error) {
	header := "Content-Security-Policy"
	if opts.Get("reportOnly").Truthy() {
		header = "Content-Security-Policy-Report-Only"
	}
	preset := helmetDefaultDirectives
	nonceDirectives, err := cspNonceDirectives(opts.Get("nonce"))
	if err != nil {
		return nil, err
	}
	switch p := opts.Get("preset"); p.Kind {
	case jsopt.Absent:
	default:
		name, _ := p.String()
		switch name {
		case "helmet":
		case "strict":
			preset = strictDefaultDirectives
			if !slices.Contains(nonceDirectives, "script-src") {
				nonceDirectives = append([]string{"script-src"}, nonceDirectives...)
			}
		default:
			return nil, configErrorf(`Content-Security-Policy preset must be "helmet" or "strict", not %s`, p.Stringify())
		}
	}
	policy, err := helmetDirectives(opts, preset)
	if err != nil {
		return nil, err
	}
	if err := noUnknown("Content-Security-Policy", opts, cspOptionKeys...); err != nil {
		return nil, err
	}
	if err := applyExtensions(policy, opts); err != nil {
		return nil, err
	}
	for _, d := range nonceDirectives {
		addSource(policy, d, nonceMark, true)
	}
	return &CSP{header: header, parts: strings.Split(serializeHelmet(policy), nonceMark), reportTo: policy.Values("report-to")}, nil
}

// helmetDirectives is helmet's parseDirectives: defaults, then the
// configured directives in order, with helmet's checks and messages.
func helmetDirectives(opts *jsopt.Map, defaults []csp.Directive) (*csp.Policy, error) {
	policy := &csp.Policy{}
	if u := opts.Get("useDefaults"); u.Kind == jsopt.Absent || u.Truthy() {
		for _, d := range defaults {
			policy.Set(d.Name, slices.Clone(d.Values))
		}
	}
	disabledDefaultSrc := false
	raw := opts.Get("directives")
	var directives *jsopt.Map
	switch raw.Kind {
	case jsopt.Absent, jsopt.Null:
	case jsopt.Object:
		var err error
		if directives, err = jsopt.ParseMap(raw.Raw); err != nil {
			return nil, configErrorf("Content-Security-Policy directives: %v", err)
		}
	default:
		return nil, configErrorf("Content-Security-Policy directives must be an object, not %s", raw.Stringify())
	}
	seen := map[string]bool{}
	for _, rawName := range directivesKeys(directives) {
		if !directiveNamePattern.MatchString(rawName) {
			return nil, configErrorf("Content-Security-Policy received an invalid directive name %s", jsopt.Quote(rawName))
		}
		name := dashify(rawName)
		if seen[name] {
			return nil, configErrorf("Content-Security-Policy received a duplicate directive %s", jsopt.Quote(name))
		}
		seen[name] = true
		invalid := configErrorf("Content-Security-Policy received an invalid directive value for %s", jsopt.Quote(name))
		v := directives.Get(rawName)
		var values []string
		switch v.Kind {
		case jsopt.Null:
			if name == "default-src" {
				return nil, configErrorf("Content-Security-Policy needs a default-src but it was set to `null`. If you really want to disable it, set it to `contentSecurityPolicy.dangerouslyDisableDefaultSrc`.")
			}
			policy.Delete(name)
			continue
		case jsopt.String:
			s, _ := v.String()
			values = []string{s}
		case jsopt.Object:
			if !isDangerouslyDisableDefaultSrc(v) {
				return nil, invalid
			}
			if name != "default-src" {
				return nil, configErrorf("Content-Security-Policy: tried to disable %s as if it were default-src; simply omit the key", jsopt.Quote(name))
			}
			disabledDefaultSrc = true
			policy.Delete(name)
			continue
		case jsopt.Array:
			var ok bool
			if values, ok = v.Strings(); !ok {
				return nil, configErrorf("Content-Security-Policy received a non-string value for %s; every value must be a string", jsopt.Quote(name))
			}
		default:
			return nil, invalid
		}
		for _, value := range values {
			if strings.ContainsAny(value, ";,") {
				return nil, invalid
			}
			if shouldBeQuoted[value] || hasAnyPrefix(value, "nonce-", "sha256-", "sha384-", "sha512-") {
				return nil, configErrorf("Content-Security-Policy received an invalid directive value for %s. %s should be quoted", jsopt.Quote(name), jsopt.Quote(value))
			}
			if hasUnsafeHeaderChar(value) {
				return nil, configErrorf("Content-Security-Policy received a control or non-ASCII character in a value for %s", jsopt.Quote(name))
			}
		}
		policy.Set(name, values)
	}
	if len(policy.Directives()) == 0 {
		return nil, configErrorf("Content-Security-Policy has no directives. Either set some or disable the header")
	}
	if !policy.Has("default-src") && !disabledDefaultSrc {
		return nil, configErrorf("Content-Security-Policy needs a default-src but none was provided. If you really want to disable it, set it to `contentSecurityPolicy.dangerouslyDisableDefaultSrc`.")
	}
	return policy, nil
}

func directivesKeys(m *jsopt.Map) []string {
	if m == nil {
		return nil
	}
	return m.Keys
}

// isDangerouslyDisableDefaultSrc recognises the JSON stand-in for helmet's
// contentSecurityPolicy.dangerouslyDisableDefaultSrc symbol:
// {"dangerouslyDisableDefaultSrc": true}.
func isDangerouslyDisableDefaultSrc(v jsopt.Value) bool {
	m, err := jsopt.ParseMap(v.Raw)
	return err == nil && len(m.Keys) == 1 && m.Get("dangerouslyDisableDefaultSrc").IsTrue()
}

// serializeHelmet writes directives as helmet does: ";" between directives
// and no spaces around it, values joined by single spaces, a bare name for a
// directive without values.
func serializeHelmet(p *csp.Policy) string {
	var b strings.Builder
	for i, d := range p.Directives() {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(d.Name)
		if v := strings.Join(d.Values, " "); v != "" {
			b.WriteByte(' ')
			b.WriteString(v)
		}
	}
	return b.String()
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasUnsafeHeaderChar reports characters that do not belong in a header
// value: controls (CR/LF would split the header) and non-ASCII, which Node's
// setHeader rejects above U+00FF and which CSP source grammar never needs
// (internationalised hosts are written in punycode).
func hasUnsafeHeaderChar(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f })
}
