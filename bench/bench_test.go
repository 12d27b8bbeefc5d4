package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/bench/internal/fixtures"
	"github.com/edgeguard/edgeguard/bench/internal/rawwazero"
	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// One engine per mode per process: a wazero engine costs a compile (or a
// cache load) and instances, which no benchmark should pay or repeat.
var (
	enginesMu sync.Mutex
	engines   = map[bool]*host.Engine{}
)

func engine(tb testing.TB, native bool) *host.Engine {
	tb.Helper()
	enginesMu.Lock()
	defer enginesMu.Unlock()
	if e := engines[native]; e != nil {
		return e
	}
	opts := host.Options{Native: native}
	if !native {
		opts.ModulePath = testmodule.Path(tb)
		opts.CacheDir = host.DefaultCacheDir()
	}
	e, err := host.New(context.Background(), opts)
	if err != nil {
		tb.Fatalf("host.New(native=%v): %v", native, err)
	}
	engines[native] = e
	return e
}

// mode is one way of reaching the module: natively, on wazero, or on wazero
// with a deadline on the context — which routes calls to the guarded
// variant (RATIONALE.md, "Deadlines without a tax").
type mode struct {
	name     string
	native   bool
	deadline bool
}

var modes = []mode{
	{name: "native", native: true},
	{name: "wazero"},
	{name: "wazero-deadline", deadline: true},
}

// context returns the call context of the mode. The deadline is created once,
// outside the loop, so that the benchmark measures the variant, not
// context.WithTimeout.
func (m mode) context(b *testing.B) context.Context {
	if !m.deadline {
		return context.Background()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	b.Cleanup(cancel)
	return ctx
}

func loadFixtures(tb testing.TB) []fixtures.Fixture {
	tb.Helper()
	fx, err := fixtures.Load("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	return fx
}

// BenchmarkEcho is the cost of a trivial call across the boundary: echo with
// empty input on the module handle.
func BenchmarkEcho(b *testing.B) {
	for _, m := range modes {
		b.Run(m.name, func(b *testing.B) {
			ctx, h := m.context(b), engine(b, m.native).Module()
			if _, err := h.Call(ctx, "echo", nil); err != nil { // compiles the guarded variant if needed
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := h.Call(ctx, "echo", nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBareExport is the cost of crossing into the module and back with
// nothing else: eg_abi_version, which returns a constant, called through
// wazero directly. Set against BenchmarkEcho it splits a call's cost into
// the boundary and the guest's dispatch code. The deadline mode runs the
// guarded build, as the host does for calls with a deadline.
func BenchmarkBareExport(b *testing.B) {
	wasm, err := os.ReadFile(testmodule.Path(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range modes[1:] {
		b.Run(m.name, func(b *testing.B) {
			ctx := m.context(b)
			rt, err := rawwazero.New(ctx, host.DefaultCacheDir(), m.deadline)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { rt.Close(context.Background()) })
			compiled, err := rt.Compile(ctx, wasm)
			if err != nil {
				b.Fatal(err)
			}
			mod, err := rt.Instantiate(ctx, compiled)
			if err != nil {
				b.Fatal(err)
			}
			fn := mod.ExportedFunction("eg_abi_version")
			if fn == nil {
				b.Fatal("module does not export eg_abi_version")
			}
			stack := make([]uint64, 1)
			for b.Loop() {
				if err := fn.CallWithStack(ctx, stack); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSanitize is UGC sanitizing throughput on each fixture: edgeguard
// in every mode, bluemonday's UGCPolicy called directly (the "natively ≥ 1×
// bluemonday" target), and x/net/html's tree builder alone ("parse"), the
// floor under any sanitizer that parses like a browser with it.
func BenchmarkSanitize(b *testing.B) {
	for _, f := range loadFixtures(b) {
		in := string(f.HTML)
		b.Run(f.Name, func(b *testing.B) {
			b.Run("bluemonday", func(b *testing.B) {
				p := bluemonday.UGCPolicy()
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					p.Sanitize(in)
				}
			})
			b.Run("parse", func(b *testing.B) {
				// The same call sanitize makes: a body fragment (scripting on, the
				// parser's default).
				body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					if _, err := html.ParseFragment(strings.NewReader(in), body); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, m := range modes {
				b.Run(m.name, func(b *testing.B) {
					ctx := m.context(b)
					s, err := engine(b, m.native).Sanitizer(ctx, "ugc")
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { s.Close() })
					if _, err := s.Sanitize(ctx, in); err != nil {
						b.Fatal(err)
					}
					b.SetBytes(int64(len(in)))
					for b.Loop() {
						if _, err := s.Sanitize(ctx, in); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkOpenUGC is the cost of compiling a policy into a handle (and
// releasing it): what handles save per call.
func BenchmarkOpenUGC(b *testing.B) {
	for _, m := range modes[:2] {
		b.Run(m.name, func(b *testing.B) {
			e, ctx := engine(b, m.native), context.Background()
			for b.Loop() {
				h, err := e.Open(ctx, "sanitize", []byte(`"ugc"`))
				if err != nil {
					b.Fatal(err)
				}
				if err := h.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Every mode must do the same work, or the throughput ratios compare
// different things.
func TestModesAgree(t *testing.T) {
	for _, f := range loadFixtures(t) {
		var want []byte
		for i, m := range modes {
			ctx, cancel := context.WithCancel(context.Background())
			if m.deadline {
				ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
			}
			r, err := engine(t, m.native).Module().Call(ctx, "echo", f.HTML)
			if err != nil || !bytes.Equal(r.Data, f.HTML) {
				t.Fatalf("%s/%s: echo changed the input (%v)", f.Name, m.name, err)
			}
			s, err := engine(t, m.native).Sanitizer(ctx, "ugc")
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Sanitize(ctx, string(f.HTML))
			s.Close()
			cancel()
			if err != nil {
				t.Fatalf("%s/%s: %v", f.Name, m.name, err)
			}
			if i == 0 {
				want = []byte(got)
				if len(want) == 0 {
					t.Fatalf("%s: sanitized to nothing", f.Name)
				}
				continue
			}
			if got != string(want) {
				t.Errorf("%s: %s output differs from native", f.Name, m.name)
			}
		}
	}
}
