package headers

import (
	"strings"
	"testing"
)

// Filling a template with a nonce must give exactly Build's headers.
func TestTemplateMatchesBuild(t *testing.T) {
	for _, options := range []string{`{}`, `{"contentSecurityPolicy":{"preset":"strict","nonce":["styleSrc"]},"reportingEndpoints":{"a":"/r"}}`} {
		p, err := Compile([]byte(options))
		if err != nil {
			t.Fatal(err)
		}
		tpl := p.Template()
		r, _ := p.Build(testNonce)
		if tpl.Nonce != p.UsesNonce() || len(tpl.Headers) != len(r.Headers) || len(tpl.Remove) != len(r.Remove) {
			t.Fatalf("%s: template %+v", options, tpl)
		}
		for i, h := range tpl.Headers {
			if !tpl.Nonce && len(h.Parts) != 1 {
				t.Errorf("%s: %s has %d parts without a nonce", options, h.Name, len(h.Parts))
			}
			if got := strings.Join(h.Parts, testNonce); h.Name != r.Headers[i].Name || got != r.Headers[i].Value {
				t.Errorf("%s: %s = %q, Build gives %s = %q", options, h.Name, got, r.Headers[i].Name, r.Headers[i].Value)
			}
		}
	}
}

func TestCSPTemplateMatchesBuild(t *testing.T) {
	for _, options := range []string{`{}`, `{"preset":"strict","nonce":["styleSrc"],"reportOnly":true}`} {
		c, err := CompileCSP([]byte(options))
		if err != nil {
			t.Fatal(err)
		}
		tpl := c.Template()
		r, _ := c.Build(testNonce)
		if tpl.Name != r.Name || strings.Join(tpl.Parts, testNonce) != r.Value || (len(tpl.Parts) > 1) != c.UsesNonce() {
			t.Errorf("%s: template %+v, Build %+v", options, tpl, r)
		}
	}
}
