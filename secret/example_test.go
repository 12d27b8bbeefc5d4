package secret_test

import (
	"bytes"
	"fmt"

	"github.com/edgeguard/edgeguard/secret"
)

func ExampleKeyring() {
	// Keys come from a secret manager; derive per-purpose keys with HKDF.
	master := bytes.Repeat([]byte{0x42}, 32)
	k1, _ := secret.DeriveKey("sha256", master, nil, "edgeguard field encryption 2026-01", 32)
	kr, err := secret.NewKeyring("2026-01", secret.Key{ID: "2026-01", Key: k1})
	if err != nil {
		panic(err)
	}
	env, _ := kr.Seal([]byte("4111 1111 1111 1111"), []byte("user:42"))
	fmt.Println(secret.KeyID(env))
	pt, _ := kr.Open(env, []byte("user:42"))
	fmt.Println(string(pt))
	_, err = kr.Open(env, []byte("user:43"))
	fmt.Println(err)
	// Output:
	// 2026-01
	// 4111 1111 1111 1111
	// secret: the envelope does not authenticate
}

func ExampleHasher() {
	h, err := secret.NewHasher(secret.HasherConfig{}) // argon2id, OWASP parameters
	if err != nil {
		panic(err)
	}
	// A hash from the old system, to be migrated on the next login.
	old := "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"
	ok, _ := h.Verify("abc", old)
	rehash, _ := h.NeedsRehash(old)
	fmt.Println(ok, rehash)
	if ok && rehash {
		fresh, _ := h.Hash("abc")
		fmt.Println(fresh[:31])
	}
	// Output:
	// true true
	// $argon2id$v=19$m=19456,t=2,p=1$
}
