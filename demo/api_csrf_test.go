package demo

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

// practiceServer serves the demo on the wazero host and returns a poster
// for the CSRF and rate-limit APIs (safe to call from goroutines).
func practiceServer(t *testing.T) func(path, body string) (moduleReply, int) {
	t.Helper()
	_, srv := serveDemo(t, host.Options{CallTimeout: 5 * time.Second})
	return func(path, body string) (moduleReply, int) {
		t.Helper()
		res, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err) // not Fatal: goroutines post too
			return moduleReply{}, 0
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var r moduleReply
		if res.StatusCode == http.StatusOK {
			if err := json.Unmarshal(b, &r); err != nil {
				t.Errorf("%s: %v", b, err)
			}
			if r.Mode != "wazero" {
				t.Errorf("%s: mode %q", path, r.Mode)
			}
		}
		return r, res.StatusCode
	}
}

func TestCSRFAPI(t *testing.T) {
	post := practiceServer(t)
	cases := []struct {
		name, path, body string
		output, code     string // exact output, or error code
	}{
		{"cross-site POST", "/api/csrf/check",
			`{"config":{},"input":{"method":"POST","host":"bank.example","path":"/transfer","sec_fetch_site":"cross-site","now_ms":1000}}`,
			`{"allowed":false,"blocked":true,"reason":"cross_origin_sec_fetch_site","vary":"Sec-Fetch-Site, Origin",` +
				`"problem":{"type":"about:blank","title":"Forbidden","status":403,"code":"cross_origin_sec_fetch_site"},` +
				`"event":{"datetime":"1970-01-01T00:00:01Z","event":"malicious_csrf","level":"WARN","reason":"cross_origin_sec_fetch_site","request_method":"POST","request_uri":"/transfer","hostname":"bank.example","fields":{"log_only":false,"sec_fetch_site":"cross-site"}}}`, ""},
		{"trusted partner", "/api/csrf/check",
			`{"config":{"trusted_origins":["https://partner.example"]},"input":{"method":"POST","host":"bank.example","path":"/","sec_fetch_site":"cross-site","origin":"https://partner.example"}}`,
			`{"allowed":true,"blocked":false,"vary":"Sec-Fetch-Site, Origin"}`, ""},
		{"bypass pattern", "/api/csrf/check",
			`{"config":{"bypass_patterns":["POST /hooks/"]},"input":{"method":"POST","host":"bank.example","path":"/hooks/x","sec_fetch_site":"cross-site"}}`,
			`{"allowed":true,"blocked":false,"vary":"Sec-Fetch-Site, Origin"}`, ""},
		{"bad trusted origin", "/api/csrf/check", `{"config":{"trusted_origins":["null"]},"input":{}}`, "", "bad_config"},
		// csrf-csrf 4.0.3 minted this token (csrf/testdata/csrf-csrf-4.0.3.json).
		{"csrf-csrf's token", "/api/csrf/verify",
			`{"config":{"secrets":["0123456789abcdef0123456789abcdef-edgeguard-interop"]},"input":{"session_id":"session-1",` +
				`"cookie_token":"74ba65fb7ea4380dd022ca5ffb446f91d3b566823cf4abdd5886b18baca06623.9b5525ba48f30e9792c29aea2121e0a1483d34da68af561b06072fc2c84a889e",` +
				`"request_token":"74ba65fb7ea4380dd022ca5ffb446f91d3b566823cf4abdd5886b18baca06623.9b5525ba48f30e9792c29aea2121e0a1483d34da68af561b06072fc2c84a889e"}}`,
			`{"ok":true}`, ""},
		{"mismatch", "/api/csrf/verify",
			`{"config":{"secrets":["0123456789abcdef0123456789abcdef-edgeguard-interop"]},"input":{"session_id":"s","cookie_token":"a","request_token":"b","now_ms":1000}}`,
			`{"ok":false,"code":"csrf_token_mismatch","problem":{"type":"about:blank","title":"Forbidden","status":403,"code":"csrf_token_mismatch"},` +
				`"event":{"datetime":"1970-01-01T00:00:01Z","event":"malicious_csrf","level":"WARN","reason":"csrf_token_mismatch"}}`, ""},
	}
	for _, c := range cases {
		r, status := post(c.path, c.body)
		got := string(r.Output)
		if r.Error != nil {
			got = "error " + r.Error.Code
		}
		want := c.output
		if c.code != "" {
			want = "error " + c.code
		}
		if status != 200 || got != want {
			t.Errorf("%s: status %d\n got %s\nwant %s", c.name, status, got, want)
		}
	}
	for _, bad := range []string{`{}`, `not json`, `{"config":{}}`} {
		if _, status := post("/api/csrf/check", bad); status != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", bad, status)
		}
	}
}
