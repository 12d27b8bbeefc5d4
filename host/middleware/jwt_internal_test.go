package middleware

import (
	"net/http"
	"regexp"
	"testing"
)

// expressBearer is the Express adapter's pattern (js/src/express.js), the
// reference bearerToken is checked against.
var expressBearer = regexp.MustCompile(`(?i)^Bearer +([A-Za-z0-9\-._~+/]+=*) *$`)

func TestBearerTokenMatchesExpress(t *testing.T) {
	for _, v := range []string{
		"Bearer abc", "bearer abc", "BEARER  abc.def-ghi_~+/==", "Bearer abc  ", "Bearer", "Bearer ", "Bearer  ",
		"Bearer =", "Bearer ==abc", "Bearer a=b", "Bearer a b", "Bearerabc", "Basic abc", "Bearer\tabc",
		"Bearer abc\t", "xBearer abc", "Bearer ab=c=", "Bearer é", "Bearer a==  ", "bEaReR x", " Bearer x",
	} {
		want := ""
		if m := expressBearer.FindStringSubmatch(v); m != nil {
			want = m[1]
		}
		r := &http.Request{Header: http.Header{"Authorization": {v}}}
		got, ok := bearerToken(r)
		if got != want || ok != (want != "") {
			t.Errorf("%q: got %q %v, want %q", v, got, ok, want)
		}
	}
}

func FuzzBearerToken(f *testing.F) {
	f.Add("Bearer abc==")
	f.Add("bearer   a.b.c  ")
	f.Fuzz(func(t *testing.T, v string) {
		want := ""
		if m := expressBearer.FindStringSubmatch(v); m != nil {
			want = m[1]
		}
		got, ok := bearerToken(&http.Request{Header: http.Header{"Authorization": {v}}})
		if got != want || ok != (want != "") {
			t.Fatalf("%q: got %q %v, want %q", v, got, ok, want)
		}
	})
}
