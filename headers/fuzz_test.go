package headers

import (
	"errors"
	"testing"
)

// FuzzCompile: any options either compile into a policy whose Build
// succeeds with a valid nonce and emits only printable ASCII (no header
// injection), or fail with a coded error; never a panic.
func FuzzCompile(f *testing.F) {
	f.Add(`{}`)
	f.Add(`{"contentSecurityPolicy":{"preset":"strict","trustedTypes":{"policies":["a"]},"scriptHashes":["x"]}}`)
	f.Add(`{"contentSecurityPolicy":{"useDefaults":false,"directives":{"defaultSrc":{"dangerouslyDisableDefaultSrc":true},"a":[""]}}}`)
	f.Add(`{"hsts":{"maxAge":1e308},"referrerPolicy":{"policy":["",""]},"permissionsPolicy":{"features":{"camera":["self"]}}}`)
	f.Fuzz(func(t *testing.T, options string) {
		p, err := Compile([]byte(options))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code() != CodeBadConfig {
				t.Fatalf("uncoded error %T %v", err, err)
			}
			return
		}
		r, err := p.Build("rAnd0mNonceValue123456")
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		for _, h := range r.Headers {
			if hasUnsafeHeaderChar(h.Value) {
				t.Fatalf("%s value %q has a control or non-ASCII character", h.Name, h.Value)
			}
		}
	})
}
