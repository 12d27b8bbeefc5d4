package jwtcheck_test

import (
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/jwtcheck"
)

func TestPolicy(t *testing.T) {
	claims := `{"sub":"u1","scope":"read:orders write:orders","scp":["admin:ui"],"roles":["editor","viewer"],
		"permissions":["orders:delete"],"tenant":"acme","level":3,"beta":true,"groups":"a b c",
		"realm_access":{"roles":["ops"]},"https://example.com/roles":["owner"],"tags":["x","y"]}`
	tests := []struct {
		name, policy string
		want         string // Decision JSON
	}{
		{"scope-all-ok", `{"rule":{"scope":["read:orders","write:orders"]}}`, `{"ok":true}`},
		{"scope-from-scp", `{"rule":{"scope":["admin:ui"]}}`, `{"ok":true}`},
		{"scope-missing", `{"rule":{"scope":["read:orders","delete:orders","x"]}}`, `{"ok":false,"code":"insufficient_scope","missing":["scope:delete:orders","scope:x"]}`},
		{"scope-any-ok", `{"rule":{"scope_any":["nope","read:orders"]}}`, `{"ok":true}`},
		{"scope-any-missing", `{"rule":{"scope_any":["a","b"]}}`, `{"ok":false,"code":"insufficient_scope","missing":["scope_any:a b"]}`},
		{"scope-claims-restricted", `{"rule":{"scope":["admin:ui"]},"scope_claims":["scope"]}`, `{"ok":false,"code":"insufficient_scope","missing":["scope:admin:ui"]}`},
		{"scope-is-case-sensitive", `{"rule":{"scope":["READ:orders"]}}`, `{"ok":false,"code":"insufficient_scope","missing":["scope:READ:orders"]}`},
		{"roles-ok", `{"rule":{"roles":["editor"]}}`, `{"ok":true}`},
		{"roles-any-missing", `{"rule":{"roles_any":["admin","owner"]}}`, `{"ok":false,"code":"insufficient_scope","missing":["role_any:admin owner"]}`},
		{"roles-pointer", `{"rule":{"roles":["ops"]},"roles_claim":"/realm_access/roles"}`, `{"ok":true}`},
		{"roles-namespaced", `{"rule":{"roles":["owner"]},"roles_claim":"https://example.com/roles"}`, `{"ok":true}`},
		{"roles-string-is-not-a-list", `{"rule":{"roles":["a"]},"roles_claim":"groups"}`, `{"ok":false,"code":"insufficient_scope","missing":["role:a"]}`},
		{"permissions", `{"rule":{"permissions":["orders:delete"],"permissions_any":["x","orders:delete"]}}`, `{"ok":true}`},
		{"permissions-missing", `{"rule":{"permissions":["orders:create"]}}`, `{"ok":false,"code":"insufficient_scope","missing":["permission:orders:create"]}`},
		{"claim-equals", `{"rule":{"claim_equals":{"tenant":"acme","level":3.0,"beta":true}}}`, `{"ok":true}`},
		{"claim-equals-type", `{"rule":{"claim_equals":{"level":"3"}}}`, `{"ok":false,"code":"insufficient_scope","missing":["claim_equals:level"]}`},
		{"claim-equals-absent", `{"rule":{"claim_equals":{"org":"acme"}}}`, `{"ok":false,"code":"insufficient_scope","missing":["claim_equals:org"]}`},
		{"claim-includes-array", `{"rule":{"claim_includes":{"tags":["y","x"]}}}`, `{"ok":true}`},
		{"claim-includes-string", `{"rule":{"claim_includes":{"groups":["c","a"]}}}`, `{"ok":true}`},
		{"claim-includes-missing", `{"rule":{"claim_includes":{"tags":["x","z"]}}}`, `{"ok":false,"code":"insufficient_scope","missing":["claim_includes:tags"]}`},
		{"claim-in", `{"rule":{"claim_in":{"tenant":["globex","acme"]}}}`, `{"ok":true}`},
		{"claim-in-missing", `{"rule":{"claim_in":{"tenant":["globex"]}}}`, `{"ok":false,"code":"insufficient_scope","missing":["claim_in:tenant"]}`},
		{"implicit-and", `{"rule":{"scope":["read:orders"],"roles_any":["admin"],"claim_equals":{"tenant":"acme"}}}`, `{"ok":false,"code":"insufficient_scope","missing":["role_any:admin"]}`},
		{"any-one", `{"rule":{"any":[{"roles":["admin"]},{"claim_equals":{"tenant":"acme"}}]}}`, `{"ok":true}`},
		{"any-none", `{"rule":{"any":[{"roles":["admin"]},{"scope":["x"]}]}}`, `{"ok":false,"code":"insufficient_scope","missing":["role:admin","scope:x"]}`},
		{"all", `{"rule":{"all":[{"roles":["editor"]},{"scope":["x"]}]}}`, `{"ok":false,"code":"insufficient_scope","missing":["scope:x"]}`},
		{"not-ok", `{"rule":{"not":{"claim_equals":{"tenant":"evil"}}}}`, `{"ok":true}`},
		{"not-denies", `{"rule":{"not":{"roles":["viewer"]}}}`, `{"ok":false,"code":"insufficient_scope","missing":["not"]}`},
		{"pointer-escapes", `{"rule":{"claim_includes":{"/https:~1~1example.com~1roles":["owner"]}}}`, `{"ok":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := jwtcheck.CompilePolicy([]byte(tt.policy))
			if err != nil {
				t.Fatalf("CompilePolicy: %v", err)
			}
			d, err := p.Check([]byte(claims))
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := string(d.JSON()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if (d.Err() == nil) != d.OK {
				t.Errorf("Err() %v disagrees with OK %v", d.Err(), d.OK)
			}
		})
	}
}

func TestPolicyConfigErrors(t *testing.T) {
	tests := []struct{ name, policy, mention string }{
		{"no-rule", `{}`, "rule"},
		{"empty-rule", `{"rule":{}}`, "at least one condition"},
		{"unknown-member", `{"rule":{"scopes":["a"]}}`, `"scopes"`},
		{"unknown-top", `{"rule":{"scope":["a"]},"role_claim":"r"}`, `"role_claim"`},
		{"case-variant", `{"rule":{"scope":["a"],"Scope":["b"]}}`, "differ only in case"},
		{"empty-list", `{"rule":{"scope":[]}}`, "non-empty"},
		{"not-strings", `{"rule":{"roles":[1]}}`, "strings"},
		{"empty-any", `{"rule":{"any":[]}}`, "non-empty"},
		{"nested-empty", `{"rule":{"all":[{"not":{}}]}}`, "rule.all[0].not"},
		{"object-value", `{"rule":{"claim_equals":{"a":{"b":1}}}}`, "strings, numbers or booleans"},
		{"null-value", `{"rule":{"claim_equals":{"a":null}}}`, "strings, numbers or booleans"},
		{"includes-not-array", `{"rule":{"claim_includes":{"a":"b"}}}`, "non-empty array"},
		{"bad-pointer", `{"rule":{"claim_equals":{"/a~2":"b"}}}`, "~"},
		{"empty-path", `{"rule":{"scope":["a"]},"roles_claim":""}`, "empty"},
		{"scope-claims-empty", `{"rule":{"scope":["a"]},"scope_claims":[]}`, "non-empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jwtcheck.CompilePolicy([]byte(tt.policy))
			if jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
				t.Fatalf("got %v, want bad_config", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("%q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestPolicyMalformedClaims(t *testing.T) {
	p, err := jwtcheck.CompilePolicy([]byte(`{"rule":{"roles":["admin"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, claims := range []string{`{"roles":["user"],"Roles":["admin"]}`, `[]`, `null`, `{"roles":["admin"],"roles":[]}`} {
		if _, err := p.Check([]byte(claims)); jwtcheck.CodeOf(err) != jwtcheck.CodeMalformed {
			t.Errorf("%s: %v, want malformed", claims, err)
		}
	}
}

func TestChallenge(t *testing.T) {
	p, _ := jwtcheck.CompilePolicy([]byte(`{"rule":{"scope":["read:a","write:a"],"roles":["x"]}}`))
	denied := p.Evaluate(map[string]any{"scope": "read:a"}).Err()
	tests := []struct {
		name   string
		err    error
		status int
		header string
	}{
		{"no-token", nil, 401, `Bearer realm="api"`},
		{"expired", &jwtcheckErr{"expired"}, 401, `Bearer realm="api", error="invalid_token", error_description="the token expired"`},
		{"signature", &jwtcheckErr{"signature"}, 401, `Bearer realm="api", error="invalid_token", error_description="the token signature is invalid"`},
		{"denied", denied, 403, `Bearer realm="api", error="insufficient_scope", error_description="the token does not grant access to this resource", scope="write:a"`},
		{"bad-config", &jwtcheckErr{"bad_config"}, 500, ``},
		{"uncoded", errPlain("boom"), 500, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := jwtcheck.ChallengeFor(tt.err)
			if c.Status != tt.status {
				t.Errorf("status %d, want %d", c.Status, tt.status)
			}
			if got := c.WWWAuthenticate("api"); got != tt.header {
				t.Errorf("header\n got %s\nwant %s", got, tt.header)
			}
		})
	}
	// Real verifier errors map the same way.
	v := mustCompile(t, baseConfig())
	_, err := v.Verify("x.y.z")
	if c := jwtcheck.ChallengeFor(err); c.Status != 401 || c.Error != "invalid_token" {
		t.Errorf("malformed token: %+v", c)
	}
	// Realms cannot inject header syntax.
	if got := jwtcheck.ChallengeFor(nil).WWWAuthenticate("a\"b\\c\r\nSet-Cookie: x"); got != `Bearer realm="a\"b\\cSet-Cookie: x"` {
		t.Errorf("realm quoting: %s", got)
	}
}

type jwtcheckErr struct{ code string }

func (e *jwtcheckErr) Error() string { return e.code }
func (e *jwtcheckErr) Code() string  { return e.code }

type errPlain string

func (e errPlain) Error() string { return string(e) }

func TestChallengeJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{"status":401,"www_authenticate":"Bearer"}`},
		{`{"realm":"api"}`, `{"status":401,"www_authenticate":"Bearer realm=\"api\""}`},
		{`{"code":"expired","realm":"api"}`, `{"status":401,"error":"invalid_token","error_description":"the token expired","www_authenticate":"Bearer realm=\"api\", error=\"invalid_token\", error_description=\"the token expired\""}`},
		{`{"code":"insufficient_scope","missing":["scope:a","role:x","scope_any:b c"]}`, `{"status":403,"error":"insufficient_scope","error_description":"the token does not grant access to this resource","scope":"a b c","www_authenticate":"Bearer error=\"insufficient_scope\", error_description=\"the token does not grant access to this resource\", scope=\"a b c\""}`},
		{`{"code":"bad_config","realm":"api"}`, `{"status":500}`},
		{`{"code":"jwks_invalid","realm":"api"}`, `{"status":500}`},
		{`{"code":"jwks_unavailable","realm":"api"}`, `{"status":503}`},
		{`{"code":"jwks_timeout"}`, `{"status":503}`},
	}
	for _, tt := range tests {
		got, err := jwtcheck.ChallengeJSON([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s:\n got %s (%v)\nwant %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{`{"code":1}`, `{"cod":"x"}`, `[]`, `{"CODE":"expired"}`, `{"code":"a","code":"b"}`, `{"missing":"scope:a"}`, `{"missing":[1]}`, `{"realm":null}`} {
		if _, err := jwtcheck.ChallengeJSON([]byte(bad)); jwtcheck.CodeOf(err) != jwtcheck.CodeMalformed {
			t.Errorf("%s: %v, want malformed", bad, err)
		}
	}
}
