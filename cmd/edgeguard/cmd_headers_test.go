package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// helmetDefaultLines is helmet 8.3.0's default header set, in its order.
const helmetDefaultLines = `Content-Security-Policy: default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests
Cross-Origin-Opener-Policy: same-origin
Cross-Origin-Resource-Policy: same-origin
Origin-Agent-Cluster: ?1
Referrer-Policy: no-referrer
Strict-Transport-Security: max-age=31536000; includeSubDomains
X-Content-Type-Options: nosniff
X-DNS-Prefetch-Control: off
X-Download-Options: noopen
X-Frame-Options: SAMEORIGIN
X-Permitted-Cross-Domain-Policies: none
X-XSS-Protection: 0
# remove: X-Powered-By
`

func TestHeadersCommand(t *testing.T) {
	wasm := testmodule.Path(t)
	file := filepath.Join(t.TempDir(), "options.json")
	if err := os.WriteFile(file, []byte(`{"xFrameOptions": {"action": "deny"}, "xPoweredBy": false}`), 0o600); err != nil {
		t.Fatal(err)
	}
	const nonce = "AAAAAAAAAAAAAAAAAAAAAAAA"
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   string // exact, unless empty
		inStdout []string
		inStderr string
	}{
		{name: "helmet defaults", args: nil, stdout: helmetDefaultLines},
		{name: "null is the defaults", args: []string{"--options", "null"}, stdout: helmetDefaultLines},
		{name: "options file", args: []string{"--options", file}, inStdout: []string{"X-Frame-Options: DENY\n"}},
		{name: "strict with nonce", args: []string{"--options", `{"contentSecurityPolicy":{"preset":"strict"}}`, "--nonce", nonce},
			inStdout: []string{"script-src 'nonce-" + nonce + "' 'strict-dynamic' https: 'unsafe-inline';"}},
		{name: "json", args: []string{"--options", `{"contentSecurityPolicy":{"preset":"strict"}}`, "--nonce", nonce, "--json"},
			inStdout: []string{`"remove":["X-Powered-By"],"nonce":"` + nonce + `"}` + "\n", `{"headers":{"Content-Security-Policy":`}},
		{name: "helmet's error", args: []string{"--options", `{"xFrameOptions":{"action":"nope"}}`}, code: exitUsage,
			inStderr: `bad_config: X-Frame-Options received an invalid action "nope"`},
		{name: "missing file", args: []string{"--options", filepath.Join(t.TempDir(), "nope.json")}, code: exitUsage, inStderr: "neither JSON nor a readable file"},
		{name: "short nonce", args: []string{"--options", `{"contentSecurityPolicy":{"preset":"strict"}}`, "--nonce", "short"}, code: exitRefused, inStderr: "bad_nonce"},
		{name: "injected nonce", args: []string{"--options", `{"contentSecurityPolicy":{"preset":"strict"}}`, "--nonce", "abcdefghijklmnopqrstuvwxyz';script-src *"}, code: exitRefused, inStderr: "bad_nonce"},
	}
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			args := append([]string{"headers", "--wasm", wasm}, c.args...)
			if native {
				args = append(args, "--native")
			}
			var out, errb bytes.Buffer
			code := run(args, strings.NewReader("stdin is not read"), &out, &errb)
			ok := code == c.code && strings.Contains(errb.String(), c.inStderr) && (c.stdout == "" || out.String() == c.stdout)
			for _, s := range c.inStdout {
				ok = ok && strings.Contains(out.String(), s)
			}
			if !ok {
				t.Errorf("native=%v %s: exit %d stdout %q stderr %q", native, c.name, code, out.String(), errb.String())
			}
		}
	}
}

// Without --nonce every run draws a fresh 128-bit nonce.
func TestHeadersCommandFreshNonce(t *testing.T) {
	wasm := testmodule.Path(t)
	re := regexp.MustCompile(`'nonce-([^']+)'`)
	seen := map[string]bool{}
	for _, native := range []bool{true, false, true, false} {
		args := []string{"headers", "--wasm", wasm, "--options", `{"contentSecurityPolicy":{"preset":"strict"}}`}
		if native {
			args = append(args, "--native")
		}
		var out, errb bytes.Buffer
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		m := re.FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no nonce in %s", out.String())
		}
		if b, err := base64.StdEncoding.DecodeString(m[1]); err != nil || len(b) < 16 || seen[m[1]] {
			t.Errorf("nonce %q: %d bytes, %v, repeated %v", m[1], len(b), err, seen[m[1]])
		}
		seen[m[1]] = true
	}
}
