package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/jwtcheck"
)

// VerifiedJWT is a token that passed verification: its header and claims as
// the module's deterministic JSON (docs/jwt.md).
type VerifiedJWT struct {
	Header json.RawMessage `json:"header"`
	Claims json.RawMessage `json:"claims"`
}

// JWTVerifier verifies tokens under one compiled verifier configuration. It
// is safe for concurrent use.
//
// In wazero mode it verifies RS*, PS*, ES* and EdDSA signatures with Go's
// native crypto (the host-signature protocol of docs/jwt.md): the module
// does everything else in one verify_prepare call. HS* tokens are verified
// entirely in the module. InModuleSignatures turns the native half off.
type JWTVerifier struct {
	h *Handle
	// keys are the verifier's public keys, parsed natively from its keys
	// operation once when the handle is opened; nil when the module checks
	// signatures itself (native mode, where the module is Go already, or
	// InModuleSignatures).
	keys *jwtcheck.KeySet
}

// JWTVerifier compiles a verifier configuration (docs/jwt.md): a JSON
// document as []byte or json.RawMessage, or a Go value that marshals to one.
func (e *Engine) JWTVerifier(ctx context.Context, config any, opts ...JWTOption) (*JWTVerifier, error) {
	cfg, err := ConfigJSON(config)
	if err != nil {
		return nil, err
	}
	h, err := e.Open(ctx, "jwt", cfg)
	if err != nil {
		return nil, err
	}
	v := &JWTVerifier{h: h}
	if e.mode == "wazero" && !jwtOptionsOf(opts).inModule {
		if v.keys, err = nativeKeys(ctx, h); err != nil {
			h.Close()
			return nil, err
		}
	}
	return v, nil
}

// Verify checks token. A rejected token is a *Error whose Code is one of the
// JWT codes of docs/jwt.md (expired, signature, …).
func (v *JWTVerifier) Verify(ctx context.Context, token string) (*VerifiedJWT, error) {
	var out []byte
	if v.keys != nil {
		var err error
		if out, err = v.verifyPrepared(ctx, token); err != nil {
			return nil, err
		}
	} else {
		r, err := v.h.Call(ctx, "verify", []byte(token))
		if err != nil {
			return nil, err
		}
		out = r.Data
	}
	var t VerifiedJWT
	if err := json.Unmarshal(out, &t); err != nil {
		return nil, dispatch.Errorf(dispatch.CodeInternal, "verify output: %v", err)
	}
	return &t, nil
}

// Close releases the compiled configuration.
func (v *JWTVerifier) Close() error { return v.h.Close() }

// RemoteJWKSOptions configure a RemoteJWKS. Zero values take the defaults,
// which are jose's (createRemoteJWKSet).
type RemoteJWKSOptions struct {
	// Client makes the requests; default http.DefaultClient. Timeout below
	// applies in any case, and redirects are never followed (as in jose): the
	// configured URL is the one trusted for keys.
	Client *http.Client
	// Timeout bounds one fetch, from request to the end of the body.
	// Default 5 s.
	Timeout time.Duration
	// CacheMaxAge is how long a fetched set is used before it is fetched
	// again; a set older than this is never used. Default 10 min.
	CacheMaxAge time.Duration
	// Cooldown is the minimum time between two fetches, successful or not,
	// so that tokens with made-up kids cannot turn into a request storm
	// against the identity provider. Default 30 s; must not exceed
	// CacheMaxAge.
	Cooldown time.Duration
	// MaxBytes caps the response body. Default 1 MiB.
	MaxBytes int64
	// Header is added to every request (for example a User-Agent).
	Header http.Header
}

func (o RemoteJWKSOptions) withDefaults() RemoteJWKSOptions {
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.CacheMaxAge <= 0 {
		o.CacheMaxAge = 10 * time.Minute
	}
	if o.Cooldown <= 0 {
		o.Cooldown = 30 * time.Second
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 1 << 20
	}
	return o
}

// RemoteJWKS fetches a JWK Set over HTTP and caches it, with jose's
// createRemoteJWKSet semantics: the set is fetched on first use and when
// older than CacheMaxAge, refetched at most once per Cooldown, and
// concurrent callers share one in-flight fetch. The module never does I/O;
// this is the Go host's half of remote key sets (the JS package has the
// same helper). It is safe for concurrent use and may feed several
// verifiers.
type RemoteJWKS struct {
	url  string
	opts RemoteJWKSOptions
	now  func() time.Time // replaced in tests

	mu        sync.Mutex
	doc       []byte    // last good document, nil before the first success
	gen       uint64    // incremented when doc's content changes
	fetchedAt time.Time // of doc
	attempted time.Time // last fetch start, successful or not
	lastErr   error     // of the last fetch, nil if it succeeded
	inflight  chan struct{}
}

