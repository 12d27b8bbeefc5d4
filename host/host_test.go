package host

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/internal/testmodule"
)

func newEngine(t testing.TB, opts Options) *Engine {
	t.Helper()
	if !opts.Native {
		opts.ModulePath = testmodule.Path(t)
		opts.CacheDir = DefaultCacheDir()
	}
	e, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	t.Cleanup(func() { e.Close(context.Background()) })
	return e
}

// bothModes runs f against a native and a wazero engine: the dual-run that
// keeps the two paths identical.
func bothModes(t *testing.T, f func(t *testing.T, e *Engine)) {
	for _, native := range []bool{true, false} {
		name := map[bool]string{true: "native", false: "wazero"}[native]
		t.Run(name, func(t *testing.T) { f(t, newEngine(t, Options{Native: native})) })
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want error %q, got %v", code, err)
	}
	if e.Code != code {
		t.Fatalf("want error %q, got %q (%s)", code, e.Code, e.Message)
	}
}

func TestSanitizePresets(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		ugc, err := e.Sanitizer(ctx, "ugc")
		if err != nil {
			t.Fatal(err)
		}
		got, err := ugc.Sanitize(ctx, `<p onclick="x()">Hi <b>there</b><script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>`)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"onclick", "<script", "alert", "javascript:"} {
			if strings.Contains(got, bad) {
				t.Errorf("ugc output %q contains %q", got, bad)
			}
		}
		if !strings.Contains(got, "<b>there</b>") {
			t.Errorf("ugc dropped allowed markup: %q", got)
		}
		strict, err := e.Sanitizer(ctx, map[string]string{"preset": "strict"})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := strict.Sanitize(ctx, "<b>bold</b> é 😀"); got != "bold é 😀" {
			t.Errorf("strict = %q", got)
		}
	})
}

func TestModuleOps(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		for _, in := range []string{"", "a", "é 😀 \u2028 <>&\"", strings.Repeat("x", 1<<20)} {
			r, err := e.Module().Call(ctx, "echo", []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Data) != in || r.JSON {
				t.Fatalf("echo(%.20q) = %.20q json=%v", in, r.Data, r.JSON)
			}
		}
		r, err := e.Module().Call(ctx, "version", nil)
		if err != nil || !r.JSON || !strings.Contains(string(r.Data), `"abi":1`) {
			t.Fatalf("version = %s, %v", r.Data, err)
		}
	})
}

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		_, err := e.Open(ctx, "nope", []byte(`{}`))
		wantCode(t, err, dispatch.CodeUnknownKind)
		_, err = e.Open(ctx, "sanitize", []byte(`"nope"`))
		wantCode(t, err, dispatch.CodeBadConfig)
		_, err = e.Open(ctx, "sanitize", []byte(`{"preset":"ugc","bogus":1}`))
		wantCode(t, err, dispatch.CodeBadConfig)
		_, err = e.Open(ctx, "sanitize", []byte("\"\xff\""))
		wantCode(t, err, dispatch.CodeInvalidUTF8)

		h, err := e.Open(ctx, "sanitize", []byte(`"ugc"`))
		if err != nil {
			t.Fatal(err)
		}
		_, err = h.Call(ctx, "nope", nil)
		wantCode(t, err, dispatch.CodeUnknownOp)
		_, err = h.Call(ctx, "sanitize", []byte("a\xffb"))
		wantCode(t, err, dispatch.CodeInvalidUTF8)
		_, err = h.Call(ctx, "sanitize", make([]byte, dispatch.DefaultLimits.MaxInput+1))
		wantCode(t, err, dispatch.CodeTooLarge)
		if _, err = h.Call(ctx, "sanitize", []byte("still <b>fine</b>")); err != nil {
			t.Fatalf("handle unusable after refused inputs: %v", err)
		}

		if err := h.Close(); err != nil {
			t.Fatal(err)
		}
		wantCode(t, h.Close(), dispatch.CodeBadHandle)
		_, err = h.Call(ctx, "sanitize", []byte("x"))
		wantCode(t, err, dispatch.CodeBadHandle)
		// A handle from another engine is not a handle of this one.
		other := newEngine(t, Options{Native: true})
		foreign, err := other.Open(ctx, "sanitize", []byte(`"strict"`))
		if err != nil {
			t.Fatal(err)
		}
		foreign.e = e
		foreign.id = 1 << 30
		_, err = foreign.Call(ctx, "sanitize", []byte("x"))
		wantCode(t, err, dispatch.CodeBadHandle)

		canceled, cancel := context.WithCancel(ctx)
		cancel()
		_, err = e.Module().Call(canceled, "echo", nil)
		wantCode(t, err, dispatch.CodeCanceled)

		e.Close(ctx)
		_, err = e.Module().Call(ctx, "echo", nil)
		wantCode(t, err, dispatch.CodeClosed)
		_, err = e.Open(ctx, "sanitize", []byte(`"ugc"`))
		wantCode(t, err, dispatch.CodeClosed)
	})
}

