package middleware

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
	"github.com/edgeguard/edgeguard/ratelimit"
)

// newEngine starts a native or a wazero engine, as host's own tests do;
// wazero needs the built module (EDGEGUARD_REQUIRE_WASM=1 turns a missing
// one into a failure).
func newEngine(t testing.TB, native bool) *host.Engine {
	t.Helper()
	opts := host.Options{Native: native}
	if !native {
		opts.ModulePath = testmodule.Path(t)
		opts.CacheDir = host.DefaultCacheDir()
	}
	e, err := host.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("host.New: %v", err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

// NewTestEngine is newEngine for the external test package (bench_test.go),
// so that the benchmarks start their engines as the tests do.
var NewTestEngine = newEngine

// bothModes runs f against a native and a wazero engine.
func bothModes(t *testing.T, f func(t *testing.T, eng *host.Engine)) {
	for _, native := range []bool{true, false} {
		t.Run(map[bool]string{true: "native", false: "wazero"}[native], func(t *testing.T) {
			f(t, newEngine(t, native))
		})
	}
}

// eventLog collects the event lines a Guard emits.
type eventLog struct {
	mu    sync.Mutex
	lines []map[string]any
}

func (l *eventLog) add(_ *http.Request, line []byte) {
	var ev map[string]any
	if err := json.Unmarshal(line, &ev); err != nil {
		ev = map[string]any{"unparsable": string(line)}
	}
	l.mu.Lock()
	l.lines = append(l.lines, ev)
	l.mu.Unlock()
}

// take returns the events since the last take.
func (l *eventLog) take() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.lines
	l.lines = nil
	return out
}

func newGuard(t testing.TB, eng *host.Engine, opts Options) (*Guard, *eventLog) {
	t.Helper()
	log := &eventLog{}
	opts.Events = log.add
	g, err := New(context.Background(), eng, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { g.Close() })
	return g, log
}

// mustOK returns a function that unwraps a constructor's result, failing
// t on an error.
func mustOK(t testing.TB) func(Middleware, error) Middleware {
	return func(mw Middleware, err error) Middleware {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return mw
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *host.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("want error code %q, got %v", code, err)
	}
}

// Tokens for the tests.

var (
	hsSecret = func() []byte { b := make([]byte, 32); rand.Read(b); return b }()
	ecKey    = func() *ecdsa.PrivateKey { k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader); return k }()
	b64      = base64.RawURLEncoding.EncodeToString
)

func jwtJSON(v any) string { b, _ := json.Marshal(v); return b64(b) }

func hs256(claims map[string]any) string {
	in := jwtJSON(map[string]any{"alg": "HS256", "typ": "JWT"}) + "." + jwtJSON(claims)
	m := hmac.New(sha256.New, hsSecret)
	m.Write([]byte(in))
	return in + "." + b64(m.Sum(nil))
}

