package jwtcheck_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// A verifier from JSON configuration: the allowlist is mandatory, the key
// type must fit it, and every claim is checked after the signature.
func ExampleCompile() {
	config := `{
		"algorithms": ["HS256"],
		"keys": {"secret_b64url": "` + jwttest.B64(jwttest.Secret) + `"},
		"issuer": "https://issuer.example",
		"audience": "api",
		"now": 1800000000
	}`
	v, err := jwtcheck.Compile([]byte(config))
	if err != nil {
		fmt.Println(err)
		return
	}
	token := jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256"}`,
		`{"iss":"https://issuer.example","aud":"api","sub":"u1","exp":1800003600}`)
	t, err := v.Verify(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(t.JSON()))

	expired := jwttest.Sign("HS256", jwttest.Secret, `{"alg":"HS256"}`,
		`{"iss":"https://issuer.example","aud":"api","exp":1700000000}`)
	_, err = v.Verify(expired)
	c := jwtcheck.ChallengeFor(err)
	fmt.Println(jwtcheck.CodeOf(err), c.Status, c.WWWAuthenticate("api"))
	// Output:
	// {"header":{"alg":"HS256"},"claims":{"aud":"api","exp":1800003600,"iss":"https://issuer.example","sub":"u1"}}
	// expired 401 Bearer realm="api", error="invalid_token", error_description="the token expired"
}

// Algorithm confusion is refused when the verifier is configured: a PEM
// public key can never serve as an HMAC secret.
func ExampleCompile_algorithmConfusion() {
	config := `{"algorithms": ["RS256", "HS256"], "keys": {"pem": ` + fmt.Sprintf("%q", jwttest.PublicPEM(&jwttest.RSA.PublicKey)) + `}}`
	_, err := jwtcheck.Compile([]byte(config))
	fmt.Println(jwtcheck.CodeOf(err), "-", err)
	// Output:
	// bad_config - algorithm HS256 needs a secret (oct) key; the configured key is RSA
}

// Authorization on verified claims: scopes, roles and claim values combined
// with any / all / not, deny by default.
func ExampleCompilePolicy() {
	p, err := jwtcheck.CompilePolicy([]byte(`{
		"rule": {"scope": ["read:orders"], "any": [{"roles_any": ["admin"]}, {"claim_equals": {"tenant": "acme"}}]},
		"roles_claim": "/realm_access/roles"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, claims := range []string{
		`{"scope": "read:orders", "realm_access": {"roles": ["admin"]}}`,
		`{"scope": "write:orders", "tenant": "globex"}`,
	} {
		d, _ := p.Check([]byte(claims))
		fmt.Println(string(d.JSON()))
		if err := d.Err(); err != nil {
			c := jwtcheck.ChallengeFor(err)
			fmt.Println(c.Status, c.WWWAuthenticate(""))
		}
	}
	// Output:
	// {"ok":true}
	// {"ok":false,"code":"insufficient_scope","missing":["scope:read:orders","role_any:admin","claim_equals:tenant"]}
	// 403 Bearer error="insufficient_scope", error_description="the token does not grant access to this resource", scope="read:orders"
}

// Keys can be swapped by building a new verifier from a JWKS document the
// host fetched: the module itself never does I/O.
func ExampleParseJWKS() {
	doc := jwttest.JSON(map[string]any{"keys": []any{
		jwttest.PublicJWK(&jwttest.RSA.PublicKey, map[string]any{"kid": "2026-11", "use": "sig"}),
		jwttest.PublicJWK(&jwttest.RSAOther.PublicKey, map[string]any{"kid": "enc-1", "use": "enc"}),
	}})
	ks, err := jwtcheck.ParseJWKS([]byte(doc), false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ks.Len(), "verification key(s)")
	_, err = jwtcheck.New(jwtcheck.Config{Algorithms: []string{"RS256"}, Keys: ks})
	fmt.Println(err)
	// Output:
	// 1 verification key(s)
	// <nil>
}
