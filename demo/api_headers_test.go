package demo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/csp"
	"github.com/edgeguard/edgeguard/host"
)

var scriptNonce = regexp.MustCompile(`<script nonce="([^"]*)" `)

// TestPagePolicy checks that the page is served under the strict policy it
// demonstrates: a fresh 128-bit nonce per response that the page's script
// tags carry, and no finding from csp-evaluator's default, strict and
// edgeguard's checks other than IGNORED notes and the Trusted Types hint.
func TestPagePolicy(t *testing.T) {
	assets, _ := fs.Sub(static, "static")
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServerFS(assets))
	mux.Handle("GET /{$}", indexPage(assets))
	srv := secureHeaders(mux)
	raw, _ := fs.ReadFile(assets, "index.html")

	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		res := rec.Result()
		body := rec.Body.String()
		policy := res.Header.Get("Content-Security-Policy")
		m := scriptNonce.FindAllStringSubmatch(body, -1)
		if len(m) == 0 || len(m) != strings.Count(string(raw), "<script ") {
			t.Fatalf("every <script> tag needs the nonce: %d of %d in\n%s", len(m), strings.Count(string(raw), "<script "), body)
		}
		nonce := m[0][1]
		for _, x := range m {
			if x[1] != nonce {
				t.Errorf("script tags carry different nonces: %q", m)
			}
		}
		if b, err := base64.StdEncoding.DecodeString(nonce); err != nil || len(b) < 16 {
			t.Errorf("nonce %q: %d bytes, %v; want ≥ 16 random bytes", nonce, len(b), err)
		}
		if seen[nonce] {
			t.Errorf("nonce %q served twice", nonce)
		}
		seen[nonce] = true
		if !strings.Contains(policy, "script-src 'nonce-"+nonce+"' 'strict-dynamic' https: 'unsafe-inline' 'wasm-unsafe-eval';") {
			t.Errorf("policy does not carry the page's nonce %q: %s", nonce, policy)
		}
		if strings.ReplaceAll(body, `<script nonce="`+nonce+`" `, "<script ") != string(raw) {
			t.Error("the page differs from index.html by more than the nonce attributes")
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q: a cached page would replay its nonce", cc)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("Content-Type %q", ct)
		}
		for _, f := range csp.Evaluate(csp.Parse(policy), csp.EvaluateOptions{Strict: true, Extra: true, Wasm: true}) {
			if f.Type != csp.TypeIgnored && f.Type != csp.TypeRequireTrustedTypesForScripts {
				t.Errorf("page policy finding: %v %v %s %s", f.Severity, f.Type, f.Directive, f.Description)
			}
		}
		for _, want := range []string{"object-src 'none'", "base-uri 'none'", "style-src 'self'", "frame-ancestors 'none'", "report-uri " + cspReportPath} {
			if !strings.Contains(policy, want) {
				t.Errorf("policy lacks %q: %s", want, policy)
			}
		}
		if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("Permissions-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers: %v", res.Header)
		}
	}

	// Assets are served under the same headers (and are not rewritten).
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/app.js", nil))
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Security-Policy"), "'strict-dynamic'") || strings.Contains(rec.Body.String(), "nonce=") {
		t.Errorf("/app.js: %d, CSP %q", rec.Code, rec.Header().Get("Content-Security-Policy"))
	}
}

