package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// cliCase is one command line, its stdin, and what must come out.
type cliCase struct {
	name     string
	args     []string // the command and its flags; --wasm and --native are added
	stdin    string
	code     int
	stdout   string
	inStderr string
}

// checkCLI runs every case natively and on the wazero host: both must give
// the same exit status and output.
func checkCLI(t *testing.T, cases []cliCase) {
	t.Helper()
	wasm := testmodule.Path(t)
	for _, native := range []bool{true, false} {
		for _, c := range cases {
			args := append([]string{c.args[0], "--wasm", wasm}, c.args[1:]...)
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

func TestCLIEscape(t *testing.T) {
	const in = `Tom & "Jerry" <b>'s</b> café`
	checkCLI(t, []cliCase{
		{"default html", []string{"escape"}, in, exitOK, `Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; café`, ""},
		{"html", []string{"escape", "--context", "html"}, in, exitOK, `Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; café`, ""},
		{"text", []string{"escape", "--context", "text"}, in, exitOK, `Tom &amp; "Jerry" &lt;b&gt;'s&lt;/b&gt; café`, ""},
		{"attr", []string{"escape", "--context=attr"}, "a b=c\n", exitOK, `a&#32;b&#61;c&#10;`, ""},
		{"url", []string{"escape", "--context", "url"}, "a b/é?&", exitOK, `a%20b%2F%C3%A9%3F%26`, ""},
		{"js", []string{"escape", "--context", "js"}, "</script>'\n", exitOK, `\x3C\x2Fscript\x3E\x27\n`, ""},
		{"css", []string{"escape", "--context", "css"}, `a"b</style>`, exitOK, `a\22 b\3C \2F style\3E `, ""},
		{"empty input", []string{"escape"}, "", exitOK, "", ""},
		{"unknown context", []string{"escape", "--context", "sql"}, "x", exitUsage, "", "bad_config"},
		{"context that is not a name", []string{"escape", "--context", "\x01\"}"}, "x", exitUsage, "", "bad_config"},
		{"invalid utf8", []string{"escape"}, "a\xffb", exitRefused, "", "invalid_utf8"},
		{"stray argument", []string{"escape", "text"}, "", exitUsage, "", "unexpected argument"},
	})
}