// NewRemoteJWKS returns a RemoteJWKS for url (http or https). Nothing is
// fetched until first use.
func NewRemoteJWKS(url string, opts RemoteJWKSOptions) (*RemoteJWKS, error) {
	opts = opts.withDefaults()
	if opts.Cooldown > opts.CacheMaxAge {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "remote JWKS: cooldown %v exceeds cache max age %v", opts.Cooldown, opts.CacheMaxAge)
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil || (req.URL.Scheme != "https" && req.URL.Scheme != "http") {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "remote JWKS: %q is not an http(s) URL", url)
	}
	client := *opts.Client // a copy: the caller's client keeps its own policy
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	opts.Client = &client
	return &RemoteJWKS{url: url, opts: opts, now: time.Now}, nil
}

// Get returns the current set and its generation, fetching it first when
// there is none yet or it is older than CacheMaxAge. Errors have the codes
// jwks_unavailable, jwks_timeout or jwks_invalid, or canceled/timeout when
// ctx ends first.
func (r *RemoteJWKS) Get(ctx context.Context) ([]byte, uint64, error) {
	return r.get(ctx, false)
}

// Refresh fetches the set again unless a fetch started less than Cooldown
// ago, and returns the set then current. Verifiers call it once when a token
// names a key the set lacks.
func (r *RemoteJWKS) Refresh(ctx context.Context) ([]byte, uint64, error) {
	return r.get(ctx, true)
}

func (r *RemoteJWKS) get(ctx context.Context, refresh bool) ([]byte, uint64, error) {
	r.mu.Lock()
	for r.inflight != nil {
		// Someone is fetching: whatever we wanted, their result serves,
		// a refetch included.
		wait := r.inflight
		r.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, 0, contextError(ctx.Err())
		}
		r.mu.Lock()
		refresh = false
	}
	now := r.now()
	fresh := r.doc != nil && now.Sub(r.fetchedAt) < r.opts.CacheMaxAge
	coolingDown := !r.attempted.IsZero() && now.Sub(r.attempted) < r.opts.Cooldown
	if (fresh && !refresh) || coolingDown {
		doc, gen, err := r.doc, r.gen, r.lastErr
		r.mu.Unlock()
		switch {
		case fresh:
			return doc, gen, nil
		case err != nil:
			return nil, 0, err // the last fetch failed; no retry until the cooldown ends
		default: // unreachable while Cooldown ≤ CacheMaxAge, kept fail-closed
			return nil, 0, jwksError(jwtcheck.CodeJWKSUnavailable, "the cached set expired")
		}
	}
	done := make(chan struct{})
	r.inflight, r.attempted = done, now
	r.mu.Unlock()

	doc, err := r.fetch()

	r.mu.Lock()
	defer r.mu.Unlock()
	r.inflight = nil
	close(done)
	r.lastErr = err
	if err != nil {
		// A stale set is never used past CacheMaxAge, even when the
		// provider is down: a key it removed must stop verifying.
		return nil, 0, err
	}
	if !bytes.Equal(doc, r.doc) {
		r.gen++
	}
	r.doc, r.fetchedAt = doc, r.now()
	return r.doc, r.gen, nil
}

// fetch runs one request under its own timeout, not the caller's context:
// the fetch is shared, and one caller giving up must not fail the others.
func (r *RemoteJWKS) fetch() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, jwksError(jwtcheck.CodeJWKSUnavailable, "%v", err)
	}
	for name, values := range r.opts.Header {
		req.Header[name] = values
	}
	req.Header.Set("Accept", "application/json, application/jwk-set+json")
	res, err := r.opts.Client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, jwksError(jwtcheck.CodeJWKSUnavailable, "%s answered HTTP %d", r.url, res.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, r.opts.MaxBytes+1))
	if err != nil {
		return nil, fetchError(ctx, err)
	}
	if int64(len(body)) > r.opts.MaxBytes {
		return nil, jwksError(jwtcheck.CodeJWKSUnavailable, "%s: body exceeds %d bytes", r.url, r.opts.MaxBytes)
	}
	// Parsed here once so that a broken document is never cached as the
	// current set. Symmetric keys are refused whatever the verifier allows:
	// a secret published over HTTP is no secret.
	if _, err := jwtcheck.ParseJWKS(body, false); err != nil {
		return nil, jwksError(jwtcheck.CodeJWKSInvalid, "%s: %v", r.url, err)
	}
	return body, nil
}

func fetchError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return jwksError(jwtcheck.CodeJWKSTimeout, "%v", err)
	}
	return jwksError(jwtcheck.CodeJWKSUnavailable, "%v", err)
}

func jwksError(code jwtcheck.Code, format string, args ...any) *Error {
	return dispatch.Errorf(string(code), "remote JWKS: "+format, args...)
}

