package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func TestJWTCommands(t *testing.T) {
	wasm := testmodule.Path(t)
	// A fixed TEST-ONLY Ed25519 key (RFC 8032 test 1) and clock.
	seed, _ := base64.StdEncoding.DecodeString("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
	priv := ed25519.NewKeyFromSeed(seed)
	enc := base64.RawURLEncoding.EncodeToString
	sign := func(claims string) string {
		input := enc([]byte(`{"alg":"EdDSA"}`)) + "." + enc([]byte(claims))
		return input + "." + enc(ed25519.Sign(priv, []byte(input)))
	}
	x := enc(priv.Public().(ed25519.PublicKey))
	config := fmt.Sprintf(`{"algorithms":["EdDSA"],"keys":{"jwk":{"kty":"OKP","crv":"Ed25519","x":%q}},"issuer":"https://idp.test","now":1800000000}`, x)
	file := filepath.Join(t.TempDir(), "verifier.json")
	if err := os.WriteFile(file, []byte(config+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := sign(`{"iss":"https://idp.test","sub":"u1","exp":1800000600,"roles":["admin"]}`)
	goodJSON := `{"header":{"alg":"EdDSA"},"claims":{"exp":1800000600,"iss":"https://idp.test","roles":["admin"],"sub":"u1"}}` + "\n"
	forged := good[:strings.LastIndexByte(good, '.')] + "." + enc(make([]byte, 64))
	algNone := enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"roles":["admin"]}`)) + "."

	cases := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string
		inStderr string
	}{
		{"valid", []string{"jwt", "verify", "--config", config}, good, exitOK, goodJSON, ""},
		{"jwt-verify alias", []string{"jwt-verify", "--config", config}, good, exitOK, goodJSON, ""},
		{"jwt-verify alias refuses", []string{"jwt-verify", "--config", file}, forged, exitRefused, "", "edgeguard: signature: "},
		{"config file", []string{"jwt", "verify", "--config", file}, good, exitOK, "", ""},
		{"--token, newline trimmed", []string{"jwt", "verify", "--config", file, "--token", good + "\n"}, "", exitOK, "", ""},
		{"stdin is the exact token", []string{"jwt", "verify", "--config", file}, good + "\n", exitRefused, "", "edgeguard: malformed: "},
		{"expired", []string{"jwt", "verify", "--config", file}, sign(`{"iss":"https://idp.test","exp":1799999999}`), exitRefused, "", "edgeguard: expired: "},
		{"issuer", []string{"jwt", "verify", "--config", file}, sign(`{"iss":"https://evil.test","exp":1800000600}`), exitRefused, "", "edgeguard: issuer: "},
		{"forged", []string{"jwt", "verify", "--config", file}, forged, exitRefused, "", "edgeguard: signature: "},
		{"alg none", []string{"jwt", "verify", "--config", file}, enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{}`)) + ".", exitRefused, "", "alg_not_allowed"},
		{"no config", []string{"jwt", "verify"}, good, exitUsage, "", "--config is required"},
		{"missing file", []string{"jwt", "verify", "--config", "/nonexistent.json"}, good, exitUsage, "", "--config"},
		{"bad config", []string{"jwt", "verify", "--config", `{"algorithms":["none"],"keys":{"secret_b64url":"x"}}`}, good, exitUsage, "", "bad_config"},
		{"weak key is a configuration error", []string{"jwt", "verify", "--config", `{"algorithms":["HS256"],"keys":{"secret_b64url":"AAAA"}}`}, good, exitUsage, "", "key_weak"},
		{"authorize alias", []string{"jwt-authorize", "--rule", `{"roles":["admin"]}`}, `{"roles":["admin"]}`, exitOK, `{"ok":true}` + "\n", ""},
		// decode prints what verify prints for a good token, and the same
		// for tokens verify refuses, with the warning on stderr.
		{"decode", []string{"jwt", "decode"}, good, exitOK, goodJSON, "edgeguard: UNVERIFIED: "},
		{"decode forged", []string{"jwt", "decode"}, forged, exitOK, goodJSON, "UNVERIFIED"},
		{"decode alg none", []string{"jwt", "decode", "--token", algNone + "\n"}, "", exitOK,
			`{"header":{"alg":"none"},"claims":{"roles":["admin"]}}` + "\n", "UNVERIFIED"},
		{"decode malformed", []string{"jwt", "decode"}, good + "\n", exitRefused, "", "edgeguard: malformed: "},
		{"decode duplicate claims", []string{"jwt", "decode"}, enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(`{"a":1,"a":2}`)) + ".", exitRefused, "", "malformed: claims: duplicate member name"},
		{"decode cap", []string{"jwt", "decode", "--max-token-bytes", "40"}, good, exitRefused, "", "edgeguard: too_large: "},
		{"decode bad cap", []string{"jwt", "decode", "--max-token-bytes", "-1"}, good, exitUsage, "", "bad_config"},
		{"group without command", []string{"jwt"}, "", exitUsage, "", `"jwt" needs one of: jwt authorize, jwt decode, jwt verify`},
		{"group with unknown command", []string{"jwt", "forge"}, "", exitUsage, "", `"jwt" needs one of`},
		{"authorize bare rule", []string{"jwt", "authorize", "--rule", `{"roles":["admin"]}`}, `{"roles":["admin"]}`, exitOK, `{"ok":true}` + "\n", ""},
		{"authorize policy", []string{"jwt", "authorize", "--rule", `{"rule":{"roles":["admin"]},"roles_claim":"/realm/roles"}`}, `{"realm":{"roles":["x"]}}`, exitRefused,
			`{"ok":false,"code":"insufficient_scope","missing":["role:admin"]}` + "\n", ""},
		{"authorize a rule with a claim named rule", []string{"jwt", "authorize", "--rule", `{"claim_equals":{"rule":"x"}}`}, `{"rule":"x"}`, exitOK, `{"ok":true}` + "\n", ""},
		{"authorize duplicate claims", []string{"jwt", "authorize", "--rule", `{"roles":["admin"]}`}, `{"roles":[],"roles":["admin"]}`, exitRefused, "", "malformed"},
		{"authorize empty rule", []string{"jwt", "authorize", "--rule", `{}`}, `{}`, exitUsage, "", "bad_config"},
	}
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			// Flags after the command's words, which may be two.
			args := append(append([]string(nil), c.args...), "--wasm", wasm)
			if native {
				args = append(args, "--native")
			}
			var out, errb bytes.Buffer
			code := run(args, strings.NewReader(c.stdin), &out, &errb)
			if code != c.code || (c.stdout != "" && out.String() != c.stdout) || !strings.Contains(errb.String(), c.inStderr) {
				t.Errorf("native=%v %s: exit %d stdout %q stderr %q; want exit %d stdout %q stderr ∋ %q",
					native, c.name, code, out.String(), errb.String(), c.code, c.stdout, c.inStderr)
			}
		}
	}
}
