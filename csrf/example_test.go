package csrf_test

import (
	"bytes"
	"fmt"

	"github.com/edgeguard/edgeguard/csrf"
)

func ExampleProtection() {
	p, err := csrf.NewProtection(csrf.ProtectionConfig{
		TrustedOrigins: []string{"https://app.example.com"},
		BypassPatterns: []string{"POST /webhooks/{provider}"},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range []csrf.Request{
		{Method: "POST", Host: "api.example.com", Path: "/transfer", SecFetchSite: "cross-site", Origin: "https://evil.example"},
		{Method: "POST", Host: "api.example.com", Path: "/transfer", SecFetchSite: "same-site", Origin: "https://app.example.com"},
		{Method: "POST", Host: "api.example.com", Path: "/webhooks/stripe", Origin: "https://stripe.example"},
	} {
		v := p.Check(r)
		fmt.Printf("allowed=%v reason=%q\n", v.Allowed, v.Reason)
	}
	// Output:
	// allowed=false reason="cross_origin_sec_fetch_site"
	// allowed=true reason=""
	// allowed=true reason=""
}

func ExampleTokens() {
	tokens, err := csrf.NewTokens(csrf.TokenConfig{Secrets: []string{"a 32-byte-or-longer server secret!"}})
	if err != nil {
		panic(err)
	}
	// In production: tokens.Generate(sessionID, nil) uses crypto/rand.
	tok, _ := tokens.Generate("session-42", bytes.NewReader(make([]byte, 32)))
	fmt.Println(tokens.SetCookie(tok)[:42])
	fmt.Println(tokens.Verify("session-42", tok, tok))
	fmt.Println(tokens.Verify("session-43", tok, tok))
	// Output:
	// __Host-psifi.x-csrf-token=3c9483c6504eed03
	// <nil>
	// csrf: the CSRF token does not verify for this session
}
