package sanitize_test

import (
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/sanitize"
	"github.com/edgeguard/edgeguard/sanitize/sanitizetest"
)

// foreignPolicy is ugc with the SVG and MathML safe modes on.
const foreignPolicy = `{"preset": "ugc", "svg": true, "mathml": true}`

func TestForeignBenignSurvives(t *testing.T) {
	run(t, []sanitizeCase{
		{"icon path", foreignPolicy,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill-rule="evenodd" d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>`,
			`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill-rule="evenodd" d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"></path></svg>`},
		{"shapes, transform and text", foreignPolicy,
			`<svg><g transform="translate(10, 20) rotate(45)"><circle cx="5" cy="5" r="4" stroke="#000" stroke-width="2" fill="none"/><text x="0" y="10" font-family="Arial, sans-serif">Hi &amp; &lt;bye&gt;</text></g></svg>`,
			`<svg><g transform="translate(10, 20) rotate(45)"><circle cx="5" cy="5" r="4" stroke="#000" stroke-width="2" fill="none"></circle><text x="0" y="10" font-family="Arial, sans-serif">Hi &amp; &lt;bye&gt;</text></g></svg>`},
		{"polyline, polygon, line", foreignPolicy,
			`<svg><polyline points="0,0 10,10 20,-5"/><polygon points="0 0 1 1 2 0" stroke-linejoin="round"/><line x1="0" y1="0" x2="1" y2="1" stroke-dasharray="2 1"/></svg>`,
			`<svg><polyline points="0,0 10,10 20,-5"></polyline><polygon points="0 0 1 1 2 0" stroke-linejoin="round"></polygon><line x1="0" y1="0" x2="1" y2="1" stroke-dasharray="2 1"></line></svg>`},
		{"gradients and clip paths with prefixed ids", foreignPolicy,
			`<svg><defs><linearGradient id="grad1" x1="0%" x2="100%"><stop offset="0%" stop-color="rgb(255,255,0)"/></linearGradient><clipPath id="c"><rect width="10" height="10"/></clipPath></defs><ellipse fill="url(#grad1)" clip-path="url(#c)" rx="1" ry="1"/></svg>`,
			`<svg><defs><linearGradient id="user-content-grad1" x1="0%" x2="100%"><stop offset="0%" stop-color="rgb(255,255,0)"></stop></linearGradient><clipPath id="user-content-c"><rect width="10" height="10"></rect></clipPath></defs><ellipse fill="url(#user-content-grad1)" clip-path="url(#user-content-c)" rx="1" ry="1"></ellipse></svg>`},
		{"paint reference with a fallback color", foreignPolicy, `<svg><rect fill="url(#g) red" width="1"></rect></svg>`, `<svg><rect fill="url(#user-content-g) red" width="1"></rect></svg>`},
		{"svg inside allowed HTML", foreignPolicy, `<p>icon: <svg width="1"><rect width="1"/></svg> done</p>`, `<p>icon: <svg width="1"><rect width="1"></rect></svg> done</p>`},
		{"title and desc keep text", foreignPolicy, `<svg><title>A &lt;b&gt; chart</title><desc>d</desc></svg>`, `<svg><title>A &lt;b&gt; chart</title><desc>d</desc></svg>`},
		{"fraction", foreignPolicy,
			`<math display="block"><mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow><msqrt><mi>b</mi></msqrt></mfrac></math>`,
			`<math display="block"><mfrac><mrow><mi>a</mi><mo>+</mo><mn>1</mn></mrow><msqrt><mi>b</mi></msqrt></mfrac></math>`},
		{"matrix", foreignPolicy,
			`<math><mrow><mo>(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable><mo>)</mo></mrow></math>`,
			`<math><mrow><mo>(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable><mo>)</mo></mrow></math>`},
		{"scripts and attributes", foreignPolicy,
			`<math><msubsup><mi mathvariant="bold">x</mi><mn>1</mn><mn>2</mn></msubsup><mo stretchy="false" lspace="0.2em">=</mo><mover accent="true"><mi>v</mi><mo>→</mo></mover></math>`,
			`<math><msubsup><mi mathvariant="bold">x</mi><mn>1</mn><mn>2</mn></msubsup><mo stretchy="false" lspace="0.2em">=</mo><mover accent="true"><mi>v</mi><mo>→</mo></mover></math>`},
		{"semantics without annotations", foreignPolicy,
			`<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>`,
			`<math><semantics><mi>x</mi></semantics></math>`},
		{"camel-case names the parser adjusts", foreignPolicy,
			`<svg preserveaspectratio="xMidYMid meet"><defs><radialgradient id="r" gradientunits="userSpaceOnUse" spreadmethod="pad" gradienttransform="scale(2)"/><clippath id="c" clippathunits="objectBoundingBox"><rect width="1"/></clippath></defs><text textlength="10" lengthadjust="spacing"><tspan dx="1">t</tspan></text></svg>`,
			`<svg preserveAspectRatio="xMidYMid meet"><defs><radialGradient id="user-content-r" gradientUnits="userSpaceOnUse" spreadMethod="pad" gradientTransform="scale(2)"></radialGradient><clipPath id="user-content-c" clipPathUnits="objectBoundingBox"><rect width="1"></rect></clipPath></defs><text textLength="10" lengthAdjust="spacing"><tspan dx="1">t</tspan></text></svg>`},
		{"mstyle, mspace, ms", foreignPolicy, `<math><mstyle displaystyle="true"><mspace width="1em"/><ms>s</ms></mstyle></math>`, `<math><mstyle displaystyle="true"><mspace width="1em"></mspace><ms>s</ms></mstyle></math>`},
		{"a narrowed svg subset", `{"svg": {"elements": ["svg", "path"], "attributes": ["d"]}}`,
			`<svg viewBox="0 0 1 1"><path d="M0 0h1" fill="red"/><rect width="1"/></svg>`, `<svg><path d="M0 0h1"></path></svg>`},
	})
}

func TestForeignDangerousDropped(t *testing.T) {
	run(t, []sanitizeCase{
		{"off by default", `"rich"`, `<svg><rect width="1"/></svg><math><mi>x</mi></math>ok`, `ok`},
		{"mathml off while svg on", `{"svg": true}`, `<math><mi>x</mi></math><svg></svg>`, `<svg></svg>`},
		{"script in svg", foreignPolicy, `<svg><script>alert(1)</script><rect width="1"/></svg>`, `<svg><rect width="1"></rect></svg>`},
		{"event handlers", foreignPolicy, `<svg onload="alert(1)"><rect onclick="alert(1)" onmouseover="x" width="1"/></svg>`, `<svg><rect width="1"></rect></svg>`},
		{"links and href on any element", foreignPolicy,
			`<svg><a href="javascript:alert(1)"><text>x</text></a><rect href="javascript:alert(1)" width="1"/></svg><math><mi href="javascript:alert(1)">y</mi></math>`,
			`<svg><rect width="1"></rect></svg><math><mi>y</mi></math>`},
		{"use and xlink:href", foreignPolicy, `<svg><use href="#x"/><use xlink:href="data:image/svg+xml,<svg onload=alert(1)>"/><rect xlink:href="javascript:alert(1)" xlink:title="t" width="1"/></svg>`, `<svg><rect width="1"></rect></svg>`},
		{"image", foreignPolicy, `<svg><image href="x" onerror="alert(1)"/></svg>`, `<svg></svg>`},
		{"foreignObject with HTML", foreignPolicy, `<svg><foreignObject><img src=x onerror=alert(1)><p>text</p></foreignObject></svg>`, `<svg></svg>`},
		{"animate and set to href", foreignPolicy,
			`<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a><set attributeName="onmouseover" to="alert(1)"/><animateTransform/></svg>`, `<svg></svg>`},
		{"style element and attribute", foreignPolicy,
			`<svg><style>@import url(//evil/x.css); * {background: url(javascript:alert(1))}</style><rect style="fill: expression(alert(1))" width="1"/></svg>`,
			`<svg><rect width="1"></rect></svg>`},
		{"url() other than a fragment", foreignPolicy,
			`<svg><rect fill="url(https://evil.test/x.svg#a)" stroke="url(javascript:alert(1))" clip-path="url('#a')" width="1"/></svg>`, `<svg><rect width="1"></rect></svg>`},
		{"script-like values", foreignPolicy,
			`<svg><rect fill="expression(alert(1))" transform="javascript:alert(1)" d="javascript:alert(1)" font-family="x;}</style>" width="1"/></svg>`,
			`<svg><rect width="1"></rect></svg>`},
		{"ids that are not names", foreignPolicy, `<svg><g id="a b"></g><g id="1a"></g><g id="user-content-ok"></g></svg>`, `<svg><g></g><g></g><g id="user-content-ok"></g></svg>`},
		{"annotation-xml encoding=text/html", foreignPolicy,
			`<math><semantics><mi>x</mi><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></semantics></math>`,
			`<math><semantics><mi>x</mi></semantics></math>`},
		{"maction", foreignPolicy, `<math><maction actiontype="statusline"><mi>x</mi><mtext>y</mtext></maction></math>`, `<math></math>`},
		{"HTML in a text integration point keeps its text", foreignPolicy, `<math><mtext><b>bold</b> <img src=x onerror=alert(1)>t</mtext></math>`, `<math><mtext>bold t</mtext></math>`},
		{"HTML in svg title keeps its text", foreignPolicy, `<svg><title><i>t</i><style>x</style></title></svg>`, `<svg><title>t</title></svg>`},
		{"no namespace switch inside foreign content", foreignPolicy, `<math><mi><svg><rect width="1"/></svg>x</mi></math>`, `<math><mi>x</mi></math>`},
		{"svg math is not MathML", foreignPolicy, `<svg><math><mi>x</mi></math></svg>`, `<svg></svg>`},
		{"CDATA in svg is text", foreignPolicy, `<svg><![CDATA[<img src=x onerror=alert(1)>]]></svg>`, `<svg>&lt;img src=x onerror=alert(1)&gt;</svg>`},
		{"breakout ends foreign content", foreignPolicy, `<svg><p>x</p><rect width="1"/>`, `<svg></svg><p>x</p>`},
		// The mXSS payloads below are from ../shared/corpora/mxss
		// (SonarSource's cheat sheet) and DOMPurify's bypass history.
		{"mglyph in table in mtext (CVE-2020-26870)", foreignPolicy,
			`<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">`,
			`<math><mtext></mtext></math>`},
		{"form and mglyph", foreignPolicy,
			`<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`, `<math><mtext></mtext></math>`},
		{"malignmark", foreignPolicy, `<math><mi><malignmark><style><img src=x onerror=alert(1)></style></malignmark></mi></math>`, `<math><mi></mi></math>`},
		{"svg p style (CVE-2019-16728)", foreignPolicy,
			`<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`, `<svg></svg><p></p><img src="1">"&gt;`},
		{"annotation-xml foreignobject", foreignPolicy,
			`<svg><annotation-xml><foreignobject><style><!--</style><p id="--><img src='x' onerror='alert(1)'>">`, `<svg></svg>`},
		{"desc noscript", foreignPolicy,
			`<svg><xss><desc><noscript>&lt;/noscript>&lt;/desc>&lt;p>&lt;/p>&lt;style>&lt;a title="&lt;/style>&lt;img src onerror=alert(1)>">`, `<svg></svg>`},
		{"math p style", foreignPolicy,
			`<math><p></p><style><!--</style><img src/onerror=alert(1)>--></style></math>`, `<math></math><p></p><img src="">--&gt;`},
	})
}

// TestForeignCorporaClean runs every payload of the shared corpora through
// rich with the safe modes on and checks the output with the
// independent oracle.
func TestForeignCorporaClean(t *testing.T) {
	payloads := sanitizetest.CorpusPayloads(t)
	p, err := sanitize.Compile([]byte(`{"preset": "rich", "svg": true, "mathml": true}`))
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, pl := range payloads {
		out, err := p.Sanitize(pl.Input)
		if err != nil {
			continue // too_large, checked by TestCorpora
		}
		if f := sanitizetest.FindingsAllowingForeign(out); len(f) > 0 {
			t.Errorf("%s: %q -> %q: %v", pl.Name, pl.Input, out, f)
		}
		if again, err := p.Sanitize(out); err != nil || again != out {
			t.Errorf("%s: not a fixpoint: %q -> %q (%v)", pl.Name, out, again, err)
		}
		if len(sanitizetest.Findings(out)) > 0 {
			kept++ // output with foreign content (Findings flags any)
		}
	}
	t.Logf("%d payloads, %d outputs keep some SVG or MathML, none script-capable", len(payloads), kept)
	if kept == 0 {
		t.Error("no output kept any foreign content: the safe mode is not exercised")
	}
}

func TestForeignCompileErrors(t *testing.T) {
	for _, c := range []struct{ name, policy, want string }{
		{"not a bool", `{"svg": "yes"}`, `svg: must be true or false`},
		{"unknown key", `{"mathml": {"element": []}}`, `mathml.element: unknown key`},
		{"unsafe element", `{"svg": {"elements": ["svg", "script"]}}`, `svg.elements: "script" is not in the safe svg subset`},
		{"foreignObject", `{"svg": {"elements": ["svg", "foreignObject"]}}`, `svg.elements: "foreignObject" is not in the safe svg subset`},
		{"annotation-xml", `{"mathml": {"elements": ["math", "annotation-xml"]}}`, `mathml.elements: "annotation-xml" is not in the safe mathml subset`},
		{"no root", `{"mathml": {"elements": ["mi"]}}`, `mathml.elements: must include "math"`},
		{"href", `{"svg": {"attributes": ["href"]}}`, `svg.attributes: "href" is not in the safe svg subset`},
		{"style", `{"svg": {"attributes": ["style"]}}`, `svg.attributes: "style" is not in the safe svg subset`},
		{"elements not a list", `{"svg": {"elements": "svg"}}`, `svg.elements: must be a list of strings`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := sanitize.Compile([]byte(c.policy))
			if err == nil || err.(*sanitize.Error).Code() != sanitize.CodeBadConfig || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Compile(%s) = %v, want a bad_config error containing %q", c.policy, err, c.want)
			}
		})
	}
}