func es256(key *ecdsa.PrivateKey, claims map[string]any) string {
	in := jwtJSON(map[string]any{"alg": "ES256", "kid": "k1"}) + "." + jwtJSON(claims)
	sum := sha256.Sum256([]byte(in))
	r, s, err := ecdsa.Sign(rand.Reader, key, sum[:])
	if err != nil {
		panic(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return in + "." + b64(sig)
}

func ecJWK(k *ecdsa.PublicKey) map[string]any {
	raw, err := k.Bytes() // 0x04 ‖ X ‖ Y
	if err != nil {
		panic(err)
	}
	return map[string]any{"kty": "EC", "crv": "P-256", "x": b64(raw[1:33]), "y": b64(raw[33:]), "kid": "k1", "alg": "ES256", "use": "sig"}
}

func unix(d time.Duration) int64 { return time.Now().Add(d).Unix() }

// app is the Express test's app (tests/express/express.test.mjs) in
// net/http: every middleware on its own route, behind helmet and Recover.
type app struct {
	*httptest.Server
	handler  http.Handler // what the server serves
	g        *Guard
	events   *eventLog
	jwksHits *atomic.Int64
}

func newApp(t testing.TB, eng *host.Engine) *app {
	must := mustOK(t)
	t.Helper()
	g, events := newGuard(t, eng, Options{MaxBodyBytes: 4 << 10})
	hits := &atomic.Int64{}
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": []any{ecJWK(&ecKey.PublicKey)}})
	}))
	t.Cleanup(idp.Close)
	set, err := host.NewRemoteJWKS(idp.URL+"/jwks.json", host.RemoteJWKSOptions{})
	if err != nil {
		t.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<script nonce="%s">1</script>`, Nonce(r))
	})
	// JSON text keeps the fields' order, which express-validator follows
	// (a Go map would be marshaled with its keys sorted).
	validate := must(g.Validate(json.RawMessage(`{
		"email": {"in": ["body"], "isEmail": true, "normalizeEmail": true},
		"age": {"in": ["body"], "isInt": {"options": {"min": 13}}, "toInt": true}}`)))
	mux.Handle("POST /signup", validate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(Validated(r))
	})))
	items := must(g.Validate(json.RawMessage(`{
		"id": {"in": ["params"], "isInt": true, "toInt": true},
		"sort": {"in": ["query"], "optional": true, "isIn": {"options": [["asc", "desc"]]}}}`)))
	mux.Handle("GET /items/{id}", items(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(Validated(r)) })))

	jwt := must(g.RequireJWT(JWTOptions{Realm: "edgeguard-test", Config: map[string]any{
		"algorithms": []string{"HS256"}, "keys": map[string]any{"secret_b64url": b64(hsSecret)}, "audience": "api"}}))
	mux.Handle("GET /me", jwt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(Claims(r)) })))
	admin := must(g.Authorize(map[string]any{"scope": []string{"admin"}}, ""))
	mux.Handle("GET /admin", Chain(jwt, admin)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c struct{ Sub string }
		json.Unmarshal(Claims(r), &c)
		fmt.Fprintf(w, `{"admin":%q}`, c.Sub)
	})))
	remote := must(g.RequireJWT(JWTOptions{JWKS: set, Config: map[string]any{"algorithms": []string{"ES256"}}}))
	mux.Handle("GET /remote", remote(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(Claims(r)) })))

	secret := make([]byte, 32)
	rand.Read(secret)
	protect := must(g.CSRF(CSRFOptions{Secrets: []string{b64(secret)},
		SessionID: func(r *http.Request) string { return r.Header.Get("X-Session") }}))
	mux.Handle("GET /form", protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, err := CSRFToken(r)
		if err != nil {
			g.Error(w, r, err)
			return
		}
		fmt.Fprintf(w, `{"token":%q}`, tok)
	})))
	mux.Handle("POST /transfer", protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"done":true}`)
	})))

	limited := must(g.RateLimit(RateLimitOptions{Policies: []RateLimitPolicy{{Quota: 2, Window: time.Minute}}}))
	mux.Handle("GET /limited", limited(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })))

	once := must(g.RateLimit(RateLimitOptions{Policies: []RateLimitPolicy{{Quota: 1, Window: time.Minute}}}))
	mux.Handle("GET /once", once(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })))

	sanitize := must(g.SanitizeBody([]string{"text", "tags"}, "ugc"))
	mux.Handle("POST /comment", sanitize(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(w, r.Body) // the rewritten body
	})))

	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("database password is hunter2") })
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) {
		g.Error(w, r, &HTTPError{Status: http.StatusGone, Detail: "That item was removed.", Err: errors.New("row 7 deleted")})
	})

	helmet := must(g.Helmet(map[string]any{"contentSecurityPolicy": map[string]any{"preset": "strict"}}))
	handler := Chain(helmet, g.Recover())(mux)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &app{Server: srv, handler: handler, g: g, events: events, jwksHits: hits}
}

// do sends a request; headers alternate name, value.
func (a *app) do(t *testing.T, method, path, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	res, b, err := a.send(method, path, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// send is do for goroutines other than the test's, which must not call
// t.Fatal.
func (a *app) send(method, path, body string, headers ...string) (*http.Response, string, error) {
	req, err := http.NewRequest(method, a.URL+path, strings.NewReader(body))
	if err != nil {
		return nil, "", err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	res, err := a.Client().Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, string(b), err
}

// problem checks an RFC 9457 answer and returns its members.
func problem(t *testing.T, res *http.Response, body string, status int) map[string]any {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d (%s)", res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("Content-Type %q", ct)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("problem body %q: %v", body, err)
	}
	if p["status"] != float64(status) || p["title"] == "" || p["type"] == nil {
		t.Fatalf("problem members %v", p)
	}
	return p
}

// oneEvent checks that exactly one event was logged, named name.
func oneEvent(t *testing.T, log *eventLog, name string) map[string]any {
	t.Helper()
	evs := log.take()
	if len(evs) != 1 || evs[0]["event"] != name {
		t.Fatalf("events %v, want one %s", evs, name)
	}
	return evs[0]
}

var nonceRE = regexp.MustCompile(`nonce="([^"]*)"`)

func TestHelmet(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		var nonces []string
		for range 2 {
			res, body := a.do(t, "GET", "/page", "")
			if res.StatusCode != 200 || res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatalf("%d %v", res.StatusCode, res.Header)
			}
			m := nonceRE.FindStringSubmatch(body)
			if m == nil || !regexp.MustCompile(`^[A-Za-z0-9+/]{22}==$`).MatchString(m[1]) {
				t.Fatalf("no nonce in %q", body)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'nonce-"+m[1]+"'") {
				t.Fatalf("CSP %q lacks the page's nonce %s", csp, m[1])
			}
			nonces = append(nonces, m[1])
		}
		if nonces[0] == nonces[1] {
			t.Fatal("the nonce repeated")
		}
		if evs := a.events.take(); len(evs) != 0 {
			t.Fatalf("events for accepted requests: %v", evs)
		}
	})
}

