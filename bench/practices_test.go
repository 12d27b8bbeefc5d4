package bench

import (
	"bytes"
	"context"
	"testing"
)

// BenchmarkPasswordHash is one argon2id hash with the default parameters
// (OWASP's: 19 MiB, 2 passes, 1 lane) through host.Engine, natively and in
// the module on wazero: the price of hashing passwords inside wasm (issue 7).
// A fixed salt keeps the work identical across runs; the default
// configuration draws a random one, which costs nothing next to the hash.
// bench/run.sh runs it apart from the core suite, with a few iterations.
func BenchmarkPasswordHash(b *testing.B) {
	in := []byte(`{"password":"correct horse battery staple","salt_b64url":"MDEyMzQ1Njc4OWFiY2RlZg"}`)
	for _, m := range modes[:2] { // a deadline changes nothing measurable on a call this long
		b.Run(m.name, func(b *testing.B) {
			ctx := context.Background()
			h, err := engine(b, m.native).Open(ctx, "password", []byte(`{}`))
			if err != nil {
				b.Fatal(err)
			}
			defer h.Close()
			// The first hash grows the instance's memory to 19 MiB, once; it
			// also proves the defaults are the ones this benchmark claims.
			r, err := h.Call(ctx, "hash", in)
			if err != nil {
				b.Fatal(err)
			}
			if !bytes.Contains(r.Data, []byte(`$argon2id$v=19$m=19456,t=2,p=1$`)) {
				b.Fatalf("not argon2id with OWASP's parameters: %s", r.Data)
			}
			for b.Loop() {
				if _, err := h.Call(ctx, "hash", in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
