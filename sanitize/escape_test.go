package sanitize_test

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/sanitize"
)

func TestEscape(t *testing.T) {
	const mixed = `Tom & "Jerry" <b>'s</b> café 😀`
	cases := []struct{ context, in, want string }{
		{"html", mixed, `Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; café 😀`},
		{"html", "", ""},
		{"text", mixed, `Tom &amp; "Jerry" &lt;b&gt;'s&lt;/b&gt; café 😀`},
		{"attr", "a b=c`d\"e'f\tg\nh<i>&j é", "a&#32;b&#61;c&#96;d&quot;e&#39;f&#9;g&#10;h&lt;i&gt;&amp;j&#32;é"},
		{"url", "a b/c?d=e&f=g#h'i(j)*k~l.m-n_oé", "a%20b%2Fc%3Fd%3De%26f%3Dg%23h%27i%28j%29%2Ak~l.m-n_o%C3%A9"},
		{"js", "it's \"x\" `${y}` </script><!-- \\ \n\r\t\x00 \u2028\u2029 é", `it\x27s \x22x\x22 \x60\x24{y}\x60 \x3C\x2Fscript\x3E\x3C!-- \\ \n\r\t\x00 \u2028\u2029 é`},
		{"css", `a"b'c\d</style>e(f);g{h}i é`, `a\22 b\27 c\5C d\3C \2F style\3E e\28 f\29 \3B g\7B h\7D i é`},
		{"css", "nul\x00", `nul\FFFD `},
	}
	for _, c := range cases {
		got, ok := sanitize.Escape(c.context, c.in)
		if !ok || got != c.want {
			t.Errorf("Escape(%s, %q) = %q, %v\n want %q", c.context, c.in, got, ok, c.want)
		}
	}
	if _, ok := sanitize.Escape("sql", "x"); ok {
		t.Error("unknown context accepted")
	}
}

// TestEscapeRoundTrips checks the encoders against independent decoders:
// the HTML ones against html.UnescapeString and the URL one against
// url.PathUnescape, on every printable ASCII character and some non-ASCII.
func TestEscapeRoundTrips(t *testing.T) {
	var b strings.Builder
	for c := 0x20; c < 0x7f; c++ {
		b.WriteByte(byte(c))
	}
	b.WriteString("\t\n é日本😀\u00a0")
	all := b.String()
	for _, ctx := range []string{"html", "text", "attr"} {
		got, _ := sanitize.Escape(ctx, all)
		if back := html.UnescapeString(got); back != all {
			t.Errorf("%s: round trip %q != %q", ctx, back, all)
		}
		if strings.ContainsAny(got, "<>") {
			t.Errorf("%s: output still has < or >: %q", ctx, got)
		}
	}
	got := sanitize.EscapeURLComponent(all)
	if back, err := url.PathUnescape(got); err != nil || back != all {
		t.Errorf("url: round trip %q (%v)", back, err)
	}
	if html := sanitize.EscapeHTML(all); html != strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(all) {
		t.Errorf("html escaping differs from ejs escapeXML: %q", html)
	}
}
