package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func TestCLI(t *testing.T) {
	wasm := testmodule.Path(t)
	cases := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string
		inStderr string
	}{
		{"sanitize ugc", []string{"sanitize", "--policy", "ugc"}, `<b>x</b><script>y</script>`, exitOK, "<b>x</b>", ""},
		{"sanitize strict json", []string{"sanitize", "--policy", `{"preset":"strict"}`}, `<b>x</b>`, exitOK, "x", ""},
		{"bad preset", []string{"sanitize", "--policy", "nope"}, "", exitUsage, "", "bad_config"},
		{"invalid utf8", []string{"sanitize"}, "a\xffb", exitRefused, "", "invalid_utf8"},
		{"unknown command", []string{"frobnicate"}, "", exitUsage, "", "unknown command"},
		{"unknown flag", []string{"sanitize", "--bogus"}, "", exitUsage, "", "bogus"},
		{"stray argument", []string{"sanitize", "file.html"}, "", exitUsage, "", "unexpected argument"},
		{"call echo", []string{"call", "--op", "echo"}, "é😀", exitOK, "é😀", ""},
		{"call without op", []string{"call"}, "", exitUsage, "", "--op"},
		{"unknown kind", []string{"call", "--kind", "nope", "--op", "x"}, "", exitUsage, "", "unknown_kind"},
		{"version", []string{"version"}, "", exitOK, "{\"abi\":1,\"version\":\"0.1.0\"}\n", ""},
		{"bad timeout", []string{"sanitize", "--timeout", "soon"}, "", exitUsage, "", "--timeout"},
	}
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			args := append([]string{c.args[0], "--wasm", wasm}, c.args[1:]...)
			if native {
				args = append(args, "--native")
			}
			if c.args[0] == "frobnicate" {
				args = c.args
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

func TestCLIMissingModule(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"sanitize", "--wasm", "/nonexistent.wasm"}, strings.NewReader("x"), &out, &errb)
	if code != exitEngine || !strings.Contains(errb.String(), "unavailable") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}
