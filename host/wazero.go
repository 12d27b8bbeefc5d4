package host

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// wazeroBackend runs the module on wazero.
//
// Deadlines: wazero can only interrupt a running call when the runtime was
// built WithCloseOnContextDone, and that option slows Go guest code 2.5–3×
// in v1.12.0 (wazero#2466). So there are two variants of the same module:
// "fast", used for calls without a deadline, and "guarded", compiled the
// first time a call has one. A call without a deadline pays nothing for the
// feature; a call with one is always enforced. See RATIONALE.md.
type wazeroBackend struct {
	opts  Options
	wasm  []byte
	cache wazero.CompilationCache

	fast *variant

	guardedOnce sync.Once
	guarded     *variant
	guardedErr  error

	mu      sync.RWMutex
	handles map[uint32]handleConfig
	nextID  uint32
	gen     uint64 // bumped on every handle close, so instances prune lazily
}

type handleConfig struct {
	kind   string
	config []byte
}

func newWazero(ctx context.Context, opts Options) (*wazeroBackend, error) {
	wasm, err := loadModule(opts)
	if err != nil {
		return nil, err
	}
	w := &wazeroBackend{opts: opts, wasm: wasm, handles: map[uint32]handleConfig{}}
	if opts.CacheDir != "" {
		if w.cache, err = wazero.NewCompilationCacheWithDir(opts.CacheDir); err != nil {
			return nil, dispatch.Errorf(dispatch.CodeUnavailable, "compilation cache %s: %v", opts.CacheDir, err)
		}
	}
	if w.fast, err = w.newVariant(ctx, false); err != nil {
		return nil, err
	}
	// One instance now, so that a module that cannot start fails New.
	inst, err := w.fast.acquire(ctx)
	if err != nil {
		w.fast.close(ctx)
		return nil, err
	}
	w.fast.release(inst)
	if opts.CallTimeout > 0 {
		// Every call will have a deadline: build the guarded variant now
		// rather than inside the first request.
		if _, err := w.variantFor(ctxWithDeadline{ctx}); err != nil {
			w.close(ctx)
			return nil, err
		}
	}
	return w, nil
}

// ctxWithDeadline reports a deadline so that variantFor picks the guarded
// variant; only its Deadline method is consulted.
type ctxWithDeadline struct{ context.Context }

func (ctxWithDeadline) Deadline() (time.Time, bool) { return time.Now().Add(time.Hour), true }

// variant is one compiled form of the module with its instance pool.
type variant struct {
	w        *wazeroBackend
	guarded  bool
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	pool     pool
}

func (w *wazeroBackend) newVariant(ctx context.Context, guarded bool) (*variant, error) {
	pages := uint32(w.opts.MemoryLimit / 65536)
	cfg := wazero.NewRuntimeConfig().WithMemoryLimitPages(pages).WithCloseOnContextDone(guarded)
	if w.cache != nil {
		cfg = cfg.WithCompilationCache(w.cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "instantiating WASI: %v", err)
	}
	compiled, err := rt.CompileModule(experimental.WithCompilationWorkers(ctx, runtime.NumCPU()), w.wasm)
	if err != nil {
		rt.Close(ctx)
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "compiling module: %v", err)
	}
	v := &variant{w: w, guarded: guarded, rt: rt, compiled: compiled}
	v.pool.init(w.opts.Instances, v.newInstance)
	return v, nil
}

func (v *variant) acquire(ctx context.Context) (*instance, error) { return v.pool.acquire(ctx) }
func (v *variant) release(inst *instance)                         { v.pool.release(inst) }

func (v *variant) close(ctx context.Context) {
	v.pool.close()
	v.rt.Close(ctx)
}

func (v *variant) newInstance() (*instance, error) {
	cfg := wazero.NewModuleConfig().
		WithName(""). // anonymous: one compiled module, many instances
		WithStartFunctions("_initialize").
		WithSysWalltime().WithSysNanotime(). // the defaults are fake clocks stuck near 1970
		WithRandSource(crand.Reader)         // the default is deterministic
	env := map[string]string{
		// Make the Go collector work harder before the hard ceiling traps.
		"GOMEMLIMIT": strconv.FormatUint(v.w.opts.MemoryLimit*7/10, 10),
	}
	for k, val := range v.w.opts.Env {
		env[k] = val
	}
	for k, val := range env {
		cfg = cfg.WithEnv(k, val)
	}
	return startInstance(v, cfg)
}

