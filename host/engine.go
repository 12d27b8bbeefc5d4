package host

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
)

// backend is what an Engine runs on: the dispatch table in-process, or the
// module on wazero. Handle ids are the backend's own; 0 is the module handle.
type backend interface {
	open(ctx context.Context, kind string, config []byte) (uint32, error)
	call(ctx context.Context, id uint32, op string, in []byte) ([]byte, dispatch.Format, error)
	closeHandle(id uint32) error
	close(ctx context.Context) error
}

// Engine runs edgeguard operations. It is safe for concurrent use.
type Engine struct {
	b       backend
	mode    string
	timeout time.Duration
	closed  atomic.Bool
}

// New returns an Engine. In wazero mode it loads and compiles the module and
// starts one instance, so that a broken module fails here, not on first use.
func New(ctx context.Context, opts Options) (*Engine, error) {
	opts = opts.withDefaults()
	e := &Engine{timeout: opts.CallTimeout}
	if opts.Native {
		e.b, e.mode = newNative(), "native"
		return e, nil
	}
	w, err := newWazero(ctx, opts)
	if err != nil {
		return nil, err
	}
	e.b, e.mode = w, "wazero"
	return e, nil
}

// Mode reports "native" or "wazero".
func (e *Engine) Mode() string { return e.mode }

// Close releases the engine's instances. Calls after Close fail with code
// "closed"; Close is idempotent.
func (e *Engine) Close(ctx context.Context) error {
	if e.closed.Swap(true) {
		return nil
	}
	return e.b.close(ctx)
}

// Handle is a compiled configuration. It is safe for concurrent use.
type Handle struct {
	e      *Engine
	id     uint32
	kind   string
	closed atomic.Bool
}

// Module returns the always-open handle of stateless operations
// (version, kinds, echo).
func (e *Engine) Module() *Handle { return &Handle{e: e, id: dispatch.ModuleHandle, kind: "module"} }

// Open compiles config (JSON) for kind. A bad configuration fails here, with
// code bad_config and a message naming the offending key.
func (e *Engine) Open(ctx context.Context, kind string, config []byte) (*Handle, error) {
	ctx, cancel, err := e.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	id, err := e.b.open(ctx, kind, config)
	if err != nil {
		return nil, err
	}
	return &Handle{e: e, id: id, kind: kind}, nil
}

// OpenJSON is Open with the configuration ConfigJSON makes of a Go value.
func (e *Engine) OpenJSON(ctx context.Context, kind string, config any) (*Handle, error) {
	b, err := ConfigJSON(config)
	if err != nil {
		return nil, err
	}
	return e.Open(ctx, kind, b)
}

// ConfigJSON is the JSON text of a configuration: []byte and
// json.RawMessage are taken as JSON already (encoding/json would make a
// base64 string of []byte); anything else is marshaled.
func ConfigJSON(config any) ([]byte, error) {
	switch c := config.(type) {
	case []byte:
		return c, nil
	case json.RawMessage:
		return c, nil
	}
	b, err := json.Marshal(config)
	if err != nil {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "configuration does not encode as JSON: %v", err)
	}
	return b, nil
}

// Kind reports the handle's kind ("module" for the module handle).
func (h *Handle) Kind() string { return h.kind }

// Result is an operation's output.
type Result struct {
	Data []byte // raw UTF-8 text, or a JSON document when JSON is true
	JSON bool
}

// Call runs op on the handle. The engine never retains in.
func (h *Handle) Call(ctx context.Context, op string, in []byte) (Result, error) {
	if h.closed.Load() {
		return Result{}, dispatch.Errorf(dispatch.CodeBadHandle, "handle %d is closed", h.id)
	}
	ctx, cancel, err := h.e.begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer cancel()
	out, format, err := h.e.b.call(ctx, h.id, op, in)
	if err != nil {
		return Result{}, err
	}
	return Result{Data: out, JSON: format == dispatch.JSON}, nil
}

// Close releases the handle. Closing twice, or closing the module handle,
// fails with bad_handle so that lifetime bugs show.
func (h *Handle) Close() error {
	if h.id == dispatch.ModuleHandle || h.closed.Swap(true) {
		return dispatch.Errorf(dispatch.CodeBadHandle, "handle %d is not open", h.id)
	}
	if h.e.closed.Load() {
		return nil // the engine released everything already
	}
	return h.e.b.closeHandle(h.id)
}

// begin applies the engine's call timeout and refuses calls on a closed
// engine or with a context that is already done.
func (e *Engine) begin(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if e.closed.Load() {
		return nil, nil, dispatch.Errorf(dispatch.CodeClosed, "engine is closed")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, contextError(err)
	}
	if e.timeout > 0 {
		ctx, cancel := context.WithTimeout(ctx, e.timeout)
		return ctx, cancel, nil
	}
	return ctx, func() {}, nil
}

func contextError(err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return dispatch.Errorf(dispatch.CodeTimeout, "deadline exceeded")
	}
	return dispatch.Errorf(dispatch.CodeCanceled, "context canceled")
}
