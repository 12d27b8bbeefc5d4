package sanitize

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/edgeguard/edgeguard/sanitize/sanitizetest"
)

// fuzzPolicies are the presets plus a policy that turns on every feature
// with a runtime check (URLs of every kind, hosts, styles, classes, data-*,
// link rewriting, iframes), so that the fuzzer reaches all of them.
func fuzzPolicies(f *testing.F) []*Policy {
	var out []*Policy
	for _, name := range PresetNames() {
		p, err := Preset(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, p)
	}
	p, err := Compile([]byte(`{"preset": "rich",
		"elements": {"iframe": {"attributes": {"src": {"schemes": ["https"], "hosts": ["www.youtube.com", "*.vimeo.com"]}}, "sandbox": ["allow-popups"]},
			"form": ["action"], "button": ["formaction"], "video": ["poster", "src"], "a": ["href", "ping", "target", "rel"],
			"img": {"attributes": {"src": {"schemes": ["https", "data"]}}}, "table": ["background"]},
		"styles": ["background", "background-image", "font", "border"],
		"classes": ["a", "b"], "dataAttributes": true}`))
	if err != nil {
		f.Fatal(err)
	}
	out = append(out, p)
	// The SVG and MathML safe modes, on top of rich and of strict (where
	// foreign content sits directly in the fragment).
	for _, src := range []string{`{"preset": "rich", "svg": true, "mathml": true}`, `{"svg": true, "mathml": true}`} {
		p, err := Compile([]byte(src))
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, p)
	}
	// Every element a policy may allow, so that the fixpoint replay meets
	// forms, selects, ruby, nested tables and the like.
	var names []string
	for name, class := range elementTable {
		if class == allowable {
			names = append(names, `"`+name+`": ["title", "href", "src"]`)
		}
	}
	everything, err := Compile([]byte(`{"elements": {` + strings.Join(names, ", ") + `}}`))
	if err != nil {
		f.Fatal(err)
	}
	return append(out, everything)
}

// FuzzSanitize checks the sanitizer's invariants on arbitrary input: no
// panic; the output is a fixpoint; the output, parsed as a browser would,
// holds only elements and attributes the policy allows and nothing
// script-capable (sanitizetest.Findings).
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		`<p>Hello <b>world</b></p>`, `<a href="javascript:alert(1)">x</a>`, `<img src=x onerror=alert(1)>`,
		`<svg><p><style><img src=x onerror=alert(1)>`, `<math><mtext><table><mglyph><style><img src=x>`,
		`<select><option><style></option></select><b><img src=x onerror=alert(1)></style></option>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, `<p>x<button><p>y</button>`,
		`<div style="font: italic 12px/1.5 'A', serif; background: url(https://x.test/a.png)">s</div>`,
		`<iframe src="https://www.youtube.com/embed/x"></iframe>`, `<a href="https://x.test/" target=_blank rel=x>x</a>`,
		`<img srcset="/a 1x, https://b/c 2x" src="data:image/png;base64,AAAA">`, `<form><input><form>`,
		`<table><td><a><table><a>`, "<pre>\n\nx</pre>", `<span class="a c" data-x="1">`,
		`<form><div></form><form><select><option>1<optgroup><option>2</select>`, `<ruby>a<rp>(<rt>b<rp>)</ruby>`,
		`<dl><dt>a<dd>b<dt>c</dl><ul><li>1<li>2<ol><li>3</ol></ul>`, `<h1>a<h2>b</h2></h1><button>x<button>y`,
		`<svg viewBox="0 0 2 2"><defs><linearGradient id=g><stop offset=0 stop-color=red></linearGradient></defs><path d="M0 0h2" fill="url(#g)"/><text>t</text></svg>`,
		`<math><mfrac><mi>a</mi><mn>2</mn></mfrac><mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable><mtext><b>x</b></mtext></math>`,
		`<svg><title><svg><desc><math><mi><p>x</svg><table><svg><g>`, `<p><svg><foreignObject><p>y</p></foreignObject></svg>`,
	} {
		f.Add(s)
	}
	if dir, ok := sanitizetest.CorporaDir(); ok {
		if ps, err := sanitizetest.DOMPurifyPayloads(dir); err == nil {
			for _, p := range ps {
				f.Add(p.Input)
			}
		}
		if ps, err := sanitizetest.MXSSPayloads(dir); err == nil {
			for _, p := range ps {
				f.Add(p.Input)
			}
		}
	}
	policies := fuzzPolicies(f)
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range policies {
			out, err := p.Sanitize(in)
			if err != nil {
				if e, ok := err.(*Error); !ok || e.Code() != CodeTooLarge {
					t.Fatalf("policy %q: unexpected error %v", p.name, err)
				}
				continue
			}
			again, err := p.Sanitize(out)
			if err != nil || again != out {
				t.Fatalf("policy %q: not a fixpoint:\n in    %q\n out   %q\n again %q (%v)", p.name, in, out, again, err)
			}
			findings := sanitizetest.Findings
			if p.svg != nil || p.mathml != nil {
				findings = sanitizetest.FindingsAllowingForeign
			}
			if f := findings(out); len(f) > 0 {
				t.Fatalf("policy %q: %q -> %q: %v", p.name, in, out, f)
			}
			if bad := p.outsidePolicy(out); bad != "" {
				t.Fatalf("policy %q: %q -> %q: %s", p.name, in, out, bad)
			}
		}
	})
}

// outsidePolicy parses out and describes the first element or attribute in
// it that the policy does not allow, or returns "".
func (p *Policy) outsidePolicy(out string) string {
	nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return err.Error()
	}
	var bad string
	var walk func(n *html.Node, ns string)
	walk = func(n *html.Node, ns string) {
		if bad != "" {
			return
		}
		switch n.Type {
		case html.CommentNode, html.DoctypeNode:
			bad = "comment or doctype"
		case html.ElementNode:
			if n.Namespace != "" || ns != "" {
				r, ok := p.foreignAllowed(n, ns)
				if !ok {
					bad = "element " + n.Namespace + ":" + n.Data + " in " + ns
					return
				}
				for _, a := range n.Attr {
					// Allowed values are emitted as checked, or rewritten
					// into a form the check accepts as is.
					if v, ok := r.attribute(a); !ok || v != a.Val {
						bad = "attribute " + n.Data + "[" + a.Key + "]"
						return
					}
				}
				ns = n.Namespace
				break
			}
			rule := p.elements[n.Data]
			if rule == nil || n.Namespace != "" {
				bad = "element " + n.Data
				return
			}
			for _, a := range n.Attr {
				if _, ok := p.attribute(rule, a); ok {
					continue
				}
				added := a.Key == "rel" || a.Key == "target" && p.links.externalTarget != ""
				if !(added && (n.Data == "a" || n.Data == "area")) && !(a.Key == "sandbox" && rule.iframe) {
					bad = "attribute " + n.Data + "[" + a.Key + "]"
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, ns)
		}
	}
	for _, n := range nodes {
		walk(n, "")
	}
	return bad
}
