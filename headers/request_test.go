package headers

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestBuildRequestAndJSON(t *testing.T) {
	p, err := Compile([]byte(`{"contentSecurityPolicy":{"useDefaults":false,"directives":{"defaultSrc":"'none'"},"nonce":true},"xPoweredBy":false,"xXssProtection":false,"originAgentCluster":false,"xDownloadOptions":false,"xDnsPrefetchControl":false,"xPermittedCrossDomainPolicies":false,"xContentTypeOptions":false,"xFrameOptions":false,"crossOriginOpenerPolicy":false,"crossOriginResourcePolicy":false,"strictTransportSecurity":false,"referrerPolicy":{"policy":"same-origin"}}`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.BuildRequest([]byte(`{"nonce":"` + testNonce + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(r)
	want := `{"headers":{"Content-Security-Policy":"default-src 'none';script-src 'nonce-` + testNonce + `'","Referrer-Policy":"same-origin"},"remove":[],"nonce":"` + testNonce + `"}`
	if string(got) != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	for _, bad := range []string{`[]`, `{"nonce":1}`, `{"nonce":"x","y":1}`, `{`} {
		_, err := p.BuildRequest([]byte(bad))
		var e *Error
		if !errors.As(err, &e) || e.Code() != CodeBadRequest {
			t.Errorf("BuildRequest(%s) error %v, want bad_request", bad, err)
		}
	}
	fresh, err := p.BuildRequest(nil)
	if err != nil || len(fresh.Nonce) != 24 {
		t.Fatalf("fresh nonce %q, %v", fresh.Nonce, err)
	}
}

func TestHashRequest(t *testing.T) {
	got, err := HashRequest([]byte(`{"content":""}`))
	if err != nil || got != "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='" {
		t.Fatalf("%q %v", got, err)
	}
	for _, bad := range []string{`{}`, `{"content":"x","algorithm":"sha1"}`, `"x"`, `{"content":"x","extra":1}`} {
		if _, err := HashRequest([]byte(bad)); err == nil {
			t.Errorf("HashRequest(%s) accepted", bad)
		}
	}
}

func TestCompileTopLevel(t *testing.T) {
	for _, tc := range []struct{ in, wantErr string }{
		{``, ""},
		{`null`, ""},
		{` {} `, ""},
		{`[]`, "helmet options must be a JSON object: expected a JSON object"},
		{`{"a":1}`, `helmet received an unknown option "a"`},
		{`{"hsts":true,"hsts":false}`, `helmet options must be a JSON object: key "hsts" appears twice`},
		{`{} {}`, "helmet options must be a JSON object: unexpected data after the object"},
	} {
		_, err := Compile([]byte(tc.in))
		if (tc.wantErr == "" && err != nil) || (tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr)) {
			t.Errorf("Compile(%q) = %v, want %q", tc.in, err, tc.wantErr)
		}
	}
}

// The per-response JSON comes from a template made at compile time; it must
// be byte-identical to encoding the Result.
func TestJSONTemplateMatchesAppendJSON(t *testing.T) {
	for _, options := range []string{
		`{}`,
		`{"contentSecurityPolicy":false,"xPoweredBy":false}`,
		`{"contentSecurityPolicy":{"preset":"strict","nonce":["styleSrc"],"directives":{"imgSrc":["<&>"]}},"permissionsPolicy":true}`,
		`{"contentSecurityPolicy":{"useDefaults":false,"directives":{"defaultSrc":"'none'"},"nonce":true}}`,
	} {
		p, err := Compile([]byte(options))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []string{`{"nonce":"` + testNonce + `"}`, ` { "nonce" : "` + testNonce + `" } `} {
			got, err := p.BuildJSON([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			r, _ := p.Build(testNonce)
			if want := r.AppendJSON(nil); string(got) != string(want) {
				t.Errorf("%s\n got %s\nwant %s", options, got, want)
			}
			if std, _ := json.Marshal(r); string(std) != string(got) {
				t.Errorf("%s: differs from encoding/json's escaping\n got %s\nwant %s", options, got, std)
			}
		}
		if _, err := p.BuildJSON([]byte(`{"nonce":"x"}`)); p.UsesNonce() && err == nil {
			t.Errorf("%s: short nonce accepted", options)
		}
		if _, err := p.BuildJSON([]byte(`{"nonse":"x"}`)); err == nil {
			t.Errorf("%s: bad input accepted", options)
		}
	}
}

// A compiled Policy is shared by every request: building in parallel must be
// safe (run with -race) and give each response its own nonce.
func TestConcurrentBuild(t *testing.T) {
	p, err := Compile([]byte(`{"contentSecurityPolicy":{"preset":"strict"}}`))
	if err != nil {
		t.Fatal(err)
	}
	nonces := make(chan string, 64)
	for range 8 {
		go func() {
			for range 8 {
				r, err := p.BuildFresh()
				if err != nil {
					nonces <- ""
					continue
				}
				nonces <- r.Nonce
			}
		}()
	}
	seen := map[string]bool{}
	for range 64 {
		n := <-nonces
		if n == "" || seen[n] {
			t.Fatalf("nonce %q empty or repeated", n)
		}
		seen[n] = true
	}
}
