package host

import (
	"context"

	"github.com/edgeguard/edgeguard/dispatch"
)

// native runs the dispatch table in-process. The table is safe for
// concurrent use, so there is nothing to pool.
type native struct{ t *dispatch.Table }

func newNative() *native { return &native{t: dispatch.NewTable()} }

func (n *native) open(_ context.Context, kind string, config []byte) (uint32, error) {
	h, err := n.t.Open(kind, config)
	return h, asError(err)
}

func (n *native) call(_ context.Context, id uint32, op string, in []byte) ([]byte, dispatch.Format, error) {
	out, f, err := n.t.Call(id, op, in)
	return out, f, asError(err)
}

func (n *native) closeHandle(id uint32) error { return asError(n.t.Close(id)) }

func (n *native) close(context.Context) error { return nil }

// asError keeps a nil error a nil interface.
func asError(err error) error {
	if err == nil {
		return nil
	}
	return dispatch.AsError(err, dispatch.CodeInternal)
}
