package sanitize_test

import (
	"fmt"

	"github.com/edgeguard/edgeguard/sanitize"
)

func ExamplePreset() {
	p, err := sanitize.Preset("ugc")
	if err != nil {
		panic(err)
	}
	out, _ := p.Sanitize(`<p onclick="steal()">Hi <a href="https://example.com">there</a><script>alert(1)</script></p>`)
	fmt.Println(out)
	// Output: <p>Hi <a href="https://example.com" rel="nofollow">there</a></p>
}

func ExampleCompile() {
	p, err := sanitize.Compile([]byte(`{
		"preset": "basic",
		"elements": {"a": ["href"], "span": ["class"],
			"iframe": {"attributes": {"src": {"schemes": ["https"], "hosts": ["www.youtube-nocookie.com"]}}, "sandbox": ["allow-scripts", "allow-same-origin"]}},
		"classes": ["highlight"],
		"styles": {"color": {}},
		"links": {"externalRel": ["noopener", "noreferrer"], "externalTarget": "_blank"}
	}`))
	if err != nil {
		panic(err)
	}
	out, _ := p.Sanitize(`<span class="highlight x" style="color: red; position: fixed">hot</span> ` +
		`<a href="https://example.com">link</a> <iframe src="https://evil.example/"></iframe>`)
	fmt.Println(out)
	// Output: <span class="highlight" style="color: red">hot</span> <a href="https://example.com" rel="noopener noreferrer" target="_blank">link</a>
}

func ExampleCompile_error() {
	_, err := sanitize.Compile([]byte(`{"elements": {"a": {"attributes": {"onclick": {}}}}}`))
	fmt.Println(err.(*sanitize.Error).Code(), "-", err)
	// Output: bad_config - elements.a.attributes.onclick: event handler attributes are never allowed
}

func ExampleEscape() {
	for _, ctx := range sanitize.Contexts() {
		out, _ := sanitize.Escape(ctx, `O'Neil & <Co> "x"`)
		fmt.Printf("%-4s %s\n", ctx, out)
	}
	// Output:
	// html O&#39;Neil &amp; &lt;Co&gt; &#34;x&#34;
	// text O'Neil &amp; &lt;Co&gt; "x"
	// attr O&#39;Neil&#32;&amp;&#32;&lt;Co&gt;&#32;&quot;x&quot;
	// url  O%27Neil%20%26%20%3CCo%3E%20%22x%22
	// js   O\x27Neil \x26 \x3CCo\x3E \x22x\x22
	// css  O\27 Neil \26  \3C Co\3E  \22 x\22
}

// The SVG and MathML safe modes keep static drawings and formulas, in their
// own namespace only, with every attribute value checked and ids prefixed.
func ExampleCompile_foreign() {
	p, err := sanitize.Compile([]byte(`{"preset": "ugc", "svg": true, "mathml": true}`))
	if err != nil {
		panic(err)
	}
	out, _ := p.Sanitize(`<svg viewBox="0 0 2 2" onload="alert(1)"><use href="#x"/><circle r="1" fill="url(#g)"/></svg>` +
		`<math><mfrac><mi>a</mi><mn>2</mn></mfrac><mtext><b>bold</b></mtext></math>`)
	fmt.Println(out)
	// Output: <svg viewBox="0 0 2 2"><circle r="1" fill="url(#user-content-g)"></circle></svg><math><mfrac><mi>a</mi><mn>2</mn></mfrac><mtext>bold</mtext></math>
}
