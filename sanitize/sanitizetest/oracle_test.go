package sanitizetest

import "testing"

func TestFindings(t *testing.T) {
	cases := []struct {
		html string
		bad  bool
	}{
		{`<p>Hello <b>world</b> <a href="https://x.test/">x</a> <img src="/a.png"></p>`, false},
		{`<img src="data:image/png;base64,AAAA">`, false},
		{`<a href="/javascript:x">relative</a>`, false},
		{`<iframe src="https://x.test/" sandbox="allow-popups"></iframe>`, false},
		{`<img src=x onerror=alert(1)>`, true},
		{`<script>alert(1)</script>`, true},
		{`<a href="java&#x09;script:alert(1)">x</a>`, true},
		{"<a href=\"\x01 JAVASCRIPT:alert(1)\">x</a>", true},
		{`<a href="data:text/html,x">x</a>`, true},
		{`<img src="data:image/svg+xml,<svg onload=alert(1)>">`, true},
		{`<img srcset="/a 1x, javascript:alert(1) 2x">`, true},
		{`<form action="vbscript:x"></form>`, true},
		{`<svg><a xlink:href="javascript:alert(1)">x</a></svg>`, true},
		{`<math><mi>x</mi></math>`, true},
		{`<iframe src="https://x.test/"></iframe>`, true},
		{`<iframe sandbox="allow-scripts allow-same-origin"></iframe>`, true},
		{`<iframe srcdoc="<p>x" sandbox></iframe>`, true},
		{`<div style="width: expression(alert(1))">x</div>`, true},
		{`<object data="x.swf"></object>`, true},
		{`<base href="https://evil.test/">`, true},
		{`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, true},
	}
	for _, c := range cases {
		f := Findings(c.html)
		if (len(f) > 0) != c.bad {
			t.Errorf("Findings(%q) = %v, want findings: %v", c.html, f, c.bad)
		}
	}
}

func TestFindingsAllowingForeign(t *testing.T) {
	cases := []struct {
		html string
		bad  bool
	}{
		{`<svg viewBox="0 0 2 2"><path d="M0 0h2v2z" fill="red"></path><text>t</text></svg>`, false},
		{`<math><mfrac><mi>a</mi><mn>2</mn></mfrac></math>`, false},
		{`<svg><script>alert(1)</script></svg>`, true},
		{`<svg onload="alert(1)"></svg>`, true},
		{`<svg><use href="#x"></use></svg>`, true},
		{`<svg><a xlink:href="https://x.test/">x</a></svg>`, true},
		{`<svg><rect xlink:title="t"></rect></svg>`, true},
		{`<svg><foreignObject><p>x</p></foreignObject></svg>`, true},
		{`<svg><title><b>x</b></title></svg>`, true},
		{`<svg><animate attributeName="href" to="javascript:alert(1)"></animate></svg>`, true},
		{`<math><mtext><mglyph></mglyph></mtext></math>`, true},
		{`<math><annotation-xml encoding="text/html"><p>x</p></annotation-xml></math>`, true},
		{`<img src=x onerror=alert(1)>`, true},
	}
	for _, c := range cases {
		f := FindingsAllowingForeign(c.html)
		if (len(f) > 0) != c.bad {
			t.Errorf("FindingsAllowingForeign(%q) = %v, want findings: %v", c.html, f, c.bad)
		}
	}
}

// TestFindingsPositiveControl runs the raw, unsanitized DOMPurify payloads
// through the oracle: most of them must be flagged, or a corpus test that
// finds nothing in sanitized output would prove nothing.
func TestFindingsPositiveControl(t *testing.T) {
	dir, ok := CorporaDir()
	if !ok {
		t.Skip("../shared/corpora is absent; positive control skipped")
	}
	payloads, err := DOMPurifyPayloads(dir)
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, p := range payloads {
		if len(Findings(p.Input)) > 0 {
			flagged++
		}
	}
	t.Logf("%d of %d raw DOMPurify payloads flagged", flagged, len(payloads))
	if flagged < len(payloads)/2 {
		t.Errorf("only %d of %d raw payloads flagged: the oracle is blind", flagged, len(payloads))
	}
}
