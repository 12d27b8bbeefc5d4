// Package rawwazero runs edgeguard.wasm on wazero without the host package,
// configured like the host's variants (real clocks, the reactor's
// _initialize, CloseOnContextDone only when guarded). The benchmarks use it
// to split what host.Engine does into its parts: compile, instantiate, and
// the bare cost of crossing into the module, which host.Engine never shows
// on its own.
package rawwazero

import (
	"context"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// Runtime is a wazero runtime with WASI and a compilation cache.
type Runtime struct {
	rt    wazero.Runtime
	cache wazero.CompilationCache
}

// New starts a runtime whose compilation cache lives in cacheDir. Guarded
// builds it WithCloseOnContextDone, as the host does for calls with a
// deadline.
func New(ctx context.Context, cacheDir string, guarded bool) (*Runtime, error) {
	cache, err := wazero.NewCompilationCacheWithDir(cacheDir)
	if err != nil {
		return nil, err
	}
	cfg := wazero.NewRuntimeConfig().WithCompilationCache(cache).WithCloseOnContextDone(guarded)
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		cache.Close(ctx)
		return nil, err
	}
	return &Runtime{rt: rt, cache: cache}, nil
}

// Compile compiles (or loads from the cache) the module.
func (r *Runtime) Compile(ctx context.Context, wasm []byte) (wazero.CompiledModule, error) {
	return r.rt.CompileModule(ctx, wasm)
}

// Instantiate starts an anonymous instance and runs _initialize.
func (r *Runtime) Instantiate(ctx context.Context, compiled wazero.CompiledModule) (api.Module, error) {
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").
		WithSysWalltime().WithSysNanotime()
	return r.rt.InstantiateModule(ctx, compiled, cfg)
}

// Close releases the runtime, its instances and the cache handle.
func (r *Runtime) Close(ctx context.Context) error {
	err := r.rt.Close(ctx)
	if cerr := r.cache.Close(ctx); err == nil {
		err = cerr
	}
	return err
}
