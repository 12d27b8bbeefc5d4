package validate_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// BenchmarkSignupSchemaHost is BenchmarkSignupSchema through the host: the
// schema kind's validate operation natively (dispatch, no wasm) and on
// wazero (the module), request JSON in and result JSON out, as a Go server
// would call it. docs/validate.md has the numbers next to express-validator's.
func BenchmarkSignupSchemaHost(b *testing.B) {
	raw, err := os.ReadFile("testdata/signup.json")
	if err != nil {
		b.Fatal(err)
	}
	var form struct{ Schema, Valid, Invalid json.RawMessage }
	if err := json.Unmarshal(raw, &form); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, mode := range []struct {
		name   string
		native bool
	}{{"native", true}, {"wazero", false}} {
		opts := host.Options{Native: mode.native}
		if !mode.native {
			opts.ModulePath = testmodule.Path(b)
			opts.CacheDir = host.DefaultCacheDir()
		}
		eng, err := host.New(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		h, err := eng.Open(ctx, "schema", form.Schema)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range []struct {
			name string
			req  []byte
		}{{"valid", form.Valid}, {"invalid", form.Invalid}} {
			b.Run(mode.name+"/"+r.name, func(b *testing.B) {
				b.SetBytes(int64(len(r.req)))
				for b.Loop() {
					if _, err := h.Call(ctx, "validate", r.req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		h.Close()
		eng.Close(ctx)
	}
}
