package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func TestCSRFCheckCommand(t *testing.T) {
	const trusted = `{"trusted_origins":["https://trusted.example"]}`
	post := func(extra string) string {
		return `{"method":"POST","host":"a.example","path":"/x","now_ms":1000` + extra + `}`
	}
	runPracticeCases(t, []practiceCase{
		{name: "same-origin", args: []string{"csrf-check"}, stdin: post(`,"sec_fetch_site":"same-origin"`),
			stdout: `{"allowed":true,"blocked":false,"vary":"Sec-Fetch-Site, Origin"}` + "\n"},
		{name: "cross-site", args: []string{"csrf-check"}, stdin: post(`,"sec_fetch_site":"cross-site"`), code: exitRefused,
			stdout: `{"allowed":false,"blocked":true,"reason":"cross_origin_sec_fetch_site","vary":"Sec-Fetch-Site, Origin",` +
				`"problem":{"type":"about:blank","title":"Forbidden","status":403,"code":"cross_origin_sec_fetch_site"},` +
				`"event":{"datetime":"1970-01-01T00:00:01Z","event":"malicious_csrf","level":"WARN","reason":"cross_origin_sec_fetch_site","request_method":"POST","request_uri":"/x","hostname":"a.example","fields":{"log_only":false,"sec_fetch_site":"cross-site"}}}` + "\n"},
		{name: "trusted origin", args: []string{"csrf-check", "--config", trusted}, stdin: post(`,"sec_fetch_site":"cross-site","origin":"https://trusted.example"`),
			stdout: `{"allowed":true,"blocked":false,"vary":"Sec-Fetch-Site, Origin"}` + "\n"},
		{name: "origin mismatch, no Sec-Fetch-Site", args: []string{"csrf-check"}, stdin: post(`,"origin":"https://evil.example"`), code: exitRefused,
			match: regexp.MustCompile(`"reason":"cross_origin_origin_host"`)},
		{name: "log only", args: []string{"csrf-check", "--config", `{"log_only":true}`}, stdin: post(`,"sec_fetch_site":"cross-site"`),
			match: regexp.MustCompile(`^\{"allowed":true,"blocked":true,`)},
		{name: "bad trusted origin", args: []string{"csrf-check", "--config", `{"trusted_origins":["https://a.example/"]}`}, stdin: post(""), code: exitUsage, inStderr: "bad_config"},
	})
}

// csrf-csrf 4.0.3 minted this token for "session-1" (csrf/testdata).
const (
	interopConfig = `{"secrets":["0123456789abcdef0123456789abcdef-edgeguard-interop"]}`
	interopToken  = "74ba65fb7ea4380dd022ca5ffb446f91d3b566823cf4abdd5886b18baca06623.9b5525ba48f30e9792c29aea2121e0a1483d34da68af561b06072fc2c84a889e"
)

func TestCSRFTokenCommands(t *testing.T) {
	file := filepath.Join(t.TempDir(), "csrf.json")
	if err := os.WriteFile(file, []byte(interopConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	runPracticeCases(t, []practiceCase{
		{name: "csrf-csrf's token", args: []string{"csrf-verify", "--config", file, "--session", "session-1"}, stdin: interopToken + "\n", stdout: `{"ok":true}` + "\n"},
		{name: "other session", args: []string{"csrf-verify", "--config", interopConfig, "--session", "session-2"}, stdin: interopToken, code: exitRefused,
			match: regexp.MustCompile(`^\{"ok":false,"code":"csrf_token_invalid",`)},
		{name: "no token", args: []string{"csrf-verify", "--config", interopConfig, "--session", "s"}, stdin: "", code: exitRefused,
			match: regexp.MustCompile(`"code":"csrf_token_missing"`)},
		{name: "mint", args: []string{"csrf-token", "--config", interopConfig, "--session", "s"},
			match: regexp.MustCompile(`^\{"token":"([0-9a-f]{64}\.[0-9a-f]{64})","set_cookie":"__Host-psifi\.x-csrf-token=[0-9a-f.]{129}; Path=/; Secure; HttpOnly; SameSite=Strict"\}\n$`)},
		{name: "mint without session", args: []string{"csrf-token", "--config", interopConfig}, code: exitRefused, inStderr: "csrf_no_session"},
		{name: "short secret", args: []string{"csrf-token", "--config", `{"secrets":["short"]}`, "--session", "s"}, code: exitUsage, inStderr: "bad_config"},
		{name: "no config", args: []string{"csrf-verify", "--session", "s"}, code: exitUsage, inStderr: "--config is required"},
	})
}

// A token the CLI mints verifies with the CLI, in the other engine mode too.
func TestCSRFTokenMintThenVerify(t *testing.T) {
	wasm := testmodule.Path(t)
	out, errb, code := runCLI(wasm, false, []string{"csrf-token", "--config", interopConfig, "--session", "sess"}, "")
	var minted struct{ Token string }
	if code != exitOK || json.Unmarshal([]byte(out), &minted) != nil {
		t.Fatalf("mint: exit %d %q %s", code, out, errb)
	}
	if out, _, code := runCLI(wasm, true, []string{"csrf-verify", "--config", interopConfig, "--session", "sess"}, minted.Token); code != exitOK {
		t.Errorf("verify: exit %d %q", code, out)
	}
}