// RemoteJWTVerifier verifies tokens against a RemoteJWKS: it keeps a
// verifier compiled for the current set and re-opens it when the set
// changes. A token whose key is not in the set triggers one Refresh (subject
// to the cooldown) and one more attempt. It is safe for concurrent use.
type RemoteJWTVerifier struct {
	e    *Engine
	set  *RemoteJWKS
	base []byte // the configuration without keys
	opts []JWTOption

	mu     sync.RWMutex // held for reading while a verifier is in use
	cur    *JWTVerifier
	gen    uint64
	closed bool
}

// RemoteJWTVerifier returns a verifier whose keys come from set. config is a
// verifier configuration without "keys" (docs/jwt.md). It is checked here,
// against an empty key set, so that a bad_config later can only be the
// fetched set's fault (reported as jwks_invalid). Nothing is fetched until
// the first Verify. opts apply to every verifier compiled for a fetched set.
func (e *Engine) RemoteJWTVerifier(ctx context.Context, set *RemoteJWKS, config any, opts ...JWTOption) (*RemoteJWTVerifier, error) {
	cfg, err := ConfigJSON(config)
	if err != nil {
		return nil, err
	}
	cfg = bytes.TrimSpace(cfg)
	if len(cfg) < 2 || cfg[0] != '{' || cfg[len(cfg)-1] != '}' {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "jwt: configuration must be a JSON object")
	}
	v := &RemoteJWTVerifier{e: e, set: set, base: cfg, opts: opts}
	probe, err := e.JWTVerifier(ctx, v.withKeys([]byte(`{"keys":[]}`)), opts...)
	if err != nil {
		return nil, err
	}
	probe.Close()
	return v, nil
}

// withKeys splices the set into the configuration as its "keys" member. It
// edits the text rather than decoding and re-encoding it, so that the
// module still sees (and refuses) duplicate or misspelled members, and a
// "keys" of the caller's own is a duplicate member: refused too.
func (v *RemoteJWTVerifier) withKeys(doc []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"keys":{"jwks":`)
	b.Write(doc)
	b.WriteString(`}`)
	rest := bytes.TrimSpace(v.base[1:])
	if len(rest) > 1 { // not just "}"
		b.WriteByte(',')
	}
	b.Write(rest)
	return b.Bytes()
}

// Verify checks token with the current keys. Besides the JWT codes, it
// fails with jwks_unavailable, jwks_timeout or jwks_invalid when the set
// cannot be fetched.
func (v *RemoteJWTVerifier) Verify(ctx context.Context, token string) (*VerifiedJWT, error) {
	doc, gen, err := v.set.Get(ctx)
	if err != nil {
		return nil, err
	}
	t, err := v.verifyWith(ctx, doc, gen, token)
	if codeOf(err) != string(jwtcheck.CodeKeyNotFound) {
		return t, err
	}
	doc2, gen2, ferr := v.set.Refresh(ctx)
	if ferr != nil || gen2 == gen {
		return nil, err // no new keys: the token's key is unknown
	}
	return v.verifyWith(ctx, doc2, gen2, token)
}

func (v *RemoteJWTVerifier) verifyWith(ctx context.Context, doc []byte, gen uint64, token string) (*VerifiedJWT, error) {
	v.mu.RLock()
	// A newer generation than gen is fine: the set only moves forward.
	for !v.closed && (v.cur == nil || v.gen < gen) {
		v.mu.RUnlock()
		if err := v.reopen(ctx, doc, gen); err != nil {
			return nil, err
		}
		v.mu.RLock()
	}
	defer v.mu.RUnlock()
	if v.closed {
		return nil, dispatch.Errorf(dispatch.CodeBadHandle, "the remote JWT verifier is closed")
	}
	return v.cur.Verify(ctx, token)
}

// reopen compiles the verifier for generation gen unless a newer one is
// already in place, and closes the one it replaces.
func (v *RemoteJWTVerifier) reopen(ctx context.Context, doc []byte, gen uint64) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed || (v.cur != nil && v.gen >= gen) {
		return nil // verifyWith reports the closed verifier
	}
	next, err := v.e.JWTVerifier(ctx, v.withKeys(doc), v.opts...)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && (e.Code == dispatch.CodeBadConfig || e.Code == string(jwtcheck.CodeKeyWeak)) {
			// The configuration passed with an empty set, so the fetched
			// keys are at fault.
			return jwksError(jwtcheck.CodeJWKSInvalid, "refused by the verifier: %s: %s", e.Code, e.Message)
		}
		return err
	}
	if v.cur != nil {
		v.cur.Close()
	}
	v.cur, v.gen = next, gen
	return nil
}

// Close releases the compiled verifier. The RemoteJWKS is not closed: it
// holds no resources.
func (v *RemoteJWTVerifier) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closed = true
	if v.cur == nil {
		return nil
	}
	err := v.cur.Close()
	v.cur = nil
	return err
}

// codeOf returns the code of an *Error, or "".
func codeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
