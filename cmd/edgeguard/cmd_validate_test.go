package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func TestCLIValidate(t *testing.T) {
	wasm := testmodule.Path(t)
	const schema = `{"email":{"in":["body"],"trim":true,"isEmail":{"errorMessage":"Enter a valid e-mail"}},` +
		`"password":{"in":["body"],"isLength":{"options":{"min":10}}},"age":{"in":["body"],"optional":true,"isInt":{"options":{"min":18}},"toInt":true}}`
	file := filepath.Join(t.TempDir(), "signup.json")
	if err := os.WriteFile(file, []byte(schema), 0o600); err != nil {
		t.Fatal(err)
	}
	wrapper := filepath.Join(t.TempDir(), "wrapper.json")
	if err := os.WriteFile(wrapper, []byte(`{"schema":`+schema+`,"unknown":"reject","showSecrets":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	// Expected results are express-validator 7.3.2's (checked with it), plus
	// code/params and redaction: a chain with fewer rules finishes, and so
	// reports, first.
	cases := []struct {
		name, schema, stdin string
		code                int
		stdout, inStderr    string
	}{
		{"valid request: data, exit 0", schema,
			`{"body":{"email":" ada@example.com ","password":"correct horse","age":"36"}}`, exitOK,
			`{"errors":[],"data":{"password":"correct horse","email":"ada@example.com","age":36}}` + "\n", ""},
		{"errors: printed, redacted, exit 1", file,
			`{"body":{"email":"ada@","password":"short"}}`, exitRefused,
			`{"errors":[{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"password","location":"body","code":"is_length","params":[{"min":10}]},` +
				`{"type":"field","value":"ada@","msg":"Enter a valid e-mail","path":"email","location":"body","code":"is_email"}],"data":{}}` + "\n", ""},
		{"wrapper file: unknown fields rejected, secrets shown", wrapper,
			`{"body":{"email":"ada@example.com","password":"short","admin":true}}`, exitRefused,
			`{"errors":[{"type":"field","value":"short","msg":"Invalid value","path":"password","location":"body","code":"is_length","params":[{"min":10}]},` +
				`{"type":"unknown_fields","msg":"Unknown field(s)","fields":[{"path":"admin","value":true,"location":"body"}],"code":"unknown_fields"}],"data":{"email":"ada@example.com"}}` + "\n", ""},
		{"malformed request", schema, `{"boddy":{}}`, exitRefused, "", "bad_request"},
		{"request not JSON", schema, `email=x`, exitRefused, "", "bad_request"},
		{"unknown rule", `{"a":{"isEmaill":true}}`, `{}`, exitUsage, "", "isEmaill"},
		{"schema not an object", `{`, `{}`, exitUsage, "", "bad_config"},
		{"missing schema file", filepath.Join(t.TempDir(), "nope.json"), `{}`, exitUsage, "", "--schema"},
		{"no schema", "", `{}`, exitUsage, "", "needs --schema"},
	}
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			args := []string{"validate", "--wasm", wasm, "--schema", c.schema}
			if native {
				args = append(args, "--native")
			}
			var out, errb bytes.Buffer
			code := run(args, strings.NewReader(c.stdin), &out, &errb)
			if code != c.code || out.String() != c.stdout || !strings.Contains(errb.String(), c.inStderr) {
				t.Errorf("native=%v %s: exit %d stdout %q stderr %q; want exit %d stdout %q stderr ∋ %q",
					native, c.name, code, out.String(), errb.String(), c.code, c.stdout, c.inStderr)
			}
		}
	}
}
