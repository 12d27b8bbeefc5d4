package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// practiceCase is one CLI run for the csrf, ratelimit, seal and password
// commands: its exit status, and stdout exactly (or a pattern), stderr by
// substring.
type practiceCase struct {
	name     string
	args     []string
	stdin    string
	code     int
	stdout   string         // exact, unless empty and match is set
	match    *regexp.Regexp // stdout must match
	inStderr string
}

// runPracticeCases runs every case natively and on the wazero host.
func runPracticeCases(t *testing.T, cases []practiceCase) {
	t.Helper()
	wasm := testmodule.Path(t)
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			out, errb, code := runCLI(wasm, native, c.args, c.stdin)
			ok := code == c.code && strings.Contains(errb, c.inStderr)
			if c.match != nil {
				ok = ok && c.match.MatchString(out)
			} else {
				ok = ok && out == c.stdout
			}
			if !ok {
				t.Errorf("native=%v %s: exit %d stdout %q stderr %q; want exit %d stdout %q/%v stderr ∋ %q",
					native, c.name, code, out, errb, c.code, c.stdout, c.match, c.inStderr)
			}
		}
	}
}

func runCLI(wasm string, native bool, args []string, stdin string) (stdout, stderr string, code int) {
	full := append([]string{args[0], "--wasm", wasm}, args[1:]...)
	if native {
		full = append(full, "--native")
	}
	var out, errb bytes.Buffer
	code = run(full, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// nodeKeyring and nodeEnvelope: "hello" sealed by Node's crypto under key
// 0x07… with associated data "ad" (the aead/open/sealed-by-node vector).
const (
	nodeKeyring  = `{"keys":[{"id":"k","key_b64url":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"}],"primary":"k"}`
	nodeEnvelope = "v1.k.CQkJCQkJCQkJCQkJT-Do-NGS6u6dkVPeeNPCGgZq2U9T"
)

func TestSealOpenCommands(t *testing.T) {
	runPracticeCases(t, []practiceCase{
		{name: "open Node's envelope", args: []string{"open", "--keyring", nodeKeyring, "--ad", "ad"}, stdin: nodeEnvelope + "\n", stdout: "hello"},
		{name: "wrong ad", args: []string{"open", "--keyring", nodeKeyring, "--ad", "other"}, stdin: nodeEnvelope, code: exitRefused, inStderr: "decrypt_failed"},
		{name: "no ad", args: []string{"open", "--keyring", nodeKeyring}, stdin: nodeEnvelope, code: exitRefused, inStderr: "decrypt_failed"},
		{name: "garbage", args: []string{"open", "--keyring", nodeKeyring}, stdin: "v1.k.!!", code: exitRefused, inStderr: "bad_envelope"},
		{name: "seal", args: []string{"seal", "--keyring", nodeKeyring}, stdin: "x", match: regexp.MustCompile(`^v1\.k\.[A-Za-z0-9_-]{39}\n$`)},
		{name: "no keyring", args: []string{"seal"}, code: exitUsage, inStderr: "--keyring is required"},
		{name: "short key", args: []string{"seal", "--keyring", `{"keys":[{"id":"k","key_b64url":"AAAA"}],"primary":"k"}`}, code: exitRefused, inStderr: "bad_key"},
	})
}

// What seal writes, open gives back byte for byte (binary, newlines, empty).
func TestSealOpenRoundTrip(t *testing.T) {
	wasm := testmodule.Path(t)
	for _, native := range []bool{true, false} {
		for _, pt := range []string{"", "a\nb\n", "\x00\xff\xfe binary", strings.Repeat("é", 5000)} {
			env, errb, code := runCLI(wasm, native, []string{"seal", "--keyring", nodeKeyring, "--ad", "user:1"}, pt)
			if code != exitOK {
				t.Fatalf("native=%v seal: exit %d %s", native, code, errb)
			}
			out, errb, code := runCLI(wasm, native, []string{"open", "--keyring", nodeKeyring, "--ad", "user:1"}, env)
			if code != exitOK || out != pt {
				t.Errorf("native=%v open(seal(%q)) = %q, exit %d %s", native, pt, out, code, errb)
			}
		}
	}
}