func TestHelmetRemovesAndRefuses(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, _ := newGuard(t, eng, Options{})
		mw := must(g.Helmet(nil))
		poweredBy := func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Powered-By", "PHP/5.1")
				h.ServeHTTP(w, r)
			})
		}
		rec := httptest.NewRecorder()
		poweredBy(mw(http.NotFoundHandler())).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if v := rec.Header().Get("X-Powered-By"); v != "" {
			t.Errorf("X-Powered-By %q survived", v)
		}
		if rec.Header().Get("Strict-Transport-Security") == "" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("helmet defaults missing: %v", rec.Header())
		}
		// Fixed values are shared between responses: a handler adding to one
		// must not change the next response's.
		adder := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("X-Frame-Options", "DENY")
		}))
		for range 2 {
			rec := httptest.NewRecorder()
			adder.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			if got := rec.Header().Values("X-Frame-Options"); len(got) != 2 || got[0] != "SAMEORIGIN" {
				t.Fatalf("X-Frame-Options %q", got)
			}
		}
		// []byte is JSON text, as json.RawMessage.
		if _, err := g.Helmet([]byte(`{"frameguard":{"action":"deny"}}`)); err != nil {
			t.Fatalf("[]byte options: %v", err)
		}
		for _, bad := range []any{
			map[string]any{"bogus": true},
			map[string]any{"contentSecurityPolicy": map[string]any{"directives": map[string]any{"default-src": []string{"none"}}}},
			json.RawMessage(`{"hsts":`),
		} {
			_, err := g.Helmet(bad)
			wantCode(t, err, "bad_config")
		}
	})
}

func TestValidate(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		json := []string{"Content-Type", "application/json"}
		for _, tc := range []struct {
			name, method, path, body string
			headers                  []string
			status                   int
			want                     string // exact body, or "" to check code only
			code                     string
		}{
			{"valid, sanitized", "POST", "/signup", `{"email":"Alice@Example.COM","age":"30"}`, json, 200,
				`{"email":"alice@example.com","age":30}`, ""},
			// Bytes produced by the Express adapter (js/src/express.js at ef9ea21, Express 5.1)
			// for the same requests: the two adapters answer identically.
			{"invalid", "POST", "/signup", `{"email":"not-an-email","age":"7"}`, json, 400,
				`{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request failed validation.","errors":[{"type":"field","value":"not-an-email","msg":"Invalid value","path":"email","location":"body","code":"is_email"},{"type":"field","value":"7","msg":"Invalid value","path":"age","location":"body","code":"is_int","params":[{"min":13}]}]}`, ""},
			{"invalid, markup and a fraction", "POST", "/signup", `{"email":"<b>x</b>&","age":7.5}`, json, 400,
				`{"type":"about:blank","title":"Bad Request","status":400,"detail":"The request failed validation.","errors":[{"type":"field","value":"<b>x</b>&","msg":"Invalid value","path":"email","location":"body","code":"is_email"},{"type":"field","value":7.5,"msg":"Invalid value","path":"age","location":"body","code":"is_int","params":[{"min":13}]}]}`, ""},
			{"json suffix type", "POST", "/signup", `{"email":"a@b.co","age":13}`, []string{"Content-Type", "application/merge-patch+json; charset=UTF-8"}, 200,
				`{"email":"a@b.co","age":13}`, ""},
			{"no body", "POST", "/signup", ``, nil, 400, "", ""},
			{"not json", "POST", "/signup", `email=a@b.co&age=30`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "", "unsupported_media_type"},
			{"other charset", "POST", "/signup", `{"email":"a@b.co","age":13}`, []string{"Content-Type", "application/json; charset=latin1"}, 415, "", "unsupported_media_type"},
			{"malformed", "POST", "/signup", `{"email":`, json, 400, "", "malformed_json"},
			{"scalar top level", "POST", "/signup", `"x"`, json, 400, "", "malformed_json"},
			{"invalid utf-8", "POST", "/signup", "{\"email\":\"\xff\"}", json, 400, "", "malformed_json"},
			{"too large", "POST", "/signup", `{"email":"` + strings.Repeat("a", 5<<10) + `"}`, json, 413, "", "body_too_large"},
			// The data follows the request's locations in Express's order (body,
			// query, params, …), as the module reads them.
			{"path param and query", "GET", "/items/42?sort=asc", ``, nil, 200, `{"sort":"asc","id":42}`, ""},
			{"bad path param", "GET", "/items/x", ``, nil, 400, "", ""},
			// A repeated parameter is a list, each of whose items must pass.
			{"repeated query", "GET", "/items/1?sort=asc&sort=desc", ``, nil, 200, `{"sort":["asc","desc"],"id":1}`, ""},
			{"repeated query, one bad", "GET", "/items/1?sort=asc&sort=up", ``, nil, 400, "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a.events.take()
				res, body := a.do(t, tc.method, tc.path, tc.body, tc.headers...)
				if res.StatusCode != tc.status {
					t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
				}
				if tc.want != "" && body != tc.want {
					t.Fatalf("body\n got %s\nwant %s", body, tc.want)
				}
				if tc.status == 200 {
					if evs := a.events.take(); len(evs) != 0 {
						t.Fatalf("events for an accepted request: %v", evs)
					}
					return
				}
				p := problem(t, res, body, tc.status)
				if tc.code != "" && p["code"] != tc.code {
					t.Fatalf("code %v, want %s", p["code"], tc.code)
				}
				oneEvent(t, a.events, "input_validation_fail")
			})
		}
	})
}

