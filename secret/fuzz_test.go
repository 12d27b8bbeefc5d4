package secret

import "testing"

// FuzzOpen: no envelope makes Open panic, and every failure is coded.
func FuzzOpen(f *testing.F) {
	kr, _ := NewKeyring("k", Key{"k", testKey(1)})
	env, _ := kr.Seal([]byte("x"), nil)
	f.Add(env)
	f.Add("v1.k.")
	f.Add("v1..AAAA")
	f.Fuzz(func(t *testing.T, env string) {
		pt, err := kr.Open(env, nil)
		if err == nil && string(pt) != "x" {
			t.Fatalf("opened a forged envelope %q", env)
		}
		if err != nil && code(err) == "" {
			t.Fatalf("uncoded error %v", err)
		}
	})
}

// FuzzVerifyHash: no hash string makes Verify panic or run unbounded (the
// bounds are checked before any work; the fuzzer's timeout would catch a
// runaway hash).
func FuzzVerifyHash(f *testing.F) {
	h, err := NewHasher(HasherConfig{Argon2: Argon2Params{MemoryKiB: 7168, Time: 5, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		MaxMemoryKiB: 8192, MaxTime: 5, MaxParallelism: 2, MaxBcryptCost: 10})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")
	f.Add("$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i")
	f.Fuzz(func(t *testing.T, hash string) {
		ok, err := h.Verify("password", hash)
		if ok && err != nil {
			t.Fatal("ok with an error")
		}
	})
}
