package host

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// idp is a local identity provider: it serves a JWKS that tests rotate,
// counts its hits and can be made slow or broken.
type idp struct {
	mu     sync.Mutex
	keys   map[string]ed25519.PrivateKey
	order  []string // kids served, in order
	status int
	body   string // served instead of the set when not ""
	delay  time.Duration
	hits   atomic.Int64
	srv    *httptest.Server
}

func newIDP(t *testing.T) *idp {
	p := &idp{keys: map[string]ed25519.PrivateKey{}, status: http.StatusOK}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve)) // listens on 127.0.0.1
	t.Cleanup(p.srv.Close)
	return p
}

func (p *idp) serve(w http.ResponseWriter, r *http.Request) {
	p.hits.Add(1)
	p.mu.Lock()
	delay, status, body := p.delay, p.status, p.body
	if status == http.StatusFound {
		// A client that followed this would get the keys.
		w.Header().Set("Location", "/moved")
	}
	if r.URL.Path == "/moved" {
		status = http.StatusOK
	}
	if body == "" {
		var keys []map[string]string
		for _, kid := range p.order {
			pub := p.keys[kid].Public().(ed25519.PublicKey)
			keys = append(keys, map[string]string{"kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig",
				"x": base64.RawURLEncoding.EncodeToString(pub)})
		}
		doc, _ := json.Marshal(map[string]any{"keys": keys})
		body = string(doc)
	}
	p.mu.Unlock()
	time.Sleep(delay)
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// serveKeys makes the set exactly kids, creating keys as needed.
func (p *idp) serveKeys(kids ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, kid := range kids {
		if p.keys[kid] == nil {
			_, priv, _ := ed25519.GenerateKey(rand.Reader)
			p.keys[kid] = priv
		}
	}
	p.order = kids
}

// token signs an EdDSA token with kid's key (which need not be served).
func (p *idp) token(kid string) string {
	p.mu.Lock()
	priv := p.keys[kid]
	if priv == nil {
		_, priv, _ = ed25519.GenerateKey(rand.Reader)
		p.keys[kid] = priv
	}
	p.mu.Unlock()
	enc := base64.RawURLEncoding.EncodeToString
	input := enc([]byte(`{"alg":"EdDSA","kid":"`+kid+`"}`)) + "." +
		enc([]byte(fmt.Sprintf(`{"sub":"u1","iss":"https://idp.test","exp":%d}`, time.Now().Add(time.Hour).Unix())))
	return input + "." + enc(ed25519.Sign(priv, []byte(input)))
}

// clock is a settable time source for RemoteJWKS.now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const remoteConfig = `{"algorithms":["EdDSA"],"issuer":"https://idp.test"}`

func newRemote(t *testing.T, e *Engine, p *idp, opts RemoteJWKSOptions) (*RemoteJWTVerifier, *clock) {
	t.Helper()
	set, err := NewRemoteJWKS(p.srv.URL+"/jwks.json", opts)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	set.now = c.now
	v, err := e.RemoteJWTVerifier(context.Background(), set, json.RawMessage(remoteConfig))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, c
}

func wantHits(t *testing.T, p *idp, want int64) {
	t.Helper()
	if got := p.hits.Load(); got != want {
		t.Fatalf("identity provider hit %d times, want %d", got, want)
	}
}

func TestRemoteJWKSRotation(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		p := newIDP(t)
		p.serveKeys("a")
		v, clk := newRemote(t, e, p, RemoteJWKSOptions{})

		tok, err := v.Verify(ctx, p.token("a"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(tok.Claims), `"sub":"u1"`) || string(tok.Header) != `{"alg":"EdDSA","kid":"a"}` {
			t.Errorf("verified token = %s %s", tok.Header, tok.Claims)
		}
		wantHits(t, p, 1)

		// A new key appears: within the cooldown no refetch, so unknown.
		p.serveKeys("a", "b")
		_, err = v.Verify(ctx, p.token("b"))
		wantCode(t, err, "key_not_found")
		wantHits(t, p, 1)

		// After the cooldown, one refetch finds it.
		clk.advance(31 * time.Second)
		if _, err := v.Verify(ctx, p.token("b")); err != nil {
			t.Fatalf("token of the new key after one refetch: %v", err)
		}
		wantHits(t, p, 2)
		if _, err := v.Verify(ctx, p.token("a")); err != nil {
			t.Fatalf("old key still served: %v", err)
		}
		wantHits(t, p, 2)

		// Key a is removed: once the cached set is older than CacheMaxAge it
		// is refetched, and a's tokens stop verifying.
		p.serveKeys("b")
		clk.advance(10 * time.Minute)
		_, err = v.Verify(ctx, p.token("a"))
		wantCode(t, err, "key_not_found")
		wantHits(t, p, 3) // the max-age refetch; the kid refetch is cooling down
		if _, err := v.Verify(ctx, p.token("b")); err != nil {
			t.Fatal(err)
		}
		v.Close()
		_, err = v.Verify(ctx, p.token("b"))
		wantCode(t, err, "bad_handle")
	})
}

func TestRemoteJWKSCooldownStopsStorms(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		p := newIDP(t)
		p.serveKeys("a")
		v, clk := newRemote(t, e, p, RemoteJWKSOptions{Cooldown: time.Minute})
		if _, err := v.Verify(ctx, p.token("a")); err != nil {
			t.Fatal(err)
		}
		clk.advance(2 * time.Minute) // the next unknown kid may refetch, once
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := v.Verify(ctx, p.token(fmt.Sprintf("forged-%d", i)))
				if codeOf(err) != "key_not_found" {
					t.Errorf("forged kid: %v", err)
				}
			}()
		}
		wg.Wait()
		wantHits(t, p, 2)
	})
}