func TestRequireJWT(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		reader := hs256(map[string]any{"sub": "alice", "aud": "api", "exp": unix(time.Minute), "scope": "read"})
		adminTok := hs256(map[string]any{"sub": "root", "aud": "api", "exp": unix(time.Minute), "scope": "read admin"})
		forged := reader[:strings.LastIndexByte(reader, '.')+1] + b64(make([]byte, 32))
		other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		for _, tc := range []struct {
			name, path, auth string
			status           int
			challenge        string // regexp
			code             string
			event            string
		}{
			{"valid", "/me", "Bearer " + reader, 200, "", "", ""},
			{"scheme is case-insensitive", "/me", "bearer  " + reader, 200, "", "", ""},
			{"none", "/me", "", 401, `^Bearer realm="edgeguard-test"$`, "", "authn_token_invalid"},
			{"basic", "/me", "Basic YTpi", 401, `^Bearer realm="edgeguard-test"$`, "", "authn_token_invalid"},
			{"expired", "/me", "Bearer " + hs256(map[string]any{"sub": "a", "aud": "api", "exp": unix(-time.Hour)}), 401,
				`^Bearer realm="edgeguard-test", error="invalid_token", error_description="the token expired"$`, "invalid_token", "authn_token_invalid"},
			{"wrong audience", "/me", "Bearer " + hs256(map[string]any{"sub": "a", "aud": "web", "exp": unix(time.Minute)}), 401,
				`error="invalid_token"`, "invalid_token", "authn_token_invalid"},
			{"forged", "/me", "Bearer " + forged, 401, `error="invalid_token"`, "invalid_token", "authn_token_invalid"},
			{"garbage", "/me", "Bearer a.b.c", 401, `error="invalid_token"`, "invalid_token", "authn_token_invalid"},
			{"admin", "/admin", "Bearer " + adminTok, 200, "", "", ""},
			{"insufficient scope", "/admin", "Bearer " + reader, 403, `error="insufficient_scope".*scope="admin"`, "insufficient_scope", "authz_fail"},
			{"remote key", "/remote", "Bearer " + es256(ecKey, map[string]any{"sub": "bob", "exp": unix(time.Minute)}), 200, "", "", ""},
			{"foreign key", "/remote", "Bearer " + es256(other, map[string]any{"sub": "mallory", "exp": unix(time.Minute)}), 401,
				`^Bearer error="invalid_token"`, "invalid_token", "authn_token_invalid"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var h []string
				if tc.auth != "" {
					h = []string{"Authorization", tc.auth}
				}
				a.events.take()
				res, body := a.do(t, "GET", tc.path, "", h...)
				if tc.status == 200 {
					if res.StatusCode != 200 || !strings.Contains(body, `"`) {
						t.Fatalf("%d %s", res.StatusCode, body)
					}
					if evs := a.events.take(); len(evs) != 0 {
						t.Fatalf("events for an accepted request: %v", evs)
					}
					return
				}
				p := problem(t, res, body, tc.status)
				if got := res.Header.Get("WWW-Authenticate"); !regexp.MustCompile(tc.challenge).MatchString(got) {
					t.Fatalf("WWW-Authenticate %q, want /%s/", got, tc.challenge)
				}
				if tc.code != "" && p["code"] != tc.code {
					t.Fatalf("code %v, want %s", p["code"], tc.code)
				}
				oneEvent(t, a.events, tc.event)
			})
		}
		if a.jwksHits.Load() == 0 {
			t.Fatal("the identity provider was never asked for its keys")
		}
		// Claims reach the handler as the engine's JSON.
		_, body := a.do(t, "GET", "/admin", "", "Authorization", "Bearer "+adminTok)
		if body != `{"admin":"root"}` {
			t.Fatalf("admin body %s", body)
		}
	})
}

func TestRequireJWTUnreachableKeys(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, events := newGuard(t, eng, Options{})
		dead := httptest.NewServer(http.NotFoundHandler())
		url := dead.URL
		dead.Close()
		set, err := host.NewRemoteJWKS(url, host.RemoteJWKSOptions{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		mw := must(g.RequireJWT(JWTOptions{JWKS: set, Config: map[string]any{"algorithms": []string{"ES256"}}}))
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Authorization", "Bearer "+es256(ecKey, map[string]any{"exp": unix(time.Minute)}))
		mw(http.NotFoundHandler()).ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("WWW-Authenticate") != "" {
			t.Fatalf("%d %v %s", rec.Code, rec.Header(), rec.Body)
		}
		if strings.Contains(rec.Body.String(), "127.0.0.1") {
			t.Fatalf("the body names internals: %s", rec.Body)
		}
		oneEvent(t, events, "sys_crash")
	})
}

