package dispatch

import "github.com/edgeguard/edgeguard/jwtcheck"

func init() {
	Register("jwt", "JWT verifier; configuration: algorithms, keys, issuer, audience, … (docs/jwt.md)",
		jwtcheck.Compile,
		map[string]TypedOp[*jwtcheck.Verifier]{
			"verify": {Doc: `compact JWS in; {"header":{…},"claims":{…}} out, or an error code (docs/jwt.md)`,
				In: Text, Out: JSON,
				Run: func(v *jwtcheck.Verifier, in []byte) ([]byte, error) { return v.VerifyJSON(string(in)) }},
			// The host-signature protocol (docs/jwt.md, "Host signatures"):
			// hosts with native crypto run the RS*/PS*/ES*/EdDSA primitive.
			"keys": {Doc: `input ignored; {"keys":[{"kid"?,"alg"?,"jwk":{public members}}, …]} out, in key index order`,
				In: Text, Out: JSON,
				Run: func(v *jwtcheck.Verifier, _ []byte) ([]byte, error) { return v.KeysJSON(), nil }},
			"verify_prepare": {Doc: `compact JWS in; {"done":…} or {"key","alg","signed","then"|"error"} out, or verify's error (docs/jwt.md)`,
				In: Text, Out: JSON,
				Run: func(v *jwtcheck.Verifier, in []byte) ([]byte, error) { return v.PrepareJSON(string(in)) }},
			"challenge": challengeOp[*jwtcheck.Verifier](),
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
			"challenge": challengeOp[*jwtcheck.Policy](),
		})
}

// challengeOp renders the RFC 6750 response for an error code; it is on both
// kinds so that a host holding either handle can answer a request.
func challengeOp[T any]() TypedOp[T] {
	return TypedOp[T]{Doc: `{"code","realm"?,"missing"?} in; {"status","error"?,"error_description"?,"scope"?,"www_authenticate"?} out`,
		In: JSON, Out: JSON,
		Run: func(_ T, in []byte) ([]byte, error) { return jwtcheck.ChallengeJSON(in) }}
}
