package middleware

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// Authorize admits requests whose verified claims (RequireJWT must run
// first) satisfy policy: an authz configuration {"rule", "roles_claim"?,
// "permissions_claim"?, "scope_claims"?} (docs/jwt.md), or a bare rule,
// which is wrapped as {"rule": …} as the Express adapter does. A denial is
// answered 403 insufficient_scope with the missing scopes in the challenge;
// a request without claims 401. realm is the challenges' realm ("" for
// none).
func (g *Guard) Authorize(policy any, realm string) (Middleware, error) {
	cfg, err := host.ConfigJSON(policy)
	if err != nil {
		return nil, err
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(cfg, &members) != nil || members == nil {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "authorize: the policy must be a JSON object")
	}
	if _, wrapped := members["rule"]; !wrapped {
		cfg = append(append([]byte(`{"rule":`), cfg...), '}')
	}
	h, err := g.open(context.Background(), "authz", json.RawMessage(cfg))
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			claims := Claims(r)
			if claims == nil {
				g.deny(w, r, "", nil, realm)
				return
			}
			var d struct {
				OK      bool     `json:"ok"`
				Code    string   `json:"code"`
				Missing []string `json:"missing"`
			}
			if err := callJSON(r, h, "check", claims, &d); err != nil {
				g.deny(w, r, jwtCode(err), nil, realm)
				return
			}
			if !d.OK {
				g.deny(w, r, d.Code, d.Missing, realm)
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}