func TestCSRF(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		res, body := a.do(t, "GET", "/form", "", "X-Session", "sess-1")
		if res.StatusCode != 200 {
			t.Fatalf("form: %d %s", res.StatusCode, body)
		}
		var form struct{ Token string }
		json.Unmarshal([]byte(body), &form)
		cookie, _, _ := strings.Cut(res.Header.Get("Set-Cookie"), ";")
		if !strings.HasPrefix(cookie, "__Host-psifi.x-csrf-token=") || form.Token == "" {
			t.Fatalf("cookie %q token %q", cookie, form.Token)
		}
		base := []string{"X-Session", "sess-1", "Sec-Fetch-Site", "same-origin", "Cookie", cookie}
		for _, tc := range []struct {
			name    string
			headers []string
			status  int
			code    string
		}{
			{"round trip", append(base, "X-CSRF-Token", form.Token), 200, ""},
			{"no token", base, 403, ""},
			{"no session", []string{"Sec-Fetch-Site", "same-origin", "Cookie", cookie, "X-CSRF-Token", form.Token}, 403, "no_session"},
			{"other session", []string{"X-Session", "sess-2", "Sec-Fetch-Site", "same-origin", "Cookie", cookie, "X-CSRF-Token", form.Token}, 403, ""},
			{"cross site", []string{"X-Session", "sess-1", "Sec-Fetch-Site", "cross-site", "Cookie", cookie, "X-CSRF-Token", form.Token}, 403, "cross_origin_sec_fetch_site"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a.events.take()
				res, body := a.do(t, "POST", "/transfer", "", tc.headers...)
				if tc.status == 200 {
					if res.StatusCode != 200 || body != `{"done":true}` {
						t.Fatalf("%d %s", res.StatusCode, body)
					}
					return
				}
				p := problem(t, res, body, tc.status)
				if tc.code != "" && p["code"] != tc.code {
					t.Fatalf("code %v, want %s", p["code"], tc.code)
				}
				if p["code"] == nil {
					t.Fatalf("no code member: %v", p)
				}
				oneEvent(t, a.events, "malicious_csrf")
			})
		}
	})
}

func TestCSRFConfig(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, _ := newGuard(t, eng, Options{})
		_, err := g.CSRF(CSRFOptions{Secrets: []string{b64(hsSecret)}})
		wantCode(t, err, "bad_config")
		_, err = g.CSRF(CSRFOptions{TrustedOrigins: []string{"not an origin"}})
		wantCode(t, err, "bad_config")
		// Without tokens, CSRFToken has nothing to mint with.
		mw := must(g.CSRF(CSRFOptions{}))
		var tokErr error
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, tokErr = CSRFToken(r) })).
			ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		wantCode(t, tokErr, "bad_request")
	})
}

func TestRateLimit(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		for i := range 2 {
			res, body := a.do(t, "GET", "/limited", "")
			if res.StatusCode != 200 || body != "ok" {
				t.Fatalf("request %d: %d %s", i, res.StatusCode, body)
			}
			if rl := res.Header.Get("RateLimit"); !regexp.MustCompile(fmt.Sprintf(`^"p0";r=%d;t=\d+$`, 1-i)).MatchString(rl) {
				t.Fatalf("RateLimit %q", rl)
			}
			if p := res.Header.Get("RateLimit-Policy"); p != `"p0";q=2;w=60` {
				t.Fatalf("RateLimit-Policy %q", p)
			}
		}
		res, body := a.do(t, "GET", "/limited", "")
		p := problem(t, res, body, 429)
		if p["type"] != "https://iana.org/assignments/http-problem-types#quota-exceeded" {
			t.Fatalf("type %v", p["type"])
		}
		if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Fatalf("Retry-After %q", ra)
		}
		ev := oneEvent(t, a.events, "excess_rate_limit_exceeded")
		if !strings.Contains(fmt.Sprint(ev), "p0") {
			t.Fatalf("event lacks the violated policy: %v", ev)
		}
	})
}

// failingStore fails every call: the limiter must fail closed.
type failingStore struct{}

func (failingStore) Get(context.Context, string) (string, error) { return "", errors.New("store down") }
func (failingStore) CompareAndSwap(context.Context, string, string, string, time.Duration) (bool, error) {
	return false, errors.New("store down")
}

func TestRateLimitFailsClosed(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, events := newGuard(t, eng, Options{})
		mw := must(g.RateLimit(RateLimitOptions{Policies: []RateLimitPolicy{{Quota: 5, Window: time.Second}}, Store: failingStore{}}))
		rec := httptest.NewRecorder()
		mw(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%d", rec.Code)
		}
		oneEvent(t, events, "sys_crash")
		for _, bad := range []RateLimitOptions{
			{},
			{Policies: []RateLimitPolicy{{Quota: 0, Window: time.Second}}},
			{Policies: []RateLimitPolicy{{Quota: 1, Window: time.Microsecond}}},
			{Policies: []RateLimitPolicy{{Quota: 1, Window: time.Second}}, Headers: "fancy"},
		} {
			_, err := g.RateLimit(bad)
			wantCode(t, err, "bad_config")
		}
	})
}

