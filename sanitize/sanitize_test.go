package sanitize_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/edgeguard/edgeguard/sanitize"
)

type sanitizeCase struct {
	name, policy, in, want string
}

// run compiles each case's policy (a JSON preset name or policy object),
// sanitizes the input and compares, and checks that the output is a
// fixpoint.
func run(t *testing.T, cases []sanitizeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := sanitize.Compile([]byte(c.policy))
			if err != nil {
				t.Fatalf("Compile(%s): %v", c.policy, err)
			}
			got, err := p.Sanitize(c.in)
			if err != nil {
				t.Fatalf("Sanitize(%q): %v", c.in, err)
			}
			if got != c.want {
				t.Errorf("Sanitize(%q)\n got  %q\n want %q", c.in, got, c.want)
			}
			if again, _ := p.Sanitize(got); again != got {
				t.Errorf("not a fixpoint: %q -> %q", got, again)
			}
		})
	}
}

func TestBenignContentSurvives(t *testing.T) {
	run(t, []sanitizeCase{
		{"strict keeps text", `"strict"`, `<p>Caf&eacute; & "quotes" 'apostrophes' — 日本語 😀</p>`, `Café &amp; "quotes" 'apostrophes' — 日本語 😀`},
		{"strict plain text fast path", `"strict"`, `Tom's "new" café > 3 😀`, `Tom's "new" café &gt; 3 😀`},
		{"basic formatting", `"basic"`, `<p><b>bold</b> <i>it</i> <em>em</em> <strong>s</strong> <u>u</u> <s>s</s> x<sub>2</sub> y<sup>3</sup> <code>a &lt; b</code></p>`,
			`<p><b>bold</b> <i>it</i> <em>em</em> <strong>s</strong> <u>u</u> <s>s</s> x<sub>2</sub> y<sup>3</sup> <code>a &lt; b</code></p>`},
		{"basic drops links but keeps their text", `"basic"`, `<a href="https://x.test/">link</a>`, `link`},
		{"ugc link gets nofollow", `"ugc"`, `<a href="https://example.com/?a=1&b=2">site</a>`, `<a href="https://example.com/?a=1&amp;b=2" rel="nofollow">site</a>`},
		{"ugc lists and headings", `"ugc"`, "<h2>T</h2><ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>x</li></ol>", "<h2>T</h2><ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>x</li></ol>"},
		{"ugc image", `"ugc"`, `<img src="/a.png" alt="A &quot;cat&quot;" width="10">`, `<img src="/a.png" alt="A &quot;cat&quot;" width="10">`},
		{"ugc table is balanced", `"ugc"`, `<table><tr><td>a<td>b</table>`, `<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>`},
		{"ugc blockquote cite", `"ugc"`, `<blockquote cite="https://x.test/q">q</blockquote>`, `<blockquote cite="https://x.test/q">q</blockquote>`},
		{"ugc details", `"ugc"`, `<details open><summary>s</summary>body</details>`, `<details open=""><summary>s</summary>body</details>`},
		{"nbsp and entities", `"ugc"`, `<p>a&nbsp;b &copy; &#x1F600; &lt;tag&gt;</p>`, "<p>a&nbsp;b © 😀 &lt;tag&gt;</p>"},
		{"rich external link", `"rich"`, `<a href="https://x.test/">x</a>`, `<a href="https://x.test/" rel="nofollow noopener noreferrer" target="_blank">x</a>`},
		{"rich internal link", `"rich"`, `<a href="/local">x</a>`, `<a href="/local" rel="nofollow">x</a>`},
		{"rich styles", `"rich"`, `<p style="color: #c00; text-align: center">x</p>`, `<p style="color: #c00; text-align: center">x</p>`},
		{"rich class", `"rich"`, `<code class="language-go">x</code>`, `<code class="language-go">x</code>`},
		{"rich https image with srcset", `"rich"`, `<img src="https://i.test/a.png" srcset="https://i.test/a2.png 2x, https://i.test/a3.png 3x">`, `<img src="https://i.test/a.png" srcset="https://i.test/a2.png 2x, https://i.test/a3.png 3x">`},
		{"pre keeps its leading newline", `"ugc"`, "<pre>\n\ncode</pre>", "<pre>\n\ncode</pre>"},
	})
}

