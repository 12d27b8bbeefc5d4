package headers

import "testing"

func TestXPermittedCrossDomainPolicies(t *testing.T) {
	runHeaderCases(t, "X-Permitted-Cross-Domain-Policies", []headerCase{
		{name: "default", options: `{}`, want: "none"},
		{name: "all", options: `{"xPermittedCrossDomainPolicies":{"permittedPolicies":"all"}}`, want: "all"},
		{name: "alias", options: `{"permittedCrossDomainPolicies":{"permittedPolicies":"master-only"}}`, want: "master-only"},
		{name: "bad", options: `{"xPermittedCrossDomainPolicies":{"permittedPolicies":"ALL"}}`, wantErr: `X-Permitted-Cross-Domain-Policies does not support "ALL"`},
	})
}
