package demo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// serveDemo starts an engine with opts on the test module (ModulePath and
// the shared compile cache filled in) and serves the demo's Handler on it,
// with the npm package's directory js/; both are closed when the test ends.
func serveDemo(t *testing.T, opts host.Options) (*host.Engine, *httptest.Server) {
	t.Helper()
	wasm := testmodule.Path(t)
	opts.ModulePath, opts.CacheDir = wasm, host.DefaultCacheDir()
	ctx := context.Background()
	eng, err := host.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close(ctx) })
	jsDir := filepath.Dir(filepath.Dir(wasm)) // js/dist/edgeguard.wasm → js/
	srv := httptest.NewServer(Handler(eng, jsDir))
	t.Cleanup(srv.Close)
	return eng, srv
}

func TestDemoServer(t *testing.T) {
	_, srv := serveDemo(t, host.Options{CallTimeout: 2 * time.Second})

	res, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	// The strict policy from the headers package (TestPagePolicy checks it in detail).
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "' 'strict-dynamic' https: 'unsafe-inline' 'wasm-unsafe-eval';") ||
		!strings.Contains(csp, "script-src 'nonce-") {
		t.Errorf("page CSP = %q", csp)
	}

	res, err = http.Get(srv.URL + "/edgeguard/dist/edgeguard.wasm")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "application/wasm" {
		t.Errorf("module: %d %q (browsers need application/wasm for compileStreaming)", res.StatusCode, ct)
	}
	for _, hidden := range []string{"/edgeguard/package.json", "/edgeguard/test/", "/edgeguard/../go.mod"} {
		res, err = http.Get(srv.URL + hidden)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404 (only src/ and dist/ are served)", hidden, res.StatusCode)
		}
	}

	for _, c := range []struct{ policy, in, out, code string }{
		{"ugc", `<b>x</b><img src=x onerror=alert(1)>`, `<b>x</b><img src="x">`, ""},
		{"strict", `<b>x</b>`, `x`, ""},
		{"ugc", `<b>x</b>`, `<b>x</b>`, ""}, // the cached policy
		{"nope", `x`, ``, "bad_config"},
		{"ugc", "\xff", ``, "invalid_utf8"},
	} {
		res, err := http.Post(srv.URL+"/api/sanitize?policy="+c.policy, "text/html", strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var reply sanitizeReply
		if err := json.Unmarshal(body, &reply); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		code := ""
		if reply.Error != nil {
			code = reply.Error.Code
		}
		if reply.Output != c.out || code != c.code || reply.Mode != "wazero" {
			t.Errorf("%s %q: got %s", c.policy, c.in, body)
		}
	}
}
