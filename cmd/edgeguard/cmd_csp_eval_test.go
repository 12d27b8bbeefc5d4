package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func TestCSPEvalCommand(t *testing.T) {
	wasm := testmodule.Path(t)
	// The strict preset's policy: its fallbacks (https:, 'unsafe-inline') are
	// ignored by CSP3 browsers and are HIGH findings for CSP1 ones.
	const strict = "script-src 'nonce-rAnd0mNonceValue123456' 'strict-dynamic' https: 'unsafe-inline' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'"
	cases := []struct {
		name     string
		args     []string
		policy   string
		code     int
		stdout   string // exact, unless empty
		inStdout []string
		inStderr string
	}{
		{name: "HIGH fails", policy: "script-src 'unsafe-inline' https:; object-src 'none'", code: exitRefused, stdout: "" +
			"HIGH         SCRIPT_UNSAFE_INLINE               script-src 'unsafe-inline': 'unsafe-inline' allows the execution of unsafe in-page scripts and event handlers.\n" +
			"HIGH         PLAIN_URL_SCHEMES                  script-src https:: https: URI in script-src allows the execution of unsafe scripts.\n"},
		{name: "MEDIUM_MAYBE passes by default", policy: "script-src 'self'; object-src 'none'", code: exitOK,
			inStdout: []string{"MEDIUM_MAYBE SCRIPT_ALLOWLIST_BYPASS            script-src 'self': "}},
		{name: "--fail-on medium_maybe", args: []string{"--fail-on", "medium_maybe"}, policy: "script-src 'self'; object-src 'none'", code: exitRefused},
		{name: "--fail-on none", args: []string{"--fail-on", "none"}, policy: "script-src *", code: exitOK, inStdout: []string{"HIGH "}},
		{name: "strict policy passes every check", args: []string{"--strict", "--extra", "--wasm-page", "--fail-on", "info"}, policy: strict + "; require-trusted-types-for 'script'", code: exitOK,
			inStdout: []string{"NONE         IGNORED                            script-src https:: Because of strict-dynamic"}},
		{name: "strict checks", args: []string{"--strict", "--fail-on", "strict_csp"}, policy: "script-src 'nonce-rAnd0mNonceValue123456' 'strict-dynamic'; object-src 'none'; base-uri 'none'", code: exitRefused,
			inStdout: []string{"STRICT_CSP   UNSAFE_INLINE_FALLBACK", "STRICT_CSP   ALLOWLIST_FALLBACK"}},
		{name: "wasm check", args: []string{"--extra", "--wasm-page", "--fail-on", "medium"}, policy: "script-src 'nonce-rAnd0mNonceValue123456'; object-src 'none'; base-uri 'none'",
			code: exitRefused, inStdout: []string{"MEDIUM       MISSING_WASM_UNSAFE_EVAL"}},
		{name: "json", args: []string{"--json"}, policy: "object-src 'none'", code: exitRefused,
			stdout: `[{"type":"MISSING_DIRECTIVES","severity":"HIGH","directive":"script-src","value":null,"description":"script-src directive is missing."}]` + "\n"},
		{name: "CSP1", args: []string{"--csp-version", "CSP1"}, policy: strict, code: exitRefused, inStdout: []string{"HIGH         SCRIPT_UNSAFE_INLINE"}},
		{name: "CSP3", args: []string{"--csp-version", "CSP3"}, policy: strict, code: exitOK},
		{name: "bad --fail-on", args: []string{"--fail-on", "severe"}, code: exitUsage, inStderr: `--fail-on "severe" is not a severity`},
		{name: "bad version", args: []string{"--csp-version", "CSP9"}, code: exitUsage, inStderr: "bad_config"},
		{name: "not UTF-8", policy: "script-src \xff", code: exitRefused, inStderr: "invalid_utf8"},
	}
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			args := append([]string{"csp-eval", "--wasm", wasm}, c.args...)
			if native {
				args = append(args, "--native")
			}
			var out, errb bytes.Buffer
			code := run(args, strings.NewReader(c.policy), &out, &errb)
			ok := code == c.code && strings.Contains(errb.String(), c.inStderr) && (c.stdout == "" || out.String() == c.stdout)
			for _, s := range c.inStdout {
				ok = ok && strings.Contains(out.String(), s)
			}
			if !ok {
				t.Errorf("native=%v %s: exit %d stdout %q stderr %q; want exit %d", native, c.name, code, out.String(), errb.String(), c.code)
			}
		}
	}
}
