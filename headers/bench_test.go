package headers

import (
	"testing"
)

// BenchmarkBuildFresh is the per-response cost: helmet's default header set
// plus a strict CSP with a fresh crypto/rand nonce, encoded as the JSON the
// dispatch layer returns.
func BenchmarkBuildFresh(b *testing.B) {
	p, err := Compile([]byte(`{"contentSecurityPolicy":{"preset":"strict"}}`))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := p.BuildFresh()
		if err != nil {
			b.Fatal(err)
		}
		if out := r.AppendJSON(nil); len(out) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildStatic is helmet's defaults: no nonce, nothing per response
// but the copy and the encoding.
func BenchmarkBuildStatic(b *testing.B) {
	p, err := Compile(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r, _ := p.Build("")
		if out := r.AppendJSON(nil); len(out) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile is the one-off cost of compiling options.
func BenchmarkCompile(b *testing.B) {
	opts := []byte(`{"contentSecurityPolicy":{"directives":{"scriptSrc":["'self'","https://cdn.example"]},"nonce":true},"strictTransportSecurity":{"maxAge":63072000,"preload":true},"permissionsPolicy":true}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildJSON is what the headers kind's build op does per response
// with a nonce from the host: parse the request, check the nonce, fill the
// JSON template.
func BenchmarkBuildJSON(b *testing.B) {
	p, err := Compile([]byte(`{"contentSecurityPolicy":{"preset":"strict"}}`))
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(`{"nonce":"rAnd0mNonceValue123456=="}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.BuildJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}
