package headers_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/headers"
)

func Example() {
	// helmet({hsts: {maxAge: 63072000, preload: true}, xFrameOptions: {action: "deny"}}),
	// with the strict CSP preset and a fixed nonce (servers use BuildFresh).
	p, err := headers.Compile([]byte(`{
		"contentSecurityPolicy": {"preset": "strict", "wasmUnsafeEval": true},
		"strictTransportSecurity": {"maxAge": 63072000, "preload": true},
		"xFrameOptions": {"action": "deny"}
	}`))
	if err != nil {
		panic(err)
	}
	r, err := p.Build("rAnd0mNonceValue123456")
	if err != nil {
		panic(err)
	}
	for _, h := range r.Headers {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}
	fmt.Println("remove:", r.Remove)
	// Output:
	// Content-Security-Policy: default-src 'self';base-uri 'none';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'nonce-rAnd0mNonceValue123456' 'strict-dynamic' https: 'unsafe-inline' 'wasm-unsafe-eval';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests
	// Cross-Origin-Opener-Policy: same-origin
	// Cross-Origin-Resource-Policy: same-origin
	// Origin-Agent-Cluster: ?1
	// Referrer-Policy: no-referrer
	// Strict-Transport-Security: max-age=63072000; includeSubDomains; preload
	// X-Content-Type-Options: nosniff
	// X-DNS-Prefetch-Control: off
	// X-Download-Options: noopen
	// X-Frame-Options: DENY
	// X-Permitted-Cross-Domain-Policies: none
	// X-XSS-Protection: 0
	// remove: [X-Powered-By]
}

func ExampleCompileCSP() {
	c, _ := headers.CompileCSP([]byte(`{"useDefaults": false, "directives": {"defaultSrc": "'none'", "imgSrc": ["'self'"]},
		"scriptHashes": ["alert('Hello, world.');"]}`))
	r, _ := c.Build("")
	fmt.Println(r.Name+":", r.Value)
	// Output: Content-Security-Policy: default-src 'none';img-src 'self';script-src 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='
}
