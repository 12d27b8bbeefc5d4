package dispatch

import (
	"encoding/json"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/headers"
)

func init() {
	Register("headers", "helmet 8 security headers; configuration: helmet options (docs/headers.md)",
		headers.Compile,
		map[string]TypedOp[*headers.Policy]{
			"build": {Doc: `{"nonce"?} in, {"headers":{…},"remove":[…],"nonce"?} out`, In: JSON, Out: JSON,
				Run: func(p *headers.Policy, in []byte) ([]byte, error) {
					return p.BuildJSON(in)
				}},
			"template": {Doc: `{} in, {"headers":[{"name","parts"}],"remove":[…],"nonce":bool} out: values are parts joined with a host-made nonce`, In: JSON, Out: JSON,
				Run: func(p *headers.Policy, _ []byte) ([]byte, error) {
					return json.Marshal(p.Template())
				}},
		})
	Register("csp", "Content-Security-Policy builder; configuration: helmet's contentSecurityPolicy options plus edgeguard's (docs/headers.md)",
		headers.CompileCSP,
		map[string]TypedOp[*headers.CSP]{
			"build": {Doc: `{"nonce"?} in, {"name","value","nonce"?} out`, In: JSON, Out: JSON,
				Run: func(c *headers.CSP, in []byte) ([]byte, error) {
					return headersJSON(c.BuildRequest(in))
				}},
			"template": {Doc: `{} in, {"name","parts"} out: the value is parts joined with a host-made nonce`, In: JSON, Out: JSON,
				Run: func(c *headers.CSP, _ []byte) ([]byte, error) {
					return json.Marshal(c.Template())
				}},
			"hash": {Doc: `{"algorithm"?,"content"} in, 'sha256-…' source out`, In: JSON, Out: Text,
				Run: func(_ *headers.CSP, in []byte) ([]byte, error) {
					src, err := headers.HashRequest(in)
					return []byte(src), err
				}},
		})
	Register("csp_evaluator", "csp-evaluator checks; configuration: {} or {version, strict, reporting, extra, wasm} (docs/headers.md)",
		csp.ParseEvaluateOptions,
		map[string]TypedOp[csp.EvaluateOptions]{
			"evaluate": {Doc: "policy text in, findings out", In: Text, Out: JSON,
				Run: func(o csp.EvaluateOptions, in []byte) ([]byte, error) {
					return json.Marshal(csp.Evaluate(csp.Parse(string(in)), o))
				}},
			"parse": {Doc: `policy text in, {"directives":[{"name","values"}],"policy"} out`, In: Text, Out: JSON,
				Run: func(_ csp.EvaluateOptions, in []byte) ([]byte, error) {
					return json.Marshal(csp.Parse(string(in)))
				}},
			"lighthouse": {Doc: `["policy", …] in, {"failures","warnings","syntax_errors"} out`, In: JSON, Out: JSON,
				Run: func(_ csp.EvaluateOptions, in []byte) ([]byte, error) {
					var policies []string
					if err := json.Unmarshal(in, &policies); err != nil {
						return nil, Errorf(CodeBadRequest, "lighthouse input must be a JSON array of policy strings: %v", err)
					}
					return json.Marshal(csp.Lighthouse(policies))
				}},
			"parse_report": {Doc: "report-uri or Reporting API body in, security events out", In: JSON, Out: JSON,
				Run: func(_ csp.EvaluateOptions, in []byte) ([]byte, error) {
					return headersJSON(csp.ParseReports(in))
				}},
		})
}

// headersJSON encodes v as JSON unless err is set.
func headersJSON[T any](v T, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
