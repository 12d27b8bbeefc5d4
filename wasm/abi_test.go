package main

// These tests drive the module's raw exports on wazero, the way a careless
// or hostile host could, to hold the ABI to docs/abi.md: every misuse gets a
// structured error and the instance stays usable.

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

type abi struct {
	t   *testing.T
	ctx context.Context
	mod api.Module
}

// instantiate starts a fresh instance; env holds KEY=VALUE pairs for its
// environment.
func instantiate(t *testing.T, start bool, env ...string) *abi {
	t.Helper()
	wasm, err := os.ReadFile(testmodule.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cfg := wazero.NewRuntimeConfig().WithCompilationCache(mustCache(t))
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	t.Cleanup(func() { rt.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	mcfg := wazero.NewModuleConfig().WithSysWalltime().WithSysNanotime().WithRandSource(crand.Reader).WithStartFunctions()
	if start {
		mcfg = mcfg.WithStartFunctions("_initialize")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		mcfg = mcfg.WithEnv(k, v)
	}
	mod, err := rt.InstantiateWithConfig(ctx, wasm, mcfg)
	if err != nil {
		t.Fatal(err)
	}
	return &abi{t: t, ctx: ctx, mod: mod}
}

func mustCache(t *testing.T) wazero.CompilationCache {
	c, err := wazero.NewCompilationCacheWithDir(host.DefaultCacheDir())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (a *abi) call(name string, params ...uint64) uint64 {
	a.t.Helper()
	r, err := a.mod.ExportedFunction(name).Call(a.ctx, params...)
	if err != nil {
		a.t.Fatalf("%s%v trapped: %v", name, params, err)
	}
	return r[0]
}

// result decodes a packed result into its status and payload.
func (a *abi) result(packed uint64) (byte, string) {
	a.t.Helper()
	b, ok := a.mod.Memory().Read(uint32(packed>>32), uint32(packed))
	if !ok || len(b) == 0 {
		a.t.Fatalf("result %#x is outside memory", packed)
	}
	return b[0], string(b[1:])
}

func (a *abi) put(s string) uint32 {
	a.t.Helper()
	p := uint32(a.call("eg_alloc", uint64(len(s))))
	if p == 0 || !a.mod.Memory().WriteString(p, s) {
		a.t.Fatalf("eg_alloc(%d) = %d", len(s), p)
	}
	return p
}

func (a *abi) wantError(packed uint64, code string) {
	a.t.Helper()
	status, payload := a.result(packed)
	var e struct{ Code, Message string }
	if status != 2 || json.Unmarshal([]byte(payload), &e) != nil || e.Code != code || e.Message == "" {
		a.t.Fatalf("want error %s, got status %d %s", code, status, payload)
	}
}

func TestABI(t *testing.T) {
	a := instantiate(t, true)
	if v := a.call("eg_abi_version"); v != 1 {
		t.Fatalf("eg_abi_version = %d", v)
	}

	// Allocation bounds and double free.
	if p := a.call("eg_alloc", 0); p != 0 {
		t.Errorf("eg_alloc(0) = %d, want 0", p)
	}
	if p := a.call("eg_alloc", 1<<30); p != 0 {
		t.Errorf("eg_alloc(1 GiB) = %d, want 0", p)
	}
	p := a.put("ugc")
	if r := a.call("eg_free", uint64(p)); r != 0 {
		t.Errorf("eg_free = %d, want 0", r)
	}
	if r := a.call("eg_free", uint64(p)); r != 1 {
		t.Errorf("double eg_free = %d, want 1", r)
	}

	// Freed, foreign and out-of-range pointers never read memory.
	a.wantError(a.call("eg_call", 0, uint64(p), 4, 0), "bad_pointer")
	a.wantError(a.call("eg_call", 0, 8, 4, 0), "bad_pointer")
	buf := a.put("echohi")
	a.wantError(a.call("eg_call", 0, uint64(buf)+1, 4, 1), "bad_pointer")
	a.wantError(a.call("eg_call", 0, uint64(buf), 4, 3), "bad_pointer")
	a.wantError(a.call("eg_call", 0, uint64(buf), 0xffffffff, 0xffffffff), "bad_pointer")

	// A well-formed call: raw text out, no JSON wrapping.
	if status, out := a.result(a.call("eg_call", 0, uint64(buf), 4, 2)); status != 0 || out != "hi" {
		t.Fatalf("echo = %d %q", status, out)
	}

	// Open, call, close, then the handle is stale.
	cfg := a.put(`sanitize"ugc"`)
	status, out := a.result(a.call("eg_open", uint64(cfg), 8, 5))
	var opened struct{ Handle uint64 }
	if status != 1 || json.Unmarshal([]byte(out), &opened) != nil || opened.Handle == 0 {
		t.Fatalf("eg_open = %d %s", status, out)
	}
	in := a.put(`sanitize<b>x</b><script>y</script>`)
	if status, out := a.result(a.call("eg_call", opened.Handle, uint64(in), 8, 26)); status != 0 || out != "<b>x</b>" {
		t.Fatalf("sanitize = %d %q", status, out)
	}
	if status, _ := a.result(a.call("eg_close", opened.Handle)); status != 1 {
		t.Fatalf("eg_close status %d", status)
	}
	a.wantError(a.call("eg_close", opened.Handle), "bad_handle")
	a.wantError(a.call("eg_call", opened.Handle, uint64(in), 8, 26), "bad_handle")
	a.wantError(a.call("eg_call", 12345, uint64(in), 8, 26), "bad_handle")

	// Handles are never reused: the next open gets a new number.
	status, out = a.result(a.call("eg_open", uint64(cfg), 8, 5))
	var again struct{ Handle uint64 }
	if status != 1 || json.Unmarshal([]byte(out), &again) != nil || again.Handle <= opened.Handle {
		t.Fatalf("reopen = %d %s (previous handle %d)", status, out, opened.Handle)
	}

	// Bad names and configurations.
	a.wantError(a.call("eg_open", uint64(cfg), 0, 5), "unknown_kind")
	bad := a.put(`sanitize{"preset":`)
	a.wantError(a.call("eg_open", uint64(bad), 8, 10), "bad_config")
	a.wantError(a.call("eg_call", 0, 0, 0, 0), "unknown_op")
}

// The result buffer is valid until the next call, and only until then: a
// host that holds a view across calls reads the new result, which is why
// docs/abi.md tells hosts to copy.
func TestResultValidUntilNextCall(t *testing.T) {
	a := instantiate(t, true)
	buf := a.put("echo" + strings.Repeat("a", 100))
	_, first := a.result(a.call("eg_call", 0, uint64(buf), 4, 100))
	if first != strings.Repeat("a", 100) {
		t.Fatalf("first = %q", first)
	}
	_, second := a.result(a.call("eg_call", 0, uint64(buf), 4, 3))
	if second != "aaa" {
		t.Fatalf("second = %q", second)
	}
}

// Calling an export before _initialize traps (the Go runtime is not
// running); hosts must call _initialize first, as docs/abi.md says.
func TestExportBeforeInitializeTraps(t *testing.T) {
	a := instantiate(t, false)
	if _, err := a.mod.ExportedFunction("eg_alloc").Call(a.ctx, 8); err == nil {
		t.Fatal("eg_alloc before _initialize did not trap")
	}
}

func TestImportsOnlyWASI(t *testing.T) {
	wasm, err := os.ReadFile(testmodule.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(mustCache(t)))
	defer rt.Close(ctx)
	cm, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cm.ImportedFunctions() {
		if mod, name, _ := f.Import(); mod != "wasi_snapshot_preview1" {
			t.Errorf("imports %s.%s: only wasi_snapshot_preview1 is allowed (docs/abi.md)", mod, name)
		}
	}
	for _, want := range []string{"_initialize", "eg_abi_version", "eg_alloc", "eg_free", "eg_open", "eg_call", "eg_close"} {
		if _, ok := cm.ExportedFunctions()[want]; !ok {
			t.Errorf("missing export %s", want)
		}
	}
}
