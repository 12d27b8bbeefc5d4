package dispatch

import "github.com/edgeguard/edgeguard/jwtcheck"

func init() {
	// A kind of its own, not an op of "jwt": decoding needs no key, and a
	// jwt handle is a verifier, whose every answer is a verified one.
	Register("jwt_decode", `UNVERIFIED JWT decoding (jose's decodeJwt + decodeProtectedHeader, stricter); configuration: {"max_token_bytes"?} (docs/jwt.md)`,
		jwtcheck.CompileDecoder,
		map[string]TypedOp[*jwtcheck.Decoder]{
			"decode": {Doc: `compact JWS in; {"header":{…},"claims":{…}} out, NOT verified: for display and logs only`,
				In: Text, Out: JSON,
				Run: func(d *jwtcheck.Decoder, in []byte) ([]byte, error) { return d.DecodeJSON(string(in)) }},
		})
}
