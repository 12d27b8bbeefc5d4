package headers

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// Header is one response header.
type Header struct {
	Name, Value string
}

// Result is the header set for one response.
type Result struct {
	// Headers to set, in helmet's order, then Permissions-Policy and
	// Reporting-Endpoints.
	Headers []Header
	// Remove lists headers to delete from the response (X-Powered-By).
	Remove []string
	// Nonce is the nonce the Content-Security-Policy carries, to put in the
	// page's <script nonce="…"> tags; "" when the policy has none.
	Nonce string
}

// Get returns the value of header name (case-insensitive) and whether it is set.
func (r *Result) Get(name string) (string, bool) {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// MarshalJSON writes {"headers": {name: value, ...}, "remove": [...],
// "nonce": "..."} with the headers in Result order (encoding/json would sort
// a map), so every host emits the same bytes.
func (r *Result) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil), nil }

// AppendJSON appends the JSON form of r (see MarshalJSON) to b. It is what
// the dispatch layer returns; unlike json.Marshal it does not re-parse its
// own output.
func (r *Result) AppendJSON(b []byte) []byte {
	b = append(b, `{"headers":{`...)
	for i, h := range r.Headers {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, h.Name)
		b = append(b, ':')
		b = appendJSONString(b, h.Value)
	}
	b = append(b, `},"remove":[`...)
	for i, name := range r.Remove {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
	}
	b = append(b, ']')
	if r.Nonce != "" {
		b = append(b, `,"nonce":`...)
		b = appendJSONString(b, r.Nonce)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string with encoding/json's escaping
// (including \u003c, \u003e, \u0026, \u2028 and \u2029), so the bytes equal
// what json.Marshal would give. Header values are printable ASCII in
// practice, so the fast path copies them unchanged.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			enc, _ := json.Marshal(s) // a string always marshals
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// helmetUnits are helmet's headers after Content-Security-Policy, in the
// order helmet's middleware sets them.
var helmetUnits = []unit{
	crossOriginEmbedderPolicy, crossOriginOpenerPolicy, crossOriginResourcePolicy, originAgentCluster,
	referrerPolicy, strictTransportSecurity, xContentTypeOptions, xDnsPrefetchControl, xDownloadOptions,
	xFrameOptions, xPermittedCrossDomainPolicies, xPoweredBy, xXssProtection,
}

// extensionUnits are the headers edgeguard adds; all are off by default.
var extensionUnits = []unit{
	{option: "permissionsPolicy", header: "Permissions-Policy", value: permissionsPolicy},
	{option: "reportingEndpoints", header: "Reporting-Endpoints", value: reportingEndpoints},
}

// allUnits are the headers after Content-Security-Policy, in output order.
var allUnits = slices.Concat(helmetUnits, extensionUnits)

// contentSecurityPolicy only resolves the option's on/off/object switch;
// the policy itself is compiled by compileCSP.
var contentSecurityPolicy = unit{option: "contentSecurityPolicy", header: "Content-Security-Policy", enabledByDefault: true}

// Policy is a compiled set of options; it is immutable and safe for
// concurrent use.
type Policy struct {
	csp       *CSP     // nil when contentSecurityPolicy is false
	static    []Header // every other header, in order
	remove    []string
	jsonParts []string // Build's JSON, split where the nonce goes
}

// Compile compiles helmet options in JSON form, e.g.
// {"contentSecurityPolicy": {"directives": {"scriptSrc": ["'self'", "cdn.example"]}},
// "strictTransportSecurity": {"maxAge": 63072000, "preload": true}, "xFrameOptions": false}.
// Empty input or null means helmet's defaults. Errors have code bad_config
// and, where helmet throws, helmet's message; they are raised in the order
// helmet raises them.
func Compile(options []byte) (*Policy, error) {
	top := &jsopt.Map{}
	if t := bytes.TrimSpace(options); len(t) > 0 && string(t) != "null" {
		var err error
		if top, err = jsopt.ParseMap(t); err != nil {
			return nil, configErrorf("helmet options must be a JSON object: %v", err)
		}
	}
	p := &Policy{remove: []string{}}
	on, opts, err := contentSecurityPolicy.resolve(top)
	if err != nil {
		return nil, err
	}
	if on {
		if p.csp, err = compileCSP(opts); err != nil {
			return nil, err
		}
	}
	for _, u := range allUnits {
		on, opts, err := u.resolve(top)
		if err != nil {
			return nil, err
		}
		if !on {
			continue
		}
		value, err := u.value(opts)
		if err != nil {
			return nil, err
		}
		if u.header == xPoweredBy.header {
			p.remove = append(p.remove, u.header)
		} else {
			p.static = append(p.static, Header{u.header, value})
		}
	}
	if k := top.Unknown(knownOptions()...); k != "" {
		return nil, configErrorf("helmet received an unknown option %s", jsopt.Quote(k))
	}
	if err := p.checkReportTo(); err != nil {
		return nil, err
	}
	mark := ""
	if p.UsesNonce() {
		mark = nonceMark
	}
	p.jsonParts = jsonTemplate(p.build(mark).AppendJSON(nil), p.UsesNonce())
	return p, nil
}

// jsonTemplate splits the JSON of a result built with the nonceMark
// placeholder around the places the nonce goes, so that a response's JSON is
// the parts joined with its nonce: no per-response encoding. A checked nonce
// is base64, which JSON carries unescaped, so the bytes are exactly what
// AppendJSON would write (TestJSONTemplateMatchesAppendJSON).
func jsonTemplate(withMark []byte, usesNonce bool) []string {
	if !usesNonce {
		return []string{string(withMark)}
	}
	return strings.Split(string(withMark), `\u0000nonce`)
}

// BuildJSON is BuildRequest followed by AppendJSON, from the template made
// at compile time. It is what the dispatch layer calls per response.
func (p *Policy) BuildJSON(in []byte) ([]byte, error) {
	if !p.UsesNonce() {
		if _, _, err := parseNonceRequest(in); err != nil {
			return nil, err
		}
		return []byte(p.jsonParts[0]), nil
	}
	nonce, fresh, err := parseNonceRequest(in)
	if err != nil {
		return nil, err
	}
	if fresh {
		nonce = csp.NewNonce()
	} else if _, err := p.csp.Value(nonce); err != nil {
		return nil, err
	}
	return []byte(strings.Join(p.jsonParts, nonce)), nil
}

// checkReportTo refuses a CSP whose report-to names an endpoint that the
// Reporting-Endpoints header being built does not define: browsers would
// drop every report without a trace. (Without reportingEndpoints the header
// may come from elsewhere, so nothing can be checked.)
func (p *Policy) checkReportTo() error {
	if p.csp == nil {
		return nil
	}
	var endpoints string
	for _, h := range p.static {
		if h.Name == "Reporting-Endpoints" {
			endpoints = h.Value
		}
	}
	if endpoints == "" {
		return nil
	}
	for _, name := range p.csp.reportTo {
		if !strings.HasPrefix(endpoints, name+`="`) && !strings.Contains(endpoints, ", "+name+`="`) {
			return configErrorf("Content-Security-Policy report-to names the endpoint %s, which reportingEndpoints does not define", jsopt.Quote(name))
		}
	}
	return nil
}

func knownOptions() []string {
	names := []string{contentSecurityPolicy.option}
	for _, u := range allUnits {
		names = append(names, u.option)
		if u.alias != "" {
			names = append(names, u.alias)
		}
	}
	return names
}

// UsesNonce reports whether responses need a nonce (the CSP has a nonce slot).
func (p *Policy) UsesNonce() bool { return p.csp != nil && p.csp.UsesNonce() }

// Build returns the headers for one response. When the policy uses a nonce,
// nonce must be a fresh base64 value of at least 22 characters (see
// csp.NonceSource); otherwise it is ignored. Build is deterministic, which
// is what tests and conformance vectors need; servers use BuildFresh.
func (p *Policy) Build(nonce string) (*Result, error) {
	if !p.UsesNonce() {
		return p.build(""), nil
	}
	if _, err := p.csp.Value(nonce); err != nil {
		return nil, err
	}
	return p.build(nonce), nil
}

// build assembles the result for a nonce that has been checked (or, at
// compile time, for the JSON template's placeholder).
func (p *Policy) build(nonce string) *Result {
	r := &Result{Headers: make([]Header, 0, len(p.static)+1), Remove: slices.Clone(p.remove), Nonce: nonce}
	if p.csp != nil {
		r.Headers = append(r.Headers, Header{p.csp.HeaderName(), p.csp.value(nonce)})
	}
	r.Headers = append(r.Headers, p.static...)
	return r
}

// BuildFresh is Build with a nonce from csp.NewNonce when the policy uses one.
func (p *Policy) BuildFresh() (*Result, error) {
	nonce := ""
	if p.UsesNonce() {
		nonce = csp.NewNonce()
	}
	return p.Build(nonce)
}
