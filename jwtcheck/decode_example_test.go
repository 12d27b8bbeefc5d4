package jwtcheck_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/jwtcheck"
)

// Decoding shows what a token says about itself, to log or display it. It
// checks the token's form as strictly as a verifier does, and nothing else:
// this forged alg-none token decodes like any other.
func ExampleDecode() {
	u, err := jwtcheck.Decode("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImV4cCI6MX0.")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(u.JSON()))

	// Duplicate claim names are refused, as the verifier refuses them.
	_, err = jwtcheck.Decode("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIiwic3ViIjoiYiJ9.")
	fmt.Println(jwtcheck.CodeOf(err), err)
	// Output:
	// {"header":{"alg":"none"},"claims":{"exp":1,"sub":"admin"}}
	// malformed claims: duplicate member name "sub" at offset 11
}