func TestPanicIsAnError(t *testing.T) {
	dispatch.EnableFaults()
	ctx := context.Background()
	bothModes(t, func(t *testing.T, e *Engine) {
		if e.Mode() == "wazero" {
			e = newEngine(t, Options{Env: map[string]string{"EDGEGUARD_FAULTS": "1"}, Instances: 1})
		}
		s, err := e.Sanitizer(ctx, "ugc")
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			_, err = e.Module().Call(ctx, "fault", []byte("panic"))
			wantCode(t, err, dispatch.CodeInternal)
			if got, err := s.Sanitize(ctx, "<i>ok</i>"); err != nil || got != "<i>ok</i>" {
				t.Fatalf("after a panic: %q, %v", got, err)
			}
		}
	})
}

// The module is sandboxed: whatever one call does to its instance, the
// engine replaces the instance and keeps serving, handles included.
func TestInstanceReplacement(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, Options{Env: map[string]string{"EDGEGUARD_FAULTS": "1"}, Instances: 1, MemoryLimit: 64 << 20})
	s, err := e.Sanitizer(ctx, "ugc")
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		if got, err := s.Sanitize(ctx, "<b>x</b><script>y</script>"); err != nil || got != "<b>x</b>" {
			t.Fatalf("%s: %q, %v", when, got, err)
		}
	}
	check("before")
	_, err = e.Module().Call(ctx, "fault", []byte("deadlock"))
	wantCode(t, err, dispatch.CodeTrap)
	check("after a trap")
	_, err = e.Module().Call(ctx, "fault", []byte("oom"))
	wantCode(t, err, dispatch.CodeOutOfMemory)
	check("after running out of memory")

	deadline, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := e.Module().Call(deadline, "fault", []byte("spin")); done <- err }()
	select {
	case err := <-done:
		wantCode(t, err, dispatch.CodeTimeout)
	case <-time.After(30 * time.Second):
		t.Fatal("an endless loop with a 100ms deadline did not return in 30s")
	}
	check("after a timeout")
	// Deadline calls and plain calls share handles.
	deadline2, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	if got, err := s.Sanitize(deadline2, "<u>d</u>"); err != nil || got != "<u>d</u>" {
		t.Fatalf("with a deadline: %q, %v", got, err)
	}
}

func TestConcurrentCallsNeverShareAnInstance(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, Options{Instances: 2})
	s, err := e.Sanitizer(ctx, "ugc")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				in := strings.Repeat("<b>é</b>", g+i)
				got, err := s.Sanitize(ctx, in+"<script>x</script>")
				if err != nil || got != in {
					errs <- errors.New("wrong result under concurrency")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestMissingModule(t *testing.T) {
	_, err := New(context.Background(), Options{ModulePath: "/nonexistent/edgeguard.wasm"})
	wantCode(t, err, dispatch.CodeUnavailable)
	_, err = New(context.Background(), Options{Module: []byte("not wasm")})
	wantCode(t, err, dispatch.CodeUnavailable)
}
