package jwtcheck_test

import (
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
)

// Examples from the RFCs, verbatim. Their claims expired in 2011, so the
// verifier's clock is set just before; RFC 8037's payload is not JSON, so a
// good signature shows as a claims error (the signature is checked first).
func TestRFCExamples(t *testing.T) {
	tests := []struct {
		name   string
		config string
		token  string
		code   jwtcheck.Code
		msg    string // substring of the error message, when code is set
	}{
		{
			name:   "RFC 7515 A.1 HS256",
			config: `{"algorithms":["HS256"],"keys":{"jwk":{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}},"now":1300819000}`,
			token:  "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
		},
		{
			name:   "RFC 7515 A.1 HS256 after exp",
			config: `{"algorithms":["HS256"],"keys":{"jwk":{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}},"now":1300819380}`,
			token:  "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
			code:   jwtcheck.CodeExpired,
		},
		{
			name:   "RFC 7515 A.3 ES256",
			config: `{"algorithms":["ES256"],"keys":{"jwk":{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}},"now":1300819000}`,
			token:  "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
		},
		{
			name:   "RFC 7515 A.5 unsecured",
			config: `{"algorithms":["HS256"],"keys":{"jwk":{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}},"now":1300819000}`,
			token:  "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.",
			code:   jwtcheck.CodeAlgNotAllowed,
		},
		{
			name:   "RFC 8037 A.4 Ed25519 (non-JSON payload)",
			config: `{"algorithms":["EdDSA"],"keys":{"jwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}},"now":1300819000}`,
			token:  "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
			code:   jwtcheck.CodeMalformed,
			msg:    "claims:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := jwtcheck.Compile([]byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			assertPathsAgree(t, func() *jwtcheck.Verifier {
				v, _ := jwtcheck.Compile([]byte(tt.config))
				return v
			}, tt.token)
			tok, err := v.Verify(tt.token)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if tok.Claims["iss"] != "joe" || tok.Claims["http://example.com/is_root"] != true {
					t.Errorf("claims %v", tok.Claims)
				}
				return
			}
			if jwtcheck.CodeOf(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v (%s), want %s mentioning %q", err, jwtcheck.CodeOf(err), tt.code, tt.msg)
			}
		})
	}
}