func TestHeadersAPI(t *testing.T) {
	_, srv := serveDemo(t, host.Options{CallTimeout: 2 * time.Second})

	post := func(path, body string) moduleReply {
		t.Helper()
		res, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var r moduleReply
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if r.Mode != "wazero" {
			t.Errorf("%s: mode %q", path, r.Mode)
		}
		return r
	}

	const nonce = "AAAAAAAAAAAAAAAAAAAAAAAA"
	r := post("/api/headers/build?nonce="+nonce, `{"contentSecurityPolicy":{"preset":"strict"},"xFrameOptions":{"action":"deny"}}`)
	var set struct {
		Headers map[string]string `json:"headers"`
		Remove  []string          `json:"remove"`
		Nonce   string            `json:"nonce"`
	}
	if r.Error != nil || json.Unmarshal(r.Output, &set) != nil {
		t.Fatalf("build: %+v %s", r.Error, r.Output)
	}
	if set.Nonce != nonce || !strings.Contains(set.Headers["Content-Security-Policy"], "'nonce-"+nonce+"' 'strict-dynamic'") ||
		set.Headers["X-Frame-Options"] != "DENY" || len(set.Remove) != 1 {
		t.Errorf("build: %s", r.Output)
	}
	if r := post("/api/headers/build", `null`); r.Error != nil || !strings.Contains(string(r.Output), `"X-Frame-Options":"SAMEORIGIN"`) {
		t.Errorf("defaults: %+v %s", r.Error, r.Output)
	}
	for _, c := range []struct{ path, body, code string }{
		{"/api/headers/build", `{"xFrameOptions":{"action":"nope"}}`, "bad_config"},
		{"/api/headers/build", `{`, "bad_config"},
		{"/api/headers/build?nonce=short", `{"contentSecurityPolicy":{"preset":"strict"}}`, "bad_nonce"},
		{"/api/headers/evaluate?version=CSP9", `script-src 'self'`, "bad_config"},
	} {
		if r := post(c.path, c.body); r.Error == nil || r.Error.Code != c.code || r.Output != nil {
			t.Errorf("%s %s: %+v %s; want %s", c.path, c.body, r.Error, r.Output, c.code)
		}
	}

	r = post("/api/headers/evaluate", `script-src 'unsafe-inline'`)
	var findings []struct{ Type, Severity, Directive string }
	if r.Error != nil || json.Unmarshal(r.Output, &findings) != nil || len(findings) != 2 ||
		findings[0].Type != "SCRIPT_UNSAFE_INLINE" || findings[0].Severity != "HIGH" || findings[1].Type != "MISSING_DIRECTIVES" {
		t.Errorf("evaluate: %+v %s", r.Error, r.Output)
	}
	// Violation reports: parsed into events by the module, kept, listed.
	listReports := func() (list struct {
		Events []map[string]any `json:"events"`
		Total  int              `json:"total"`
	}) {
		t.Helper()
		res, err := http.Get(srv.URL + "/api/headers/csp-reports")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		return list
	}
	before := listReports().Total
	report := `{"csp-report":{"document-uri":"http://127.0.0.1/?token=secret","blocked-uri":"inline","effective-directive":"script-src-attr","violated-directive":"script-src-attr","original-policy":"script-src-attr 'none'"}}`
	res, err := http.Post(srv.URL+"/api/headers/csp-report", "application/csp-report", strings.NewReader(report))
	if err != nil || res.StatusCode != http.StatusNoContent {
		t.Fatalf("report: %v %v", err, res.Status)
	}
	res.Body.Close()
	if res, _ := http.Post(srv.URL+"/api/headers/csp-report", "application/csp-report", strings.NewReader(`{"nope":1}`)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a body that is no report: %s", res.Status)
	}
	list := listReports()
	if list.Total != before+1 || len(list.Events) == 0 {
		t.Fatalf("reports: %+v", list)
	}
	if e := list.Events[len(list.Events)-1]; e["document_url"] != "http://127.0.0.1/" || e["effective_directive"] != "script-src-attr" || e["event"] != "malicious_csp_violation" {
		t.Errorf("event %v (the query string must be stripped)", e)
	}

	// The query selects the checks: strict adds the Trusted Types hint.
	r = post("/api/headers/evaluate?strict=1&extra=1&wasm=1", `script-src 'unsafe-inline'`)
	if !strings.Contains(string(r.Output), "REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS") || !strings.Contains(string(r.Output), "MISSING_WASM_UNSAFE_EVAL") {
		t.Errorf("evaluate strict: %s", r.Output)
	}
}

// TestPageWorksUnderItsPolicyInChromium loads the page in headless Chromium:
// the module must load (its script carries the nonce, its imports are
// trusted through 'strict-dynamic', WebAssembly compiles under
// 'wasm-unsafe-eval') and the headers panel must show both of its checks
// agreeing. A policy that blocked anything would leave the status line at
// "loading the module…".
func TestPageWorksUnderItsPolicyInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium on PATH (scripts/setup.sh installs it)")
	}
	_, srv := serveDemo(t, host.Options{CallTimeout: 5 * time.Second})

	run, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(run, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=20000", "--dump-dom", srv.URL+"/")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	page := string(dom)
	if !strings.Contains(page, `class="status ok"`) {
		t.Fatalf("the module did not load under the page's policy:\n%s", page)
	}
	panel, _, _ := strings.Cut(page[strings.Index(page, `id="headers-panel"`):], "</section>")
	if n := strings.Count(panel, "identical output in the browser and on the server"); n < 2 || strings.Contains(panel, "the outputs differ") {
		t.Errorf("headers panel: %d agreeing checks, want 2\n%s", n, panel)
	}
}
