// Command startup measures one wazero start of edgeguard in this process and
// prints it as JSON. bench/run.sh runs it twice on a fresh cache directory:
// the first process compiles (no cache), the second loads machine code from
// the cache. A benchmark loop cannot show this: after its first iteration
// everything is warm.
//
//	startup -cache DIR [-module edgeguard.wasm] [-fixture bench/testdata/comment-1k.html]
//
// It measures, in order: host.New (compile + first instance), the first
// sanitize call (opens the UGC policy on the instance), the first call with
// a deadline (compiles the guarded variant and starts its first instance),
// and then, with wazero directly, a compile from the now-warm cache and
// instantiate + _initialize of further instances, so that the report can
// split start-up into its parts.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/edgeguard/edgeguard/bench/internal/rawwazero"
	"github.com/edgeguard/edgeguard/bench/internal/results"
	"github.com/edgeguard/edgeguard/host"
	"github.com/tetratelabs/wazero"
)

func main() {
	cache := flag.String("cache", "", "compilation cache directory (required; empty on the first run)")
	module := flag.String("module", "", "edgeguard.wasm (default: host.FindModule)")
	fixture := flag.String("fixture", "bench/testdata/comment-1k.html", "input of the first calls")
	flag.Parse()
	if *cache == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	r, err := measure(*cache, *module, *fixture)
	if err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(r) //nolint:errcheck // stdout
}

func measure(cacheDir, module, fixture string) (*results.WazeroStart, error) {
	ctx := context.Background()
	in, err := os.ReadFile(fixture)
	if err != nil {
		return nil, err
	}
	if module == "" {
		if module, err = host.FindModule(); err != nil {
			return nil, err
		}
	}
	wasm, err := os.ReadFile(module)
	if err != nil {
		return nil, err
	}
	entries, _ := os.ReadDir(cacheDir)
	r := &results.WazeroStart{CacheWasWarm: len(entries) > 0}

	var eng *host.Engine
	r.NewMs, err = timed(func() (err error) {
		eng, err = host.New(ctx, host.Options{Module: wasm, CacheDir: cacheDir})
		return err
	})
	if err != nil {
		return nil, err
	}
	defer eng.Close(ctx)

	var (
		san *host.Sanitizer
		out string
	)
	sanitize := func(ctx context.Context) func() error {
		return func() (err error) {
			out, err = san.Sanitize(ctx, string(in))
			return err
		}
	}
	if r.FirstCallMs, err = timed(func() (err error) {
		if san, err = eng.Sanitizer(ctx, "ugc"); err != nil {
			return err
		}
		return sanitize(ctx)()
	}); err != nil {
		return nil, err
	}
	if r.SecondCallMs, err = timed(sanitize(ctx)); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(out))
	r.OutputSHA256 = hex.EncodeToString(sum[:])
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if r.FirstDeadlineCallMs, err = timed(sanitize(dctx)); err != nil {
		return nil, err
	}
	if err := breakdown(ctx, r, wasm, cacheDir); err != nil {
		return nil, err
	}
	return r, nil
}

// breakdown splits a start into compile and instantiate, with wazero
// directly (the host does both inside New).
func breakdown(ctx context.Context, r *results.WazeroStart, wasm []byte, cacheDir string) error {
	rt, err := rawwazero.New(ctx, cacheDir, false)
	if err != nil {
		return err
	}
	defer rt.Close(ctx)
	var compiled wazero.CompiledModule
	if r.CompileWarmMs, err = timed(func() (err error) {
		compiled, err = rt.Compile(ctx, wasm)
		return err
	}); err != nil {
		return err
	}
	var times []float64
	for range 5 {
		ms, err := timed(func() error {
			mod, err := rt.Instantiate(ctx, compiled)
			if err == nil {
				mod.Close(ctx)
			}
			return err
		})
		if err != nil {
			return err
		}
		times = append(times, ms)
	}
	slices.Sort(times)
	r.InstantiateMs = times[len(times)/2]
	return nil
}

func timed(f func() error) (float64, error) {
	start := time.Now()
	err := f()
	return float64(time.Since(start).Nanoseconds()) / 1e6, err
}
