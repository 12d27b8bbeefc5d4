package headers

import (
	"errors"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/csp"
)

const testNonce = "rAnd0mNonceValue123456"

func buildCSP(t *testing.T, options string, nonce string) (string, error) {
	t.Helper()
	c, err := CompileCSP([]byte(options))
	if err != nil {
		return "", err
	}
	r, err := c.Build(nonce)
	if err != nil {
		return "", err
	}
	return r.Value, nil
}

// helmet's rules are checked against helmet itself in
// TestHelmetDifferential; this table covers edgeguard's options and
// refusals.
func TestCSPExtensions(t *testing.T) {
	n := "'nonce-" + testNonce + "'"
	for _, tc := range []struct{ name, options, want, wantErr string }{
		{"defaults via true", `true`, serializeHelmet(policyOf(helmetDefaultDirectives)), ""},
		{"nonce appended first in script-src", `{"useDefaults":false,"directives":{"defaultSrc":"'self'","scriptSrc":["'self'"]},"nonce":true}`,
			"default-src 'self';script-src " + n + " 'self'", ""},
		{"nonce creates script-src from default-src without 'none'", `{"useDefaults":false,"directives":{"defaultSrc":["'none'"]},"nonce":["scriptSrcElem"]}`,
			"default-src 'none';script-src-elem " + n, ""},
		{"nonce in script-src-elem copies script-src", `{"useDefaults":false,"directives":{"defaultSrc":"'none'","scriptSrc":"https://cdn.example"},"nonce":["script-src-elem"]}`,
			"default-src 'none';script-src https://cdn.example;script-src-elem " + n + " https://cdn.example", ""},
		{"wasm added once", `{"useDefaults":false,"directives":{"defaultSrc":"'self'","scriptSrc":["'wasm-unsafe-eval'"]},"wasmUnsafeEval":true}`,
			"default-src 'self';script-src 'wasm-unsafe-eval'", ""},
		{"wasm copies default-src", `{"useDefaults":false,"directives":{"defaultSrc":["'self'","https://a.example"]},"wasmUnsafeEval":true}`,
			"default-src 'self' https://a.example;script-src 'self' https://a.example 'wasm-unsafe-eval'", ""},
		{"hashes", `{"useDefaults":false,"directives":{"defaultSrc":"'none'"},"scriptHashes":[""],"styleHashes":[""],"hashAlgorithm":"sha256"}`,
			"default-src 'none';script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';style-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", ""},
		{"trusted types true", `{"useDefaults":false,"directives":{"defaultSrc":"'self'"},"trustedTypes":true}`,
			"default-src 'self';require-trusted-types-for 'script'", ""},
		{"trusted types none", `{"useDefaults":false,"directives":{"defaultSrc":"'self'"},"trustedTypes":{"policies":[]}}`,
			"default-src 'self';require-trusted-types-for 'script';trusted-types 'none'", ""},
		{"bad trusted types name", `{"trustedTypes":{"policies":["my policy"]}}`, "", `Content-Security-Policy trustedTypes: "my policy" is not a valid policy name (letters, digits and -#=_/@.%)`},
		{"trusted types twice", `{"directives":{"trustedTypes":"a"},"trustedTypes":{"policies":["b"]}}`, "", "Content-Security-Policy: set trusted-types either in directives or in trustedTypes.policies, not both"},
		{"trusted types none with duplicates", `{"trustedTypes":{"policies":[],"allowDuplicates":true}}`, "", "Content-Security-Policy trustedTypes: allowDuplicates needs at least one policy name"},
		{"bad preset", `{"preset":"lax"}`, "", `Content-Security-Policy preset must be "helmet" or "strict", not "lax"`},
		{"bad nonce directive", `{"nonce":["imgSrc"]}`, "", `Content-Security-Policy nonce: "imgSrc" is not one of script-src, script-src-elem, style-src, style-src-elem`},
		{"bad hash algorithm", `{"scriptHashes":["x"],"hashAlgorithm":"md5"}`, "", `Content-Security-Policy hashAlgorithm: hash algorithm "md5" is not sha256, sha384 or sha512`},
		{"wasm not bool", `{"wasmUnsafeEval":"yes"}`, "", `Content-Security-Policy wasmUnsafeEval must be true or false, not "yes"`},
		{"unknown option", `{"reportonly":true}`, "", `Content-Security-Policy received an unknown option "reportonly"`},
		{"directives not object", `{"directives":["default-src"]}`, "", `Content-Security-Policy directives must be an object, not ["default-src"]`},
		{"non-string entry", `{"directives":{"imgSrc":[1]}}`, "", `Content-Security-Policy received a non-string value for "img-src"; every value must be a string`},
		{"control character", `{"directives":{"imgSrc":["a\nb"]}}`, "", `Content-Security-Policy received a control or non-ASCII character in a value for "img-src"`},
		{"non-ASCII", `{"directives":{"imgSrc":["bücher.example"]}}`, "", `Content-Security-Policy received a control or non-ASCII character in a value for "img-src"`},
		{"duplicate JSON key", `{"directives":{"imgSrc":"a","imgSrc":"b"}}`, "", `Content-Security-Policy directives: key "imgSrc" appears twice`},
		{"options not object", `"strict"`, "", `contentSecurityPolicy options must be an object, not "strict"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := buildCSP(t, tc.options, testNonce)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("\n got %q, %v\nwant %q", got, err, tc.want)
			}
		})
	}
}

func policyOf(ds []csp.Directive) *csp.Policy {
	p := &csp.Policy{}
	for _, d := range ds {
		p.Set(d.Name, d.Values)
	}
	return p
}

// The strict preset must pass csp-evaluator's default and strict checks
// with nothing but IGNORED notes as CSP3 browsers (every current one) see
// it; with wasmUnsafeEval and Trusted Types it must also pass edgeguard's
// extra checks. (CSP1/CSP2 views report the https: and 'unsafe-inline'
// fallbacks: that is what those browsers fall back to, by design.)
func TestStrictPresetIsCleanForCSPEvaluator(t *testing.T) {
	value, err := buildCSP(t, `{"preset":"strict","wasmUnsafeEval":true,"trustedTypes":true}`, testNonce)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range csp.Evaluate(csp.Parse(value), csp.EvaluateOptions{Strict: true, Extra: true, Wasm: true}) {
		if f.Type != csp.TypeIgnored {
			t.Errorf("%s %s %s %q", f.Severity, f.Type, f.Directive, f.Value)
		}
	}
	if fs := csp.LighthouseFailures([]*csp.Policy{csp.Parse(value)}); len(fs) != 0 {
		t.Errorf("Lighthouse failures: %v", fs)
	}
}

func TestCSPNonceHandling(t *testing.T) {
	c, err := CompileCSP([]byte(`{"preset":"strict"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.UsesNonce() {
		t.Fatal("strict preset has no nonce slot")
	}
	for _, bad := range []string{"", "short", testNonce + "'", testNonce + " 'unsafe-inline'"} {
		_, err := c.Build(bad)
		var e *Error
		if !errors.As(err, &e) || e.Code() != CodeBadNonce {
			t.Errorf("Build(%q) error %v, want bad_nonce", bad, err)
		}
	}
	a, _ := c.BuildRequest(nil)
	b, _ := c.BuildRequest([]byte(`{}`))
	if a.Nonce == b.Nonce || !strings.Contains(a.Value, "'nonce-"+a.Nonce+"'") {
		t.Fatalf("fresh nonces %q %q in %q", a.Nonce, b.Nonce, a.Value)
	}
	// A policy without a nonce slot ignores the nonce and reports none.
	plain, _ := CompileCSP(nil)
	r, err := plain.Build("ignored")
	if err != nil || r.Nonce != "" || strings.Contains(r.Value, "nonce") {
		t.Fatalf("plain policy: %+v %v", r, err)
	}
}

func TestCSPReportOnlyName(t *testing.T) {
	c, err := CompileCSP([]byte(`{"reportOnly":1}`))
	if err != nil || c.HeaderName() != "Content-Security-Policy-Report-Only" {
		t.Fatalf("%v %v", c, err)
	}
}
