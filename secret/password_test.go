package secret

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	_ "unsafe" // go:linkname

	_ "golang.org/x/crypto/argon2"
)

// argon2DeriveKey is x/crypto/argon2's internal deriveKey, which takes the
// secret and associated data that RFC 9106's vectors use but IDKey does not
// expose. Linked only in tests, to check the primitive Hasher calls.
//
//go:linkname argon2DeriveKey golang.org/x/crypto/argon2.deriveKey
func argon2DeriveKey(mode int, password, salt, secret, data []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

func TestRFC9106Argon2id(t *testing.T) {
	const argon2idMode = 2 // x/crypto/argon2: argon2d=0, argon2i=1, argon2id=2
	tag := argon2DeriveKey(argon2idMode, bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16),
		bytes.Repeat([]byte{3}, 8), bytes.Repeat([]byte{4}, 12), 3, 32, 4, 32)
	// RFC 9106 §5.3.
	if got := hex.EncodeToString(tag); got != "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659" {
		t.Fatalf("RFC 9106 argon2id tag %s", got)
	}
}

func mustHasher(t testing.TB, cfg HasherConfig) *Hasher {
	t.Helper()
	h, err := NewHasher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Vectors from the Argon2 reference implementation's test suite
// (P-H-C/phc-winner-argon2 src/test.c, version 0x13): password "password"
// unless noted, salt "somesalt" (c29tZXNhbHQ).
var referenceArgon2id = []struct{ password, hash string }{
	{"password", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"},
	{"password", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
	{"password", "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
	{"password", "$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg"},
	{"password", "$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$kCXUjmjvc5XMqQedpMTsOv+zyJEf5PhtGiUghW9jFyw"},
	{"differentpassword", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94"},
	{"password", "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw"},
}

func TestArgon2idReferenceVectors(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	for _, v := range referenceArgon2id {
		ok, err := h.Verify(v.password, v.hash)
		if err != nil || !ok {
			t.Errorf("%s: ok=%v err=%v", v.hash, ok, err)
		}
		if ok, _ := h.Verify(v.password+"x", v.hash); ok {
			t.Errorf("%s verified a wrong password", v.hash)
		}
	}
	// And we produce the same string from the same inputs.
	h2 := mustHasher(t, HasherConfig{Argon2: Argon2Params{MemoryKiB: 65536, Time: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}})
	if got, _ := h2.HashWithSalt("password", []byte("somesalt")); got != referenceArgon2id[0].hash {
		t.Fatalf("HashWithSalt = %s", got)
	}
}

// bcrypt known answers from jBCrypt's TestBCrypt (also used by OpenBSD's
// and passlib's suites).
var bcryptKAT = []struct{ password, hash string }{
	{"", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."},
	{"a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"},
	{"abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"},
	{"abcdefghijklmnopqrstuvwxyz", "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"},
	{"~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO"},
}

func TestBcryptKnownAnswers(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	for _, v := range bcryptKAT {
		ok, err := h.Verify(v.password, v.hash)
		if err != nil || !ok {
			t.Errorf("%q %s: ok=%v err=%v", v.password, v.hash, ok, err)
		}
		if ok, _ := h.Verify(v.password+"!", v.hash); ok {
			t.Errorf("%s verified a wrong password", v.hash)
		}
		// A bcrypt hash always needs a rehash to argon2id.
		if r, err := h.NeedsRehash(v.hash); !r || err != nil {
			t.Errorf("%s: needsRehash=%v err=%v", v.hash, r, err)
		}
	}
}

func TestHashVerifyRoundTrip(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	enc, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %s", enc)
	}
	if ok, err := h.Verify("correct horse battery staple", enc); !ok || err != nil {
		t.Fatalf("verify: %v %v", ok, err)
	}
	if r, _ := h.NeedsRehash(enc); r {
		t.Fatal("a fresh hash needs a rehash")
	}
	stronger := mustHasher(t, HasherConfig{Argon2: Argon2Params{MemoryKiB: 47104, Time: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}})
	if r, _ := stronger.NeedsRehash(enc); !r {
		t.Fatal("changed parameters must ask for a rehash")
	}

	b := mustHasher(t, HasherConfig{Algorithm: Bcrypt})
	benc, err := b.Hash("pw")
	if err != nil || !strings.HasPrefix(benc, "$2a$10$") {
		t.Fatalf("bcrypt hash %s %v", benc, err)
	}
	if ok, _ := b.Verify("pw", benc); !ok {
		t.Fatal("bcrypt round trip")
	}
	if r, _ := b.NeedsRehash(benc); r {
		t.Fatal("fresh bcrypt hash needs a rehash")
	}
	if r, _ := b.NeedsRehash(enc); !r {
		t.Fatal("argon2id hash under a bcrypt hasher must ask for a rehash")
	}
	if _, err := b.Hash(strings.Repeat("x", 73)); code(err) != CodePasswordTooLong {
		t.Fatalf("73-byte bcrypt password: %v", err)
	}
	// The 73rd byte must matter: a password that only shares the first
	// 72 bytes does not verify.
	long, _ := b.Hash(strings.Repeat("y", 72))
	if ok, _ := b.Verify(strings.Repeat("y", 72)+"z", long); ok {
		t.Fatal("bcrypt accepted a longer password sharing 72 bytes")
	}
	if _, err := h.Hash(strings.Repeat("x", MaxPasswordLen+1)); code(err) != CodePasswordTooLong {
		t.Fatalf("huge password: %v", err)
	}
}

func TestHostileHashes(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	for _, c := range []struct{ hash, code string }{
		// 256 MiB and 4 GiB of memory, 2^32-1 passes, 255 lanes: refused
		// before any allocation.
		{"$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow", CodeHashTooCostly},
		{"$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow", CodeHashTooCostly},
		{"$argon2id$v=19$m=256,t=4294967295,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow", CodeHashTooCostly},
		{"$argon2id$v=19$m=65536,t=1,p=255$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow", CodeHashTooCostly},
		{"$2a$31$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.", CodeHashTooCostly},
		// Malformed (several from libar2's check_failures).
		{"", CodeBadHash},
		{"$argon2id", CodeBadHash},
		{"$argon2id$v=19$m=128,t=128$AAAABBBBCCCC$", CodeBadHash},
		{"$argon2id$v=19$m=0128,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=65536,t=2,p=1,k=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$", CodeBadHash},
		{"$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=65536,t=2,p=1$c29t$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", CodeBadHash},
		{"$2a$06$short", CodeBadHash},
		{"$2x$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.", CodeBadHash},
		{"plaintext-password", CodeBadHash},
	} {
		if _, err := h.Verify("password", c.hash); code(err) != c.code {
			t.Errorf("Verify(%q): %v, want %s", c.hash, err, c.code)
		}
	}
}

func TestHasherConfig(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  HasherConfig
		ok   bool
	}{
		{"defaults", HasherConfig{}, true},
		{"owasp 7168/5", HasherConfig{Argon2: Argon2Params{MemoryKiB: 7168, Time: 5, Parallelism: 1, SaltLen: 16, KeyLen: 32}}, true},
		{"too weak", HasherConfig{Argon2: Argon2Params{MemoryKiB: 4096, Time: 10, Parallelism: 1, SaltLen: 16, KeyLen: 32}}, false},
		{"too weak product", HasherConfig{Argon2: Argon2Params{MemoryKiB: 8192, Time: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}, false},
		{"over own max", HasherConfig{Argon2: Argon2Params{MemoryKiB: 131072, Time: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}}, false},
		{"raised max", HasherConfig{Argon2: Argon2Params{MemoryKiB: 131072, Time: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, MaxMemoryKiB: 131072}, true},
		{"short salt", HasherConfig{Argon2: Argon2Params{MemoryKiB: 19456, Time: 2, Parallelism: 1, SaltLen: 8, KeyLen: 32}}, false},
		{"zero lanes", HasherConfig{Argon2: Argon2Params{MemoryKiB: 19456, Time: 2, SaltLen: 16, KeyLen: 32}}, false},
		{"algorithm", HasherConfig{Algorithm: "scrypt"}, false},
		{"bcrypt 9", HasherConfig{Algorithm: Bcrypt, BcryptCost: 9}, false},
		{"bcrypt 12", HasherConfig{Algorithm: Bcrypt, BcryptCost: 12}, true},
		{"absurd bound", HasherConfig{MaxMemoryKiB: 4 << 20}, false},
	} {
		if _, err := NewHasher(c.cfg); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func BenchmarkArgon2idOWASP(b *testing.B) {
	h := mustHasher(b, HasherConfig{})
	salt := bytes.Repeat([]byte{1}, 16)
	for b.Loop() {
		h.HashWithSalt("correct horse battery staple", salt)
	}
}
