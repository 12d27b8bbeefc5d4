package secret_test

import (
	"context"
	"testing"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// BenchmarkWasmArgon2idOWASP is the cost of one argon2id hash with the
// default (OWASP) parameters inside the WebAssembly module on wazero, to
// compare with BenchmarkArgon2idOWASP (native). Skipped when the module is
// not built.
func BenchmarkWasmArgon2idOWASP(b *testing.B) {
	ctx := context.Background()
	e, err := host.New(ctx, host.Options{ModulePath: testmodule.Path(b), Instances: 1, CacheDir: host.DefaultCacheDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close(ctx)
	h, err := e.Open(ctx, "password", []byte(`{}`))
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(`{"password":"correct horse battery staple","salt_b64url":"MDEyMzQ1Njc4OWFiY2RlZg"}`)
	if _, err := h.Call(ctx, "hash", in); err != nil { // warm the instance
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Call(ctx, "hash", in); err != nil {
			b.Fatal(err)
		}
	}
}