// variantFor picks the fast variant unless the call has a deadline.
func (w *wazeroBackend) variantFor(ctx context.Context) (*variant, error) {
	if _, has := ctx.Deadline(); !has {
		return w.fast, nil
	}
	w.guardedOnce.Do(func() {
		// Compile outside the caller's deadline: the compile is shared.
		w.guarded, w.guardedErr = w.newVariant(context.Background(), true)
	})
	return w.guarded, w.guardedErr
}

func (w *wazeroBackend) open(ctx context.Context, kind string, config []byte) (uint32, error) {
	w.mu.Lock()
	w.nextID++
	id := w.nextID
	w.handles[id] = handleConfig{kind: kind, config: append([]byte(nil), config...)}
	w.mu.Unlock()
	// Compile once now, so that a bad configuration fails Open.
	if _, _, err := w.call(ctx, id, "", nil); err != nil {
		w.mu.Lock()
		delete(w.handles, id)
		w.mu.Unlock()
		return 0, err
	}
	return id, nil
}

func (w *wazeroBackend) config(id uint32) (handleConfig, uint64, bool) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	hc, ok := w.handles[id]
	return hc, w.gen, ok
}

// call runs op on handle id; op "" only makes sure the handle is open on
// the chosen instance (used by open).
func (w *wazeroBackend) call(ctx context.Context, id uint32, op string, in []byte) ([]byte, dispatch.Format, error) {
	if err := dispatch.CheckInputSize(len(in), dispatch.DefaultLimits); err != nil {
		return nil, 0, err
	}
	v, err := w.variantFor(ctx)
	if err != nil {
		return nil, 0, err
	}
	inst, err := v.acquire(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, format, err := w.callOn(ctx, inst, id, op, in)
	if inst.poisoned {
		v.pool.discard(inst)
	} else {
		v.release(inst)
	}
	return out, format, err
}

func (w *wazeroBackend) callOn(ctx context.Context, inst *instance, id uint32, op string, in []byte) ([]byte, dispatch.Format, error) {
	local := dispatch.ModuleHandle
	if id != dispatch.ModuleHandle {
		hc, gen, ok := w.config(id)
		if !ok {
			return nil, 0, dispatch.Errorf(dispatch.CodeBadHandle, "handle %d is not open", id)
		}
		if err := inst.prune(ctx, gen, w); err != nil {
			return nil, 0, err
		}
		if local, ok = inst.handles[id]; !ok {
			var err error
			if local, err = inst.open(ctx, hc.kind, hc.config); err != nil {
				return nil, 0, err
			}
			inst.handles[id] = local
		}
	}
	if op == "" {
		return nil, 0, nil
	}
	return inst.call(ctx, local, op, in)
}

func (w *wazeroBackend) closeHandle(id uint32) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.handles[id]; !ok {
		return dispatch.Errorf(dispatch.CodeBadHandle, "handle %d is not open", id)
	}
	delete(w.handles, id)
	w.gen++
	return nil
}

func (w *wazeroBackend) close(ctx context.Context) error {
	w.fast.close(ctx)
	w.guardedOnce.Do(func() { w.guardedErr = dispatch.Errorf(dispatch.CodeClosed, "engine is closed") })
	if w.guarded != nil {
		w.guarded.close(ctx)
	}
	if w.cache != nil {
		return w.cache.Close(ctx)
	}
	return nil
}

// openResult is eg_open's success payload.
type openResult struct {
	Handle uint32 `json:"handle"`
}

func parseOpen(b []byte) (uint32, error) {
	var r openResult
	if err := json.Unmarshal(b, &r); err != nil || r.Handle == 0 {
		return 0, dispatch.Errorf(dispatch.CodeInternal, "module answered eg_open with %q", fmt.Sprintf("%.64s", b))
	}
	return r.Handle, nil
}
