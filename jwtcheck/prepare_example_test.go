package jwtcheck_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

// The host-signature protocol: the module side (KeysJSON, PrepareJSON) does
// everything but the signature primitive, and the host side
// (ParseExportedKeys, FinishPrepared) runs it natively. Here both sides are
// in one process; in the wazero host the first two are module operations.
func ExampleFinishPrepared() {
	config := `{"algorithms": ["EdDSA"], "keys": {"pem": ` + jwttest.JSON(jwttest.PublicPEM(jwttest.Ed25519.Public())) + `},
		"issuer": "https://issuer.example", "now": 1800000000}`
	module, err := jwtcheck.Compile([]byte(config))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Once per verifier: the public keys, parsed for native crypto.
	keys, err := jwtcheck.ParseExportedKeys(module.KeysJSON())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, claims := range []string{
		`{"iss":"https://issuer.example","exp":1800003600}`,
		`{"iss":"https://issuer.example","exp":1700000000}`,
	} {
		token := jwttest.Sign("EdDSA", jwttest.Ed25519, `{"alg":"EdDSA"}`, claims)
		answer, err := module.PrepareJSON(token)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(string(answer))
		result, err := jwtcheck.FinishPrepared(keys, token, answer)
		if err != nil {
			fmt.Println("→", jwtcheck.CodeOf(err))
			continue
		}
		fmt.Println("→", string(result))
	}
	// Output:
	// {"key":0,"alg":"EdDSA","signed":87,"then":{"header":{"alg":"EdDSA"},"claims":{"exp":1800003600,"iss":"https://issuer.example"}}}
	// → {"header":{"alg":"EdDSA"},"claims":{"exp":1800003600,"iss":"https://issuer.example"}}
	// {"key":0,"alg":"EdDSA","signed":87,"error":{"code":"expired","message":"token expired","detail":{"claim":"exp"}}}
	// → expired
}