func TestParsesLikeABrowser(t *testing.T) {
	run(t, []sanitizeCase{
		{"unclosed tags are closed", `"ugc"`, `<p>unclosed <b>bold`, `<p>unclosed <b>bold</b></p>`},
		{"stray end tags vanish", `"ugc"`, `</div></div><p>x</p>`, `<p>x</p>`},
		{"misnested formatting is repaired", `"ugc"`, `<b>1<i>2</b>3</i>`, `<b>1<i>2</i></b><i>3</i>`},
		{"script dropped with content", `"ugc"`, `a<script>alert(1)</script>b`, `ab`},
		{"style dropped with content", `"ugc"`, `a<style>*{}</style>b`, `ab`},
		{"xmp content stays dead (sanitize-html CVE-2026-44990)", `"ugc"`, `<xmp><img src=x onerror=alert(1)></xmp>`, ``},
		{"noscript dropped", `"ugc"`, `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, `<img src="x">"&gt;`},
		{"svg dropped with content", `"ugc"`, `<svg><p><style><img src=x onerror=alert(1)></style></p></svg>after`, `<p></p>after`},
		{"math dropped with content", `"ugc"`, `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ``},
		{"template dropped", `"ugc"`, `<template><img src=x onerror=alert(1)></template>ok`, `ok`},
		{"iframe content dropped", `"ugc"`, `<iframe><img src=x onerror=alert(1)></iframe>ok`, `ok`},
		{"comments dropped", `"ugc"`, `a<!-- <img src=x onerror=alert(1)> -->b`, `ab`},
		{"unknown elements unwrapped", `"ugc"`, `<custom-el><b>x</b></custom-el>`, `<b>x</b>`},
		{"select option style (bluemonday CVE-2021-42576)", `"ugc"`, `<select><option><style><script>alert(1)</script></style></option></select>`, ``},
		{"p in button in p settles to a fixpoint", `"ugc"`, `<p>x<button><p>y</button>`, `<p>x</p><p>y</p><p></p>`},
		{"attribute quotes and brackets escaped", `"ugc"`, `<img alt='a"b<c>d&e' src=x>`, `<img alt="a&quot;b&lt;c&gt;d&amp;e" src="x">`},
		{"event handlers never survive", `"rich"`, `<b onclick="alert(1)" onmouseover=x>b</b>`, `<b>b</b>`},
		{"null bytes", `"ugc"`, "<b>a\x00b</b>", `<b>ab</b>`},
		{"carriage returns normalized", `"ugc"`, "<b>a\r\nb\rc</b>", "<b>a\nb\nc</b>"},
		{"carriage return from a character reference", `"ugc"`, `<b title="x&#13;y">a&#xd;b</b>`, `<b title="x&#13;y">a&#13;b</b>`},
	})
}

func TestURLPolicy(t *testing.T) {
	const formPolicy = `{"elements": {"button": ["formaction"], "form": ["action"], "video": ["poster", "src"], "a": ["href", "ping"],
		"img": ["src", "srcset"], "q": ["cite"], "table": ["background"], "div": ["xlink:href", "data"]}}`
	run(t, []sanitizeCase{
		{"javascript href", `"ugc"`, `<a href="javascript:alert(1)">x</a>`, `x`},
		{"entity-encoded javascript", `"ugc"`, `<a href="&#106;avascript&colon;alert(1)">x</a>`, `x`},
		{"tab and newline inside scheme", `"ugc"`, "<a href=\"jav&#x09;ascript:alert(1)\">x</a><a href=\"java\nscript:alert(1)\">y</a>", `xy`},
		{"leading control characters", `"ugc"`, "<a href=\"\x01\x02 javascript:alert(1)\">x</a>", `x`},
		{"control character inside scheme", `"ugc"`, "<a href=\"java\x03script:alert(1)\">x</a>", `x`},
		{"line separator before scheme", `"ugc"`, "<a href=\"\u2028javascript:alert(1)\">x</a>", `x`},
		{"upper-case scheme", `"ugc"`, `<a href="JaVaScRiPt:alert(1)">x</a>`, `x`},
		{"vbscript", `"ugc"`, `<a href="vbscript:msgbox(1)">x</a>`, `x`},
		{"data text/html", `"ugc"`, `<a href="data:text/html,<script>alert(1)</script>">x</a>`, `x`},
		{"mailto allowed", `"ugc"`, `<a href="mailto:a@b.test">m</a>`, `<a href="mailto:a@b.test" rel="nofollow">m</a>`},
		{"unknown scheme refused", `"ugc"`, `<a href="ms-calculator:x">m</a>`, `m`},
		{"relative and fragment allowed", `"ugc"`, `<a href="#top">t</a><a href="../up?x=1">u</a>`, `<a href="#top" rel="nofollow">t</a><a href="../up?x=1" rel="nofollow">u</a>`},
		{"formaction checked", formPolicy, `<button formaction="javascript:alert(1)">b</button><button formaction="/go">c</button>`, `<button>b</button><button formaction="/go">c</button>`},
		{"form action checked", formPolicy, `<form action="javascript:alert(1)">f</form>`, `<form>f</form>`},
		{"poster checked", formPolicy, `<video poster="javascript:alert(1)" src="/v.mp4"></video>`, `<video src="/v.mp4"></video>`},
		{"ping checks every URL", formPolicy, `<a href="/a" ping="/p javascript:alert(1)">a</a><a href="/b" ping="/p1 /p2">b</a>`, `<a href="/a">a</a><a href="/b" ping="/p1 /p2">b</a>`},
		{"srcset checks every candidate", formPolicy, `<img srcset="/a.png 1x, javascript:alert(1) 2x"><img srcset="/a.png 1x, /b.png 2x">`, `<img srcset="/a.png 1x, /b.png 2x">`},
		{"srcset with bad descriptor", formPolicy, `<img srcset="/a.png foo">`, ``},
		{"cite background data xlink:href checked", formPolicy,
			`<q cite="javascript:x">q</q><table background="javascript:x"></table><div xlink:href="javascript:x" data="javascript:x">d</div>`,
			`<q>q</q><table></table><div>d</div>`},
		{"data image on src only", `{"elements": {"img": {"attributes": {"src": {"schemes": ["https", "data"]}}}}}`,
			`<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml;base64,PHN2Zz4="><img src="data:text/html;base64,PHNjcmlwdD4=">`,
			`<img src="data:image/png;base64,iVBORw0KGgo=">`},
		{"relative refused when disabled", `{"elements": {"a": {"attributes": {"href": {"relativeUrls": false}}}}}`, `<a href="/x">x</a><a href="https://x.test/">y</a>`, `x<a href="https://x.test/">y</a>`},
	})
}

func TestHostsAndIframes(t *testing.T) {
	const yt = `{"elements": {"iframe": {"attributes": {"src": {"schemes": ["https"], "hosts": ["www.youtube.com", "*.vimeo.com"]}, "width": {"type": "integer"}},
		"sandbox": ["allow-scripts", "allow-same-origin", "allow-presentation"]}}}`
	const imgs = `{"elements": {"img": {"attributes": {"src": {"schemes": ["https"], "hosts": ["images.example.com"]}}}}}`
	run(t, []sanitizeCase{
		{"allowed host", yt, `<iframe src="https://www.youtube.com/embed/x" width="560"></iframe>`, `<iframe src="https://www.youtube.com/embed/x" width="560" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`},
		{"subdomain pattern", yt, `<iframe src="https://player.vimeo.com/v/1"></iframe>`, `<iframe src="https://player.vimeo.com/v/1" sandbox="allow-scripts allow-same-origin allow-presentation"></iframe>`},
		{"pattern does not match apex", yt, `<iframe src="https://vimeo.com/v/1"></iframe>`, ``},
		{"other host refused", yt, `<iframe src="https://evil.test/"></iframe>`, ``},
		{"userinfo trick", yt, `<iframe src="https://www.youtube.com@evil.test/"></iframe>`, ``},
		{"backslash trick", yt, `<iframe src="https://evil.test\www.youtube.com/"></iframe>`, ``},
		{"suffix trick", yt, `<iframe src="https://www.youtube.com.evil.test/"></iframe>`, ``},
		{"http refused by scheme", yt, `<iframe src="http://www.youtube.com/embed/x"></iframe>`, ``},
		{"relative refused", yt, `<iframe src="/embed/x"></iframe>`, ``},
		{"srcdoc and input sandbox dropped", yt, `<iframe srcdoc="<script>alert(1)</script>" sandbox="allow-top-navigation"></iframe>`, ``},
		{"image host with port and case", imgs, `<img src="https://IMAGES.example.com:443/a.png">`, `<img src="https://IMAGES.example.com:443/a.png">`},
		{"IDN look-alike refused", imgs, `<img src="https://images.exаmple.com/a.png">`, ``},
		{"scheme-relative to other host refused", imgs, `<img src="//evil.test/a.png">`, ``},
	})
}

func TestCSS(t *testing.T) {
	const styles = `{"elements": {"span": [], "div": []}, "styles": {"color": {}, "font": {}, "font-family": {}, "margin": {},
		"background-image": {}, "text-align": {"values": ["left", "right"]}, "width": {"pattern": "[0-9]{1,3}px"}, "border": {}}}`
	run(t, []sanitizeCase{
		{"colors", styles, `<span style="color: rgb(10, 20, 30)">a</span><span style="color:#abcd">b</span><span style="color: RebeccaPurple">c</span>`,
			`<span style="color: rgb(10, 20, 30)">a</span><span style="color: #abcd">b</span><span style="color: RebeccaPurple">c</span>`},
		{"bad color", styles, `<span style="color: red blue">a</span><span style="color: #12">b</span>`, `<span>a</span><span>b</span>`},
		{"disallowed properties dropped", styles, `<span style="position: fixed; color: red; top: 0">a</span>`, `<span style="color: red">a</span>`},
		{"font shorthand", styles, `<span style="font: italic bold 12px/1.5 'Helvetica Neue', serif">a</span>`, `<span style="font: italic bold 12px/1.5 'Helvetica Neue', serif">a</span>`},
		{"font-family list", styles, `<span style='font-family: "Fira Code", monospace'>a</span>`, `<span style="font-family: &quot;Fira Code&quot;, monospace">a</span>`},
		{"margin shorthand", styles, `<div style="margin: 0 auto 1em -2px">a</div>`, `<div style="margin: 0 auto 1em -2px">a</div>`},
		{"too many components", styles, `<div style="margin: 1px 1px 1px 1px 1px">a</div>`, `<div>a</div>`},
		{"url checked by URL policy", styles, `<div style="background-image: url(https://x.test/a.png)">a</div><div style="background-image: url('javascript:alert(1)')">b</div>`,
			`<div style="background-image: url(https://x.test/a.png)">a</div><div>b</div>`},
		{"values constraint", styles, `<div style="text-align: LEFT">a</div><div style="text-align: center">b</div>`, `<div style="text-align: LEFT">a</div><div>b</div>`},
		{"pattern constraint", styles, `<div style="width: 100px">a</div><div style="width: 1000px">b</div>`, `<div style="width: 100px">a</div><div>b</div>`},
		{"expression and escapes", styles, `<div style="color: expression(alert(1))">a</div><div style="color: r\65 d">b</div><div style="color: /**/red">c</div>`, `<div>a</div><div>b</div><div>c</div>`},
		{"important kept", styles, `<div style="color: red !important">a</div>`, `<div style="color: red !important">a</div>`},
		{"wide keywords", styles, `<div style="color: inherit">a</div>`, `<div style="color: inherit">a</div>`},
		{"border shorthand", styles, `<div style="border: 1px solid #ccc">a</div>`, `<div style="border: 1px solid #ccc">a</div>`},
		{"declaration breakout", styles, `<div style="color: red; } body { background: red">a</div>`, `<div style="color: red">a</div>`},
		{"style dropped when no styles", `"ugc"`, `<p style="color: red">a</p>`, `<p>a</p>`},
	})
}

// TestCSSFontIsLinear is bluemonday issue #225: a font: value with runs of
// whitespace made its shorthand handler explore every partition. The
// matcher here reads the value once; this input must simply finish (a time
// budget lives in BenchmarkIssue225Font, not here).
func TestCSSFontIsLinear(t *testing.T) {
	p, err := sanitize.Compile([]byte(`{"elements": {"div": []}, "styles": ["font"]}`))
	if err != nil {
		t.Fatal(err)
	}
	in := issue225Input(10000)
	got, err := p.Sanitize(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, `<div style="font: normal`) || !strings.HasSuffix(got, `16px`+"\n"+` Roboto">x</div>`) {
		t.Errorf("font value not kept intact: %.80q", got)
	}
}

func issue225Input(spaces int) string {
	return "<div style=\"font:\n normal\n" + strings.Repeat(" ", spaces) + "16px\n Roboto;\">x</div>"
}

func TestClassesDataAndLinks(t *testing.T) {
	run(t, []sanitizeCase{
		{"class allowlist", `{"elements": {"span": ["class"]}, "classes": ["note", "warn"]}`, `<span class="note evil warn">x</span><span class="evil">y</span>`, `<span class="note warn">x</span><span>y</span>`},
		{"data attributes", `{"elements": {"div": []}, "dataAttributes": true}`, `<div data-id="7" data-xml-x="1" data-a:b="2" onclick="x">x</div>`, `<div data-id="7">x</div>`},
		{"data attributes off", `{"elements": {"div": []}}`, `<div data-id="7">x</div>`, `<div>x</div>`},
		{"target gets noopener", `{"elements": {"a": ["href", "target", "rel"]}}`, `<a href="/x" rel="author" target="_blank">x</a>`, `<a href="/x" rel="author noopener" target="_blank">x</a>`},
		{"target self needs nothing", `{"elements": {"a": ["href", "target"]}}`, `<a href="/x" target="_self">x</a>`, `<a href="/x" target="_self">x</a>`},
		{"external links only", `{"elements": {"a": ["href"]}, "links": {"externalRel": ["nofollow", "noreferrer"], "externalTarget": "_blank"}}`,
			`<a href="https://x.test/">e</a><a href="//x.test/">p</a><a href="/in">i</a><a href="mailto:a@b.test">m</a>`,
			`<a href="https://x.test/" rel="nofollow noreferrer noopener" target="_blank">e</a><a href="//x.test/" rel="nofollow noreferrer noopener" target="_blank">p</a><a href="/in">i</a><a href="mailto:a@b.test">m</a>`},
		{"no rel without href", `"ugc"`, `<a name="x">x</a>`, `x`},
		{"preset extension", `{"preset": "ugc", "elements": {"span": ["class"]}, "classes": ["hl"]}`, `<span class="hl x">a</span><a href="/y">y</a>`, `<span class="hl">a</span><a href="/y" rel="nofollow">y</a>`},
		{"global attribute with type", `{"elements": {"p": []}, "attributes": {"lang": {"type": "lang"}, "title": {}}}`, `<p lang="en-GB" title="t">a</p><p lang="en GB">b</p>`, `<p lang="en-GB" title="t">a</p><p>b</p>`},
	})
}

func TestCompileErrors(t *testing.T) {
	cases := []struct{ name, policy, want string }{
		{"unknown preset", `"nope"`, `unknown preset "nope"`},
		{"not a policy", `42`, `policy: must be a preset name`},
		{"empty", ``, `policy: must be a preset name`},
		{"unknown top-level key", `{"element": {}}`, `element: unknown key`},
		{"unknown element", `{"elements": {"blink2": []}}`, `elements.blink2: unknown HTML element`},
		{"script element", `{"elements": {"script": []}}`, `elements.script: can never be allowed`},
		{"svg element", `{"elements": {"svg": []}}`, `elements.svg: can never be allowed`},
		{"event handler", `{"elements": {"b": ["onclick"]}}`, `elements.b.attributes.onclick: event handler`},
		{"style attribute", `{"attributes": ["style"]}`, `attributes.style: use the "styles" key`},
		{"srcdoc", `{"elements": {"iframe": {"attributes": {"srcdoc": {}}}}}`, `elements.iframe.attributes.srcdoc: srcdoc`},
		{"iframe src without hosts", `{"elements": {"iframe": ["src"]}}`, `elements.iframe.attributes.src: an iframe src needs "hosts"`},
		{"unknown attribute key", `{"elements": {"a": {"attributes": {"href": {"scheme": ["https"]}}}}}`, `elements.a.attributes.href.scheme: unknown key`},
		{"javascript scheme", `{"schemes": ["https", "javascript"]}`, `schemes: the javascript: scheme runs script`},
		{"data on href", `{"elements": {"a": {"attributes": {"href": {"schemes": ["data"]}}}}}`, `elements.a.attributes.href.schemes: data: URLs are only allowed`},
		{"hosts on a plain attribute", `{"elements": {"a": {"attributes": {"title": {"hosts": ["x.test"]}}}}}`, `elements.a.attributes.title: "schemes", "relativeUrls" and "hosts" apply to URL attributes only`},
		{"bad host pattern", `{"elements": {"img": {"attributes": {"src": {"hosts": ["*.x.test/"]}}}}}`, `elements.img.attributes.src.hosts: "*.x.test/" is not a host name`},
		{"sandbox on a div", `{"elements": {"div": {"sandbox": []}}}`, `elements.div.sandbox: only iframe takes a sandbox`},
		{"top navigation token", `{"elements": {"iframe": {"sandbox": ["allow-top-navigation"]}}}`, `elements.iframe.sandbox: "allow-top-navigation" is not an allowed sandbox token`},
		{"classes without class", `{"elements": {"p": []}, "classes": ["a"]}`, `classes: no element allows the "class" attribute`},
		{"unknown CSS property", `{"styles": ["position"]}`, `styles.position: no built-in value grammar`},
		{"unsafe CSS value", `{"styles": {"position": {"values": ["expression(alert(1))"]}}}`, `styles.position.values: "expression(alert(1))" can never be allowed`},
		{"two constraints", `{"elements": {"p": {"attributes": {"title": {"values": ["a"], "pattern": "a"}}}}}`, `elements.p.attributes.title: give at most one`},
		{"bad pattern", `{"elements": {"p": {"attributes": {"title": {"pattern": "("}}}}}`, `elements.p.attributes.title.pattern: invalid regular expression`},
		{"unknown type", `{"elements": {"p": {"attributes": {"title": {"type": "email"}}}}}`, `elements.p.attributes.title.type: unknown type "email"`},
		{"links without a", `{"links": {"rel": ["nofollow"]}}`, `links: no a or area element allows href`},
		{"bad rel token", `{"elements": {"a": ["href"]}, "links": {"rel": ["stylesheet"]}}`, `links: "stylesheet" is not a supported rel token`},
		{"bad limits", `{"limits": {"maxDepth": 100000}}`, `limits.maxDepth: must be an integer from 1 to 500`},
		{"wrong type", `{"dataAttributes": "yes"}`, `dataAttributes: must be true or false`},
		{"global src", `{"attributes": ["src"]}`, `attributes.src: resource URLs are allowed per element`},
		{"bad attribute name", `{"elements": {"p": ["Title"]}}`, `elements.p.attributes.Title: not a valid lower-case attribute name`},
		{"trailing data", `{} {}`, `policy: must be a JSON object`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sanitize.Compile([]byte(c.policy))
			var e *sanitize.Error
			if !errors.As(err, &e) || e.Code() != sanitize.CodeBadConfig {
				t.Fatalf("Compile(%s) = %v, want a bad_config error", c.policy, err)
			}
			if !strings.Contains(e.Error(), c.want) {
				t.Errorf("Compile(%s) error %q does not contain %q", c.policy, e.Error(), c.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	p, err := sanitize.Compile([]byte(`{"preset": "ugc", "limits": {"maxInputBytes": 100, "maxDepth": 5}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, in string
		tooLarge bool
	}{
		{"size at limit", strings.Repeat("a", 100), false},
		{"size over limit", strings.Repeat("a", 101), true},
		{"depth at limit", strings.Repeat("<div>", 5) + "x", false},
		{"depth over limit", strings.Repeat("<div>", 6) + "x", true},
		{"depth of unwrapped elements counts", strings.Repeat("<x-a>", 6) + "x", true},
	} {
		_, err := p.Sanitize(c.in)
		var e *sanitize.Error
		gotTooLarge := errors.As(err, &e) && e.Code() == sanitize.CodeTooLarge
		if gotTooLarge != c.tooLarge || (err != nil && !gotTooLarge) {
			t.Errorf("%s: err = %v, want too_large %v", c.name, err, c.tooLarge)
		}
	}
	// Deeper than the parser itself accepts (512): still a clean too_large.
	ugc, err := sanitize.Preset("ugc")
	if err != nil {
		t.Fatal(err)
	}
	var e *sanitize.Error
	if _, err := ugc.Sanitize(strings.Repeat("<div>", 600)); !errors.As(err, &e) || e.Code() != sanitize.CodeTooLarge {
		t.Errorf("600 nested divs: err = %v, want too_large", err)
	}
}

// TestPlainTextFastPath checks that the shortcut for markup-free input gives
// exactly what the parser path gives.
func TestPlainTextFastPath(t *testing.T) {
	p, _ := sanitize.Preset("strict")
	for _, s := range []string{"", " ", "\n\n", "plain", `"q" 'a' > b`, "\u00a0nbsp\u00a0", "tab\there", "\f", "😀 日本",
		"¢ (C2 A2) is not a no-break space", "5 ¢ > 4 ¢\u00a0", "ends in ¢"} {
		fast, err := p.Sanitize(s)
		if err != nil {
			t.Fatal(err)
		}
		// A comment forces the full path without changing the text.
		slow, err := p.Sanitize(s + "<!---->")
		if err != nil {
			t.Fatal(err)
		}
		if fast != slow {
			t.Errorf("%q: fast path %q, parser path %q", s, fast, slow)
		}
	}
}

func TestPresetsAreShared(t *testing.T) {
	a, _ := sanitize.Preset("ugc")
	b, _ := sanitize.Compile([]byte(` "ugc" `))
	if a != b || a.Name() != "ugc" {
		t.Errorf("Preset and Compile of the same preset differ")
	}
	if got := strings.Join(sanitize.PresetNames(), ","); got != "basic,rich,strict,ugc" {
		t.Errorf("PresetNames() = %s", got)
	}
}

// TestConcurrentUse backs the "safe for concurrent use" promise (run it
// with -race): presets are compiled lazily under a lock and shared.
func TestConcurrentUse(t *testing.T) {
	const in = `<p><a href="https://x.test/">x</a> <b style="color: red">y</b></p>`
	want := map[string]string{}
	for _, n := range sanitize.PresetNames() {
		p, _ := sanitize.Preset(n)
		want[n], _ = p.Sanitize(in)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range sanitize.PresetNames() {
				p, err := sanitize.Preset(n)
				if err != nil {
					t.Error(err)
					return
				}
				if got, _ := p.Sanitize(in); got != want[n] {
					t.Errorf("%s: concurrent output %q, want %q", n, got, want[n])
				}
			}
		}()
	}
	wg.Wait()
}
