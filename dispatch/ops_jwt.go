package dispatch

import "github.com/edgeguard/edgeguard/jwtcheck"

func init() {
	Register("jwt", "JWT verifier; configuration: algorithms, keys, issuer, audience, … (docs/jwt.md)",
		jwtcheck.Compile,
		map[string]TypedOp[*jwtcheck.Verifier]{
			"verify": {Doc: `compact JWS in; {"header":{…},"claims":{…}} out, or an error code (docs/jwt.md)`,
				In: Text, Out: JSON,
				Run: func(v *jwtcheck.Verifier, in []byte) ([]byte, error) {
					t, err := v.Verify(string(in))
					if err != nil {
						return nil, err
					}
					return t.JSON(), nil
				}},
		})
	Register("authz", "claims-based authorization; configuration: {rule, roles_claim?, permissions_claim?, scope_claims?} (docs/jwt.md)",
		jwtcheck.CompilePolicy,
		map[string]TypedOp[*jwtcheck.Policy]{
			"check": {Doc: `claims JSON in; {"ok":true} or {"ok":false,"code":"insufficient_scope","missing":[…]} out`,
				In: JSON, Out: JSON,
				Run: func(p *jwtcheck.Policy, in []byte) ([]byte, error) {
					d, err := p.Check(in)
					if err != nil {
						return nil, err
					}
					return d.JSON(), nil
				}},
		})
}
