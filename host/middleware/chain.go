package middleware

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// Middleware wraps a handler; every constructor of this package returns one.
type Middleware = func(http.Handler) http.Handler

// Chain composes middleware: the first wraps all the others, so it sees the
// request first (Chain(a, b)(h) is a(b(h))).
func Chain(mws ...Middleware) Middleware {
	return func(h http.Handler) http.Handler {
		for i := len(mws) - 1; i >= 0; i-- {
			h = mws[i](h)
		}
		return h
	}
}

// DefaultMaxBodyBytes bounds a JSON body read by Validate or SanitizeBody
// unless Options.MaxBodyBytes says otherwise: 100 KiB, express.json()'s
// default limit.
const DefaultMaxBodyBytes = 100 << 10

// Options configure a Guard.
type Options struct {
	// Events receives one security event per refusal and per unexpected
	// failure: a JSON line (no newline) made by the engine's audit kind,
	// with credentials redacted and control characters made visible. Nil
	// writes each line to os.Stderr, as the Express adapter's console.error.
	Events func(r *http.Request, event []byte)
	// AppID is the events' app_id member; empty leaves it out.
	AppID string
	// MaxBodyBytes bounds JSON bodies (413 beyond it); zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Guard makes middleware over one engine. It holds the handles its
// middleware compiled; Close releases them. It is safe for concurrent use.
type Guard struct {
	eng     *host.Engine
	events  func(*http.Request, []byte)
	maxBody int64

	audit     *host.Handle // kind audit: event lines
	challenge *host.Handle // kind authz: its challenge op renders RFC 6750 answers

	mu      sync.Mutex
	closers []interface{ Close() error } // what Close releases
}

// New returns a Guard over eng. It opens the handles every middleware
// shares (security events, RFC 6750 challenges).
func New(ctx context.Context, eng *host.Engine, opts Options) (*Guard, error) {
	if eng == nil {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "middleware: an engine is required")
	}
	if opts.MaxBodyBytes < 0 {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "middleware: MaxBodyBytes must not be negative")
	}
	g := &Guard{eng: eng, events: opts.Events, maxBody: opts.MaxBodyBytes}
	if g.events == nil {
		g.events = func(_ *http.Request, line []byte) { os.Stderr.Write(append(line, '\n')) }
	}
	if g.maxBody == 0 {
		g.maxBody = DefaultMaxBodyBytes
	}
	cfg := map[string]string{}
	if opts.AppID != "" {
		cfg["app_id"] = opts.AppID
	}
	var err error
	if g.audit, err = g.open(ctx, "audit", cfg); err != nil {
		return nil, err
	}
	// The challenge op lives on the jwt and authz kinds and does not consult
	// the policy, so any valid policy serves.
	if g.challenge, err = g.open(ctx, "authz", json.RawMessage(`{"rule":{"scope":["challenge"]}}`)); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

// Close releases every handle the Guard and its middleware opened;
// middleware used afterwards answers 500. The engine stays open.
func (g *Guard) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	var first error
	for _, c := range g.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	g.closers = nil
	return first
}

// open compiles config for kind and remembers the handle for Close.
func (g *Guard) open(ctx context.Context, kind string, config any) (*host.Handle, error) {
	h, err := g.eng.OpenJSON(ctx, kind, config)
	if err != nil {
		return nil, err
	}
	g.keep(h)
	return h, nil
}

// keep remembers c for Close.
func (g *Guard) keep(c interface{ Close() error }) {
	g.mu.Lock()
	g.closers = append(g.closers, c)
	g.mu.Unlock()
}

// callJSON runs op on h and decodes its JSON answer into out.
func callJSON(r *http.Request, h *host.Handle, op string, in []byte, out any) error {
	res, err := h.Call(r.Context(), op, in)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(res.Data, out); err != nil {
		return dispatch.Errorf(dispatch.CodeInternal, "%s %s: unexpected answer: %v", h.Kind(), op, err)
	}
	return nil
}

// clientIP is the peer address without its port (what Express's
// req.socket.remoteAddress holds).
func clientIP(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
