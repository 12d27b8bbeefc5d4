package sanitize

import (
	"testing"

	"github.com/edgeguard/edgeguard/sanitize/sanitizetest"
)

// TestReplay checks replay's verdicts on outputs whose re-parse is known,
// and, on every corpus payload, that "trivial" is only ever said of output
// that our parser indeed reads back unchanged.
func TestReplay(t *testing.T) {
	rich, err := Preset("rich")
	if err != nil {
		t.Fatal(err)
	}
	forms, err := Compile([]byte(`{"preset": "rich", "elements": {"form": [], "button": [], "select": [], "option": [], "tr": [], "td": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	partial, err := Compile([]byte(`{"elements": {"li": [], "table": [], "tbody": [], "tr": [], "p": []}}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		p       *Policy
		in      string
		trivial bool
	}{
		{"plain formatting", rich, `<p>a <b>b</b> <a href="/x">c</a></p><ul><li>1</li><li>2<ul><li>3</li></ul></li></ul>`, true},
		{"table", rich, `<table><tbody><tr><td>1</td></tr></tbody></table>`, true},
		{"p inside button inside p is stable", forms, `<p>x<button><p>y</button>`, true},
		{"unwrapped button leaves p in p", rich, `<p>x<button><p>y</button>`, false},
		{"nested forms", forms, `<form><div></form><form>x`, false},
		{"a in a after unwrapping", rich, `<a href="/1">1<x-a><table><tr><td><a href="/2">2</a></td></tr></table></x-a></a>`, false},
		{"text left in a table row", partial, `<table><tr><td>cell</td></tr></table>`, false},
		{"select", forms, `<select><option>1</option></select>`, false},
		{"li directly in li", partial, `<li>1<ul><li>2</li></ul></li>`, false},
		{"p directly in p", partial, `<p>1<button><p>2</p></button></p>`, false},
		{"heading in heading", rich, `<h1>a<x-h><h2>b</h2></x-h></h1>`, false},
		{"td outside a table", forms, `<td>x</td>`, true}, // the parser drops the stray td first
	}
	for _, c := range cases {
		out, trivial, err := c.p.pass(c.in, true)
		if err != nil {
			t.Fatal(err)
		}
		again, _, _ := c.p.pass(out, true)
		if trivial != c.trivial {
			t.Errorf("%s: %q -> %q: trivial = %v, want %v (re-parse gives %q)", c.name, c.in, out, trivial, c.trivial, again)
		}
		if trivial && again != out {
			t.Errorf("%s: said trivial, but %q re-parses as %q", c.name, out, again)
		}
	}
	payloads := sanitizetest.CorpusPayloads(t)
	for _, name := range PresetNames() {
		p, _ := Preset(name)
		n := 0
		for _, pl := range payloads {
			out, trivial, err := p.pass(pl.Input, true)
			if err != nil || !trivial {
				continue
			}
			n++
			if again, _, _ := p.pass(out, true); again != out {
				t.Errorf("%s %s: said trivial, but %q re-parses as %q", name, pl.Name, out, again)
			}
		}
		t.Logf("preset %s: %d of %d corpus outputs proved fixpoints without a re-parse", name, n, len(payloads))
	}
}
