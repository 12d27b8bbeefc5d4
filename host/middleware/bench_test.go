//go:build unix

package middleware_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host/middleware"
	"github.com/edgeguard/edgeguard/host/middleware/internal/benchstack"
)

func benchStacks(b *testing.B, native bool) (map[string]http.Handler, string) {
	eng := middleware.NewTestEngine(b, native)
	g, err := middleware.New(context.Background(), eng, middleware.Options{Events: func(*http.Request, []byte) {}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { g.Close() })
	secret := make([]byte, 32)
	rand.Read(secret)
	stacks, err := benchstack.Stacks(g, secret)
	if err != nil {
		b.Fatal(err)
	}
	return stacks, benchstack.Token(secret, time.Hour)
}

// BenchmarkMiddleware runs each stack of benchstack.Names in-process
// (ServeHTTP with a recorder): ns/op and allocs/op are the middleware's
// cost plus the same request construction in every row, so the per-request
// overhead is a row minus "plain". The wrk run (docs/performance.md)
// measures the same stacks over TCP.
func BenchmarkMiddleware(b *testing.B) {
	for _, mode := range []string{"native", "wazero"} {
		stacks, token := benchStacks(b, mode == "native")
		for _, name := range benchstack.Names {
			h := stacks[name]
			b.Run(mode+"/"+name, func(b *testing.B) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, benchstack.Request(token))
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					h.ServeHTTP(httptest.NewRecorder(), benchstack.Request(token))
				}
			})
		}
	}
}

// BenchmarkMiddlewareParallel is the full stack under concurrent requests
// (RunParallel, GOMAXPROCS goroutines), where wazero's instance pool works.
func BenchmarkMiddlewareParallel(b *testing.B) {
	for _, mode := range []string{"native", "wazero"} {
		stacks, token := benchStacks(b, mode == "native")
		h := stacks["helmet+validate+jwt"]
		b.Run(mode+"/helmet+validate+jwt", func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, benchstack.Request(token))
					if rec.Code != http.StatusOK {
						b.Errorf("%d", rec.Code)
						return
					}
				}
			})
		})
	}
}

// BenchmarkEngineAlone makes the full stack's engine calls without any
// HTTP around them (one JWT verification, one schema validation of the
// request document the middleware builds for benchstack.Request), so that
// BenchmarkMiddleware's full row minus this one minus "plain" is what the
// middleware itself adds.
func BenchmarkEngineAlone(b *testing.B) {
	ctx := context.Background()
	for _, mode := range []string{"native", "wazero"} {
		eng := middleware.NewTestEngine(b, mode == "native")
		secret := make([]byte, 32)
		rand.Read(secret)
		v, err := eng.JWTVerifier(ctx, map[string]any{"algorithms": []string{"HS256"},
			"keys": map[string]any{"secret_b64url": base64.RawURLEncoding.EncodeToString(secret)}, "audience": "api"})
		if err != nil {
			b.Fatal(err)
		}
		schema, err := eng.Open(ctx, "schema", []byte(benchstack.Schema))
		if err != nil {
			b.Fatal(err)
		}
		token := benchstack.Token(secret, time.Hour)
		doc := []byte(`{"body":` + benchstack.Body + `,"query":{},"params":{},"headers":{"authorization":"Bearer ` + token +
			`","content-type":"application/json","host":"example.com"},"cookies":{}}`)
		b.Run(mode+"/jwt+validate", func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := v.Verify(ctx, token); err != nil {
					b.Fatal(err)
				}
				if _, err := schema.Call(ctx, "validate", doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts counting the process's CPU time (user + system, GC
// included) and returns the function that reports it per operation as
// cpu-ns/op. On a machine shared with other work, wall time per op grows
// with the load; CPU time per op much less, so both are recorded.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
