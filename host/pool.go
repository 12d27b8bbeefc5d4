package host

import (
	"context"
	"sync/atomic"

	"github.com/edgeguard/edgeguard/dispatch"
)

// pool is a bounded set of instances. An instance is used by one goroutine
// at a time (wazero: "Call is not goroutine-safe"; the Go guest has no locks
// on wasm). Instances are created on demand up to the bound and reused; an
// instance that failed is discarded and its slot freed, so the next acquire
// builds a fresh one and the engine keeps serving.
type pool struct {
	idle   chan *instance
	slots  chan struct{} // one token per live instance
	create func() (*instance, error)
	closed atomic.Bool
}

func (p *pool) init(n int, create func() (*instance, error)) {
	p.idle = make(chan *instance, n)
	p.slots = make(chan struct{}, n)
	p.create = create
}

func (p *pool) acquire(ctx context.Context) (*instance, error) {
	if p.closed.Load() {
		return nil, dispatch.Errorf(dispatch.CodeClosed, "engine is closed")
	}
	select { // prefer a warm instance over building one
	case inst := <-p.idle:
		return inst, nil
	default:
	}
	select {
	case inst := <-p.idle:
		return inst, nil
	case p.slots <- struct{}{}:
		inst, err := p.create()
		if err != nil {
			<-p.slots
			return nil, err
		}
		return inst, nil
	case <-ctx.Done():
		return nil, contextError(ctx.Err())
	}
}

func (p *pool) release(inst *instance) {
	if p.closed.Load() {
		p.discard(inst)
		return
	}
	p.idle <- inst // never blocks: idle holds at most as many as slots
}

func (p *pool) discard(inst *instance) {
	inst.close()
	<-p.slots
}

func (p *pool) close() {
	p.closed.Store(true)
	for {
		select {
		case inst := <-p.idle:
			p.discard(inst)
		default:
			return
		}
	}
}
