package demo

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	// The authorization panel: claims and a rule in, the module's decision
	// out ({"ok":true} or {"ok":false,"code":"insufficient_scope","missing":[…]}),
	// as eg.authorize(rule, claims) gives it in the browser. The body is
	// {"config": rule, "input": claims}; a bare rule is wrapped as {"rule": …},
	// exactly as eg.authorize does.
	registerAPI("POST /api/authz", func(eng *host.Engine) http.Handler {
		return practiceAPI(eng, func(ctx context.Context, body practiceRequest) ([]byte, error) {
			return callOnce(ctx, eng, "authz", authzPolicy(body.Config), "check", body.Input)
		})
	})
}

// authzPolicy is the authz configuration for rule: rule itself when it is a
// policy document (it has a top-level "rule" member), else {"rule": rule} —
// the wrapping eg.authorize does in the browser.
func authzPolicy(rule json.RawMessage) json.RawMessage {
	var top map[string]json.RawMessage
	if json.Unmarshal(rule, &top) == nil {
		if _, ok := top["rule"]; ok {
			return rule
		}
	}
	return append(append([]byte(`{"rule":`), rule...), '}')
}
