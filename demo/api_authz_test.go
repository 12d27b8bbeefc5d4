package demo

import (
	"encoding/json"
	"testing"
)

func TestAuthzAPI(t *testing.T) {
	post := practiceServer(t)
	const claims = `{"sub":"user-42","scope":"read:orders write:orders","roles":["editor"],"tenant":"acme",` +
		`"realm_access":{"roles":["auditor"]},"account":{"status":"active"}}`
	cases := []struct {
		name, rule, claims string
		output, code       string // exact output, or error code
	}{
		{"allowed", `{"roles_any":["editor","admin"],"scope":["write:orders"]}`, claims, `{"ok":true}`, ""},
		{"denied, every lack named", `{"roles":["admin"],"scope":["delete:orders"]}`, claims,
			`{"ok":false,"code":"insufficient_scope","missing":["scope:delete:orders","role:admin"]}`, ""},
		// A policy document (it has "rule") is used as is: its roles_claim
		// points at realm_access, where "auditor" is and "editor" is not.
		{"policy with roles_claim", `{"rule":{"roles":["auditor"],"claim_in":{"/account/status":["active"]}},"roles_claim":"/realm_access/roles"}`, claims, `{"ok":true}`, ""},
		{"policy, denied", `{"rule":{"roles":["editor"]},"roles_claim":"/realm_access/roles"}`, claims,
			`{"ok":false,"code":"insufficient_scope","missing":["role:editor"]}`, ""},
		{"any / not", `{"any":[{"roles_any":["admin"]},{"claim_equals":{"tenant":"acme"}}],"not":{"claim_in":{"/account/status":["closed"]}}}`, claims, `{"ok":true}`, ""},
		{"unknown rule key", `{"rolez":["admin"]}`, claims, "", "bad_config"},
		{"empty rule allows nothing", `{}`, claims, "", "bad_config"},
		{"claims not an object", `{"roles":["admin"]}`, `[1]`, "", "malformed"},
	}
	for _, c := range cases {
		body, _ := json.Marshal(map[string]json.RawMessage{"config": json.RawMessage(c.rule), "input": json.RawMessage(c.claims)})
		reply, status := post("/api/authz", string(body))
		if status != 200 {
			t.Errorf("%s: HTTP %d", c.name, status)
			continue
		}
		code := ""
		if reply.Error != nil {
			code = reply.Error.Code
		}
		if string(reply.Output) != c.output || code != c.code {
			t.Errorf("%s: got %s %+v, want %s %q", c.name, reply.Output, reply.Error, c.output, c.code)
		}
	}
	if _, status := post("/api/authz", `{"config":{"roles":["admin"]}}`); status != 400 {
		t.Errorf("no claims: HTTP %d, want 400", status)
	}
}

func TestAuthzPolicy(t *testing.T) {
	for _, c := range []struct{ rule, want string }{
		{`{"roles":["a"]}`, `{"rule":{"roles":["a"]}}`},
		{`{"rule":{"roles":["a"]},"roles_claim":"/r"}`, `{"rule":{"roles":["a"]},"roles_claim":"/r"}`},
		{`[1]`, `{"rule":[1]}`}, // not an object: the module refuses the wrapped rule
	} {
		if got := string(authzPolicy(json.RawMessage(c.rule))); got != c.want {
			t.Errorf("authzPolicy(%s) = %s, want %s", c.rule, got, c.want)
		}
	}
}
