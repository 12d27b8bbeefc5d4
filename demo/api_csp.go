package demo

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	registerAPI("POST /api/csp", func(eng *host.Engine) http.Handler {
		return bodyAPI(eng, buildAndEvaluateCSP)
	})
}

// cspVerdict is what the CSP panel compares: the policy built from the
// visitor's options and csp-evaluator's findings for it.
type cspVerdict struct {
	Policy   json.RawMessage `json:"policy"`   // {"name","value","nonce"?}
	Findings json.RawMessage `json:"findings"` // [{"type","severity","directive","value","description"}, …]
}

// buildAndEvaluateCSP compiles the CSP options in the body (kind "csp":
// helmet's contentSecurityPolicy options plus preset, wasmUnsafeEval and
// trustedTypes), builds the header with the browser's nonce (?nonce=), and
// evaluates the value with the checks chosen in the query (evaluatePolicy),
// as the panel does with eg.csp and eg.evaluateCsp.
func buildAndEvaluateCSP(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error) {
	policy, err := callOnce(ctx, eng, "csp", body, "build", nonceInput(r))
	if err != nil {
		return nil, err
	}
	var header struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(policy, &header); err != nil {
		return nil, err
	}
	findings, err := evaluatePolicy(ctx, eng, r, []byte(header.Value))
	if err != nil {
		return nil, err
	}
	return json.Marshal(cspVerdict{policy, findings})
}