func TestRemoteJWKSSharedFetch(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		p := newIDP(t)
		p.serveKeys("a")
		p.delay = 100 * time.Millisecond // so that the callers overlap
		v, _ := newRemote(t, e, p, RemoteJWKSOptions{})
		tok := p.token("a")
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := v.Verify(ctx, tok); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		wantHits(t, p, 1)
	})
}

func TestRemoteJWKSFailures(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		tests := []struct {
			name   string
			setup  func(p *idp)
			opts   RemoteJWKSOptions
			code   string
			inText string
		}{
			{"timeout", func(p *idp) { p.delay = 300 * time.Millisecond }, RemoteJWKSOptions{Timeout: 50 * time.Millisecond}, "jwks_timeout", ""},
			{"http error", func(p *idp) { p.status = http.StatusBadGateway }, RemoteJWKSOptions{}, "jwks_unavailable", "HTTP 502"},
			{"redirect not followed", func(p *idp) { p.status = http.StatusFound }, RemoteJWKSOptions{}, "jwks_unavailable", "HTTP 302"},
			{"not json", func(p *idp) { p.body = "<html>" }, RemoteJWKSOptions{}, "jwks_invalid", ""},
			{"no keys member", func(p *idp) { p.body = `{"kes":[]}` }, RemoteJWKSOptions{}, "jwks_invalid", ""},
			{"oversized", func(p *idp) { p.body = `{"keys":[],"pad":"` + strings.Repeat("x", 2000) + `"}` }, RemoteJWKSOptions{MaxBytes: 1000}, "jwks_unavailable", "exceeds"},
			{"private key", func(p *idp) {
				p.body = `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}]}`
			}, RemoteJWKSOptions{}, "jwks_invalid", ""},
			{"symmetric key", func(p *idp) {
				p.body = `{"keys":[{"kty":"oct","k":"` + strings.Repeat("A", 43) + `"}]}`
			}, RemoteJWKSOptions{}, "jwks_invalid", "allow_symmetric_jwks"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := newIDP(t)
				p.serveKeys("a")
				tt.setup(p)
				v, clk := newRemote(t, e, p, tt.opts)
				tok := p.token("a")
				_, err := v.Verify(ctx, tok)
				wantCode(t, err, tt.code)
				if !strings.Contains(err.Error(), tt.inText) {
					t.Errorf("message %q lacks %q", err, tt.inText)
				}
				// A failed fetch cools down too: no retry storm while the
				// provider is down.
				hits := p.hits.Load()
				_, err = v.Verify(ctx, tok)
				wantCode(t, err, tt.code)
				wantHits(t, p, hits)
				// Once the provider recovers and the cooldown passed, it works.
				p.mu.Lock()
				p.delay, p.status, p.body = 0, http.StatusOK, ""
				p.mu.Unlock()
				clk.advance(time.Minute)
				if _, err := v.Verify(ctx, tok); err != nil {
					t.Fatalf("after recovery: %v", err)
				}
			})
		}
	})
}

func TestRemoteJWKSConfig(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, Options{Native: true})
	set, err := NewRemoteJWKS("http://127.0.0.1:1/jwks.json", RemoteJWKSOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []string{
		`{"algorithms":["EdDSA"],"keys":{"pem":"x"}}`, // keys come from the set
		`{"algorithms":["EdDSA"],"isuer":"x"}`,
		`{"algorithms":["none"]}`,
		`[]`,
		`{}`, // algorithms are required
	} {
		if _, err := e.RemoteJWTVerifier(ctx, set, []byte(cfg)); codeOf(err) != "bad_config" {
			t.Errorf("%s: %v, want bad_config", cfg, err)
		}
	}
	for _, url := range []string{"ftp://x/jwks", "::", "file:///etc/passwd"} {
		if _, err := NewRemoteJWKS(url, RemoteJWKSOptions{}); codeOf(err) != "bad_config" {
			t.Errorf("%s: %v, want bad_config", url, err)
		}
	}
	if _, err := NewRemoteJWKS("https://x/", RemoteJWKSOptions{Cooldown: time.Hour, CacheMaxAge: time.Minute}); codeOf(err) != "bad_config" {
		t.Errorf("cooldown > max age: %v", err)
	}
}

// A verifier fed by an identity provider's JWKS: fetched on first use,
// cached, refetched once when a token names an unknown key.
func ExampleEngine_RemoteJWTVerifier() {
	ctx := context.Background()
	// A stand-in identity provider with one TEST-ONLY Ed25519 key.
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	enc := base64.RawURLEncoding.EncodeToString
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":%q}]}`, enc(priv.Public().(ed25519.PublicKey)))
	}))
	defer idp.Close()
	input := enc([]byte(`{"alg":"EdDSA","kid":"k1"}`)) + "." + enc([]byte(`{"sub":"user-1","exp":4102444800}`))
	token := input + "." + enc(ed25519.Sign(priv, []byte(input)))

	eng, _ := New(ctx, Options{Native: true})
	defer eng.Close(ctx)
	set, _ := NewRemoteJWKS(idp.URL+"/.well-known/jwks.json", RemoteJWKSOptions{Cooldown: time.Minute})
	v, err := eng.RemoteJWTVerifier(ctx, set, map[string]any{"algorithms": []string{"EdDSA"}})
	if err != nil {
		panic(err)
	}
	defer v.Close()
	t, err := v.Verify(ctx, token)
	fmt.Println(string(t.Claims), err)
	// Output: {"exp":4102444800,"sub":"user-1"} <nil>
}