func TestSanitizeBody(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		ct := []string{"Content-Type", "application/json"}
		for _, tc := range []struct {
			name, body string
			status     int
			want       string
		}{
			{"cleaned in place", `{"text":"<b>hi</b><script>alert(1)</script><img src=x onerror=alert(1)>","n":1.50,"tags":["<i>a</i>","b<svg onload=x>"],"other":"<script>"}`, 200,
				`{"text":"<b>hi</b><img src=\"x\">","n":1.50,"tags":["<i>a</i>","b"],"other":"<script>"}`},
			{"repeated name: every copy", `{"text":"<script>x</script>ok","text":"<img src=x onerror=y>"}`, 200, `{"text":"ok","text":"<img src=\"x\">"}`},
			{"empty list", `{"tags":[]}`, 200, `{"tags":[]}`},
			{"array body passes", `["<script>"]`, 200, `["<script>"]`},
			{"object field", `{"text":{"html":"<script>"}}`, 400, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"Field \"text\" must be text.","code":"not_text"}`},
			{"null field", `{"text":null}`, 400, ""},
			{"list with a number", `{"tags":["a",1]}`, 400, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a.events.take()
				res, body := a.do(t, "POST", "/comment", tc.body, ct...)
				if res.StatusCode != tc.status || (tc.want != "" && body != tc.want) {
					t.Fatalf("%d %s\nwant %d %s", res.StatusCode, body, tc.status, tc.want)
				}
				if tc.status != 200 {
					problem(t, res, body, tc.status)
					oneEvent(t, a.events, "input_validation_fail")
				}
			})
		}
	})
}

func TestErrorAndRecover(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		res, body := a.do(t, "GET", "/boom", "")
		p := problem(t, res, body, 500)
		if p["detail"] != nil || strings.Contains(body, "hunter2") {
			t.Fatalf("500 shows internals: %s", body)
		}
		ev := oneEvent(t, a.events, "sys_crash")
		if ev["level"] != "CRITICAL" || ev["request_uri"] != "/boom" {
			t.Fatalf("event %v", ev)
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Fatal("helmet's headers lost on the 500")
		}
		res, body = a.do(t, "GET", "/gone", "")
		if p := problem(t, res, body, 410); p["detail"] != "That item was removed." || strings.Contains(body, "row 7") {
			t.Fatalf("410: %s", body)
		}
		if ev := oneEvent(t, a.events, "input_validation_fail"); ev["level"] != "WARN" {
			t.Fatalf("event %v", ev)
		}
	})
}

// TestHostileRequests sends malformed and oversized input through every
// middleware at once: nothing may panic, and nothing may reach the
// handler unchecked.
func TestHostileRequests(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		for _, tc := range []struct {
			method, path, body string
			headers            []string
		}{
			{"POST", "/signup", "\x00\xff{", []string{"Content-Type", "application/json"}},
			{"POST", "/signup", `{"email":"a@b.co"}`, []string{"Content-Type", "application/json;;;charset="}},
			{"POST", "/signup", `{"__proto__":{"admin":true},"email":"a@b.co","age":20}`, []string{"Content-Type", "application/json"}},
			{"GET", "/items/%FF%FE?sort=%ZZ&\xff=1", "", nil},
			{"GET", "/items/1?" + strings.Repeat("a=1&", 2000), "", nil},
			{"GET", "/me", "", []string{"Authorization", "Bearer " + strings.Repeat("a", 20000)}},
			{"GET", "/me", "", []string{"Authorization", "Bearer x", "Authorization", "Bearer y"}},
			{"GET", "/admin", "", []string{"Authorization", "Bearer e30.e30.e30"}},
			{"POST", "/transfer", "", []string{"X-Session", strings.Repeat("s", 10000), "Sec-Fetch-Site", "same-origin", "Cookie", "__Host-psifi.x-csrf-token=\xff", "X-CSRF-Token", "\xfe"}},
			{"POST", "/transfer", "", []string{"X-Session", "s", "Origin", "null"}},
			{"POST", "/comment", `{"text":"` + strings.Repeat("<b>", 1000) + `"}`, []string{"Content-Type", "application/json"}},
			{"POST", "/comment", `{"text":"\ud800"}`, []string{"Content-Type", "application/json"}},
			{"POST", "/comment", `{"a":` + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + `}`, []string{"Content-Type", "application/json"}},
		} {
			res, body := a.do(t, tc.method, tc.path, tc.body, tc.headers...)
			if res.StatusCode >= 500 {
				t.Errorf("%s %.40s: %d %s", tc.method, tc.path, res.StatusCode, body)
			}
		}
	})
}

// FuzzRequest drives the app's handler (every middleware) with arbitrary
// requests on the native engine: no input may panic (Recover would turn a
// panic into a 500) or make the middleware fail.
func FuzzRequest(f *testing.F) {
	eng := newEngine(f, true)
	a := newApp(f, eng)
	token := hs256(map[string]any{"sub": "a", "aud": "api", "exp": unix(time.Hour), "scope": "admin"})
	f.Add("POST", "/signup", "", `{"email":"a@b.co","age":"30"}`, "application/json", "")
	f.Add("GET", "/items/7", "sort=asc&sort=%ff", "", "", "")
	f.Add("GET", "/admin", "", "", "", "Bearer "+token)
	f.Add("POST", "/comment", "", `{"text":"<svg onload=x>","tags":["<a href=javascript:1>"]}`, "application/json; charset=utf-8", "")
	f.Add("POST", "/transfer", "", "", "", "")
	f.Add("GET", "/limited", "", "", "", "")
	f.Fuzz(func(t *testing.T, method, path, query, body, contentType, auth string) {
		u := &url.URL{Path: "/" + strings.TrimPrefix(path, "/"), RawQuery: query}
		r := &http.Request{Method: method, URL: u, RequestURI: u.RequestURI(), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{}, Host: "example.test", RemoteAddr: "192.0.2.1:1234", Body: io.NopCloser(strings.NewReader(body))}
		r = r.WithContext(context.Background())
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, r)
		if rec.Code >= 500 {
			t.Fatalf("%q %q: %d %s", method, u, rec.Code, rec.Body)
		}
	})
}

func TestRecoverPassesAborts(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		g, events := newGuard(t, eng, Options{})
		for _, tc := range []struct {
			name    string
			handler http.HandlerFunc
		}{
			{"abort", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }},
			{"after the response started", func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(200)
				panic("late")
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				defer func() {
					if recover() == nil {
						t.Fatal("the panic was swallowed")
					}
					if evs := events.take(); len(evs) != 0 {
						t.Fatalf("events %v", evs)
					}
				}()
				g.Recover()(tc.handler).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
			})
		}
	})
}

func TestClosedGuardFailsClosed(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, _ := newGuard(t, eng, Options{})
		validate := must(g.Validate(json.RawMessage(`{"q":{"in":["query"],"isInt":true}}`)))
		reached := false
		h := validate(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached = true }))
		g.Close()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/?q=1", nil))
		if reached || rec.Code != http.StatusInternalServerError {
			t.Fatalf("reached=%v status=%d", reached, rec.Code)
		}
		if _, err := New(context.Background(), nil, Options{}); err == nil {
			t.Fatal("New without an engine")
		}
	})
}

func TestCSRFLogOnly(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, events := newGuard(t, eng, Options{})
		mw := must(g.CSRF(CSRFOptions{LogOnly: true}))
		req := httptest.NewRequest("POST", "/x", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		rec := httptest.NewRecorder()
		mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, req)
		if rec.Code != 204 {
			t.Fatalf("log-only refused: %d", rec.Code)
		}
		if ev := oneEvent(t, events, "malicious_csrf"); !strings.Contains(fmt.Sprint(ev), "log_only:true") {
			t.Fatalf("event %v", ev)
		}
	})
}

// TestConcurrent sends requests through the full stack from many
// goroutines: wazero's instance pool and the shared handles under load.
func TestConcurrent(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		token := hs256(map[string]any{"sub": "root", "aud": "api", "exp": unix(time.Minute), "scope": "admin"})
		var wg sync.WaitGroup
		errs := make(chan string, 64)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 8 {
					var res *http.Response
					var body string
					var err error
					if (i+j)%2 == 0 {
						res, body, err = a.send("GET", "/admin", "", "Authorization", "Bearer "+token)
					} else {
						res, body, err = a.send("POST", "/signup", `{"email":"x@y.co","age":20}`, "Content-Type", "application/json")
					}
					if err != nil || res.StatusCode != 200 {
						errs <- fmt.Sprintf("%v %v %s", err, res, body)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	})
}

// The events come from the engine's audit kind: credentials in the URI are
// redacted and the request's client is filled in.
func TestEventsRedacted(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		a.events.take()
		expired := hs256(map[string]any{"sub": "a", "aud": "api", "exp": unix(-time.Hour)})
		res, body := a.do(t, "GET", "/me?access_token="+expired, "", "Authorization", "Bearer "+expired, "User-Agent", "probe/1")
		problem(t, res, body, 401)
		ev := oneEvent(t, a.events, "authn_token_invalid")
		line := fmt.Sprint(ev)
		if strings.Contains(line, expired) || strings.Contains(line, expired[:20]) {
			t.Fatalf("the token reached the log: %s", line)
		}
		if ev["reason"] != "expired" || ev["source_ip"] != "127.0.0.1" || ev["useragent"] != "probe/1" || ev["request_method"] != "GET" {
			t.Fatalf("event %v", ev)
		}
	})
}

// racingStore is a MemoryStore whose first swaps lose, as when another
// request for the key is charged in between: the limiter must decide again
// from the new state, never charge twice or skip the charge.
type racingStore struct {
	*ratelimit.MemoryStore
	lose  int
	swaps atomic.Int64
}

func (s *racingStore) CompareAndSwap(ctx context.Context, key, old, next string, ttl time.Duration) (bool, error) {
	if s.swaps.Add(1) <= int64(s.lose) {
		return false, nil
	}
	return s.MemoryStore.CompareAndSwap(ctx, key, old, next, ttl)
}

func TestRateLimitStoreRetries(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		must := mustOK(t)
		g, _ := newGuard(t, eng, Options{})
		store := &racingStore{MemoryStore: ratelimit.NewMemoryStore(0, nil), lose: 2}
		keyed := func(r *http.Request) (string, error) { return "user:" + r.Header.Get("X-User"), nil }
		mw := must(g.RateLimit(RateLimitOptions{Policies: []RateLimitPolicy{{Name: "api", Quota: 3, Window: time.Hour}},
			Store: store, Key: keyed}))
		h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
		statuses := ""
		for range 4 {
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("X-User", "ann")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			statuses += fmt.Sprint(rec.Code, " ")
		}
		// Three charged (the first after two lost swaps), the fourth refused
		// without a swap: 3 + 2 swap attempts.
		if statuses != "204 204 204 429 " || store.swaps.Load() != 5 {
			t.Fatalf("statuses %s, swaps %d", statuses, store.swaps.Load())
		}
		// Another key has its own quota.
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-User", "bob")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 204 || rec.Header().Get("RateLimit") == "" {
			t.Fatalf("bob: %d %v", rec.Code, rec.Header())
		}
	})
}

// TestSameBytesAsExpress compares refusals with what the Express adapter
// sends for the same requests: the bodies and WWW-Authenticate values below
// were produced by js/src/express.js (commit ef9ea21, Express 5) with the
// same routes and options.
func TestSameBytesAsExpress(t *testing.T) {
	bothModes(t, func(t *testing.T, eng *host.Engine) {
		a := newApp(t, eng)
		expired := hs256(map[string]any{"sub": "a", "aud": "api", "exp": unix(-time.Hour)})
		reader := hs256(map[string]any{"sub": "a", "aud": "api", "exp": unix(time.Minute), "scope": "read"})
		a.do(t, "GET", "/once", "") // the quota of one is spent
		for _, tc := range []struct {
			name, method, path string
			headers            []string
			status             int
			challenge, body    string
		}{
			{"no token", "GET", "/me", nil, 401, `Bearer realm="edgeguard-test"`,
				`{"type":"about:blank","title":"Unauthorized","status":401}`},
			{"expired", "GET", "/me", []string{"Authorization", "Bearer " + expired}, 401,
				`Bearer realm="edgeguard-test", error="invalid_token", error_description="the token expired"`,
				`{"type":"about:blank","title":"Unauthorized","status":401,"code":"invalid_token","detail":"the token expired"}`},
			{"insufficient scope", "GET", "/admin", []string{"Authorization", "Bearer " + reader}, 403,
				`Bearer error="insufficient_scope", error_description="the token does not grant access to this resource", scope="admin"`,
				`{"type":"about:blank","title":"Forbidden","status":403,"code":"insufficient_scope","detail":"the token does not grant access to this resource"}`},
			{"cross site", "POST", "/transfer", []string{"X-Session", "s", "Sec-Fetch-Site", "cross-site"}, 403, "",
				`{"type":"about:blank","title":"Forbidden","status":403,"code":"cross_origin_sec_fetch_site"}`},
			{"no csrf token", "POST", "/transfer", []string{"X-Session", "s", "Sec-Fetch-Site", "same-origin"}, 403, "",
				`{"type":"about:blank","title":"Forbidden","status":403,"code":"csrf_token_missing"}`},
			{"no session", "POST", "/transfer", []string{"Sec-Fetch-Site", "same-origin"}, 403, "",
				`{"type":"about:blank","title":"Forbidden","status":403,"detail":"Cross-site request refused.","code":"no_session"}`},
			{"over quota", "GET", "/once", nil, 429, "",
				`{"type":"https://iana.org/assignments/http-problem-types#quota-exceeded","title":"Too Many Requests","status":429,"detail":"Quota exceeded; retry after 60 s.","violated-policies":["p0"]}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, body := a.do(t, tc.method, tc.path, "", tc.headers...)
				if res.StatusCode != tc.status || body != tc.body || res.Header.Get("WWW-Authenticate") != tc.challenge {
					t.Fatalf("got %d %q\n%s\nwant %d %q\n%s", res.StatusCode, res.Header.Get("WWW-Authenticate"), body,
						tc.status, tc.challenge, tc.body)
				}
			})
		}
	})
}

// Streaming handlers keep their http.Flusher behind Recover.
func TestRecoverKeepsFlusher(t *testing.T) {
	g, _ := newGuard(t, newEngine(t, true), Options{})
	hijacker := false
	h := g.Recover()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			t.Error("no http.Flusher behind Recover")
			return
		}
		io.WriteString(w, "event: 1\n\n")
		f.Flush()
		_, hijacker = w.(http.Hijacker)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !rec.Flushed || !hijacker {
		t.Fatalf("flushed=%v hijacker=%v", rec.Flushed, hijacker)
	}
}
