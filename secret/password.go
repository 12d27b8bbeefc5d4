package secret

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Argon2Params are argon2id's cost parameters, as a PHC string carries them.
type Argon2Params struct {
	MemoryKiB   uint32 // m
	Time        uint32 // t, passes
	Parallelism uint8  // p, lanes
	SaltLen     uint32 // bytes of salt in new hashes
	KeyLen      uint32 // bytes of hash output
}

// OWASPArgon2id is the OWASP Password Storage Cheat Sheet's first argon2id
// configuration: 19 MiB, 2 passes, 1 lane; with a 16-byte salt and a
// 32-byte hash.
var OWASPArgon2id = Argon2Params{MemoryKiB: 19456, Time: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// Algorithm names.
const (
	Argon2id = "argon2id"
	Bcrypt   = "bcrypt"
)

// HasherConfig configures a Hasher. Zero fields take the defaults noted.
type HasherConfig struct {
	Algorithm  string       // for new hashes: "argon2id" (default) or "bcrypt"
	Argon2     Argon2Params // zero = OWASPArgon2id
	BcryptCost int          // 10 … 16; 0 = 10, OWASP's minimum

	// Bounds on what a stored hash may ask of Verify. A hash is data that
	// an attacker may have written (SQL injection, a compromised backup),
	// and x/crypto/argon2 allocates m KiB without asking.
	MaxMemoryKiB   uint32 // 0 = 65536 (64 MiB: fits a 128 MiB wasm instance)
	MaxTime        uint32 // 0 = 10
	MaxParallelism uint8  // 0 = 8
	MaxBcryptCost  int    // 0 = 14
}

// Hasher hashes and verifies passwords. It is immutable and safe for
// concurrent use.
type Hasher struct {
	cfg HasherConfig
}

// MaxPasswordLen bounds a password (bytes), as OWASP advises, so that a
// megabyte "password" is refused before any work.
const MaxPasswordLen = 4096

// NewHasher validates cfg and returns a Hasher. New argon2id hashes must be
// at least as costly as the cheapest OWASP configuration (m ≥ 7168 KiB and
// m·t ≥ 35840, i.e. 7 MiB × 5 passes).
func NewHasher(cfg HasherConfig) (*Hasher, error) {
	if cfg.Algorithm == "" {
		cfg.Algorithm = Argon2id
	}
	if cfg.Argon2 == (Argon2Params{}) {
		cfg.Argon2 = OWASPArgon2id
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = 10
	}
	if cfg.MaxMemoryKiB == 0 {
		cfg.MaxMemoryKiB = 65536
	}
	if cfg.MaxTime == 0 {
		cfg.MaxTime = 10
	}
	if cfg.MaxParallelism == 0 {
		cfg.MaxParallelism = 8
	}
	if cfg.MaxBcryptCost == 0 {
		cfg.MaxBcryptCost = 14
	}
	a := cfg.Argon2
	switch {
	case cfg.Algorithm != Argon2id && cfg.Algorithm != Bcrypt:
		return nil, errorf(CodeBadConfig, `algorithm must be "argon2id" or "bcrypt"`)
	case cfg.MaxMemoryKiB > 1<<20 || cfg.MaxTime > 100 || cfg.MaxParallelism > 64 || cfg.MaxBcryptCost > 20:
		return nil, errorf(CodeBadConfig, "bounds over 1 GiB, 100 passes, 64 lanes or bcrypt cost 20 are not bounds")
	case a.Parallelism == 0 || a.Time == 0:
		return nil, errorf(CodeBadConfig, "argon2id time and parallelism must be at least 1")
	case a.MemoryKiB < 7168 || uint64(a.MemoryKiB)*uint64(a.Time) < 35840:
		return nil, errorf(CodeBadConfig, "argon2id parameters are weaker than OWASP's minimum (m ≥ 7168 KiB, m·t ≥ 35840)")
	case a.MemoryKiB > cfg.MaxMemoryKiB || a.Time > cfg.MaxTime || a.Parallelism > cfg.MaxParallelism:
		return nil, errorf(CodeBadConfig, "argon2id parameters exceed the configured maximums, so their own hashes would not verify")
	case a.SaltLen < 16 || a.SaltLen > 64 || a.KeyLen < 16 || a.KeyLen > 64:
		return nil, errorf(CodeBadConfig, "argon2id salt and key lengths must be 16 … 64 bytes")
	case cfg.BcryptCost < 10 || cfg.BcryptCost > 16 || cfg.BcryptCost > cfg.MaxBcryptCost:
		return nil, errorf(CodeBadConfig, "bcrypt cost must be 10 … 16 and within the maximum")
	}
	return &Hasher{cfg: cfg}, nil
}

// Hash hashes password with the configured algorithm and a random salt.
func (h *Hasher) Hash(password string) (string, error) {
	if h.cfg.Algorithm == Bcrypt {
		if err := checkPassword(password, 72); err != nil {
			return "", err
		}
		b, err := bcrypt.GenerateFromPassword([]byte(password), h.cfg.BcryptCost)
		return string(b), err
	}
	salt := make([]byte, h.cfg.Argon2.SaltLen)
	if _, err := io.ReadFull(rand.Reader, salt); err != nil {
		return "", err
	}
	return h.HashWithSalt(password, salt)
}

// HashWithSalt is the argon2id hash of password with the given salt (8 …
// 64 bytes), for test vectors and for hosts that supply their own
// randomness. It ignores Algorithm: bcrypt takes no caller salt.
func (h *Hasher) HashWithSalt(password string, salt []byte) (string, error) {
	if err := checkPassword(password, MaxPasswordLen); err != nil {
		return "", err
	}
	if len(salt) < 8 || len(salt) > 64 {
		return "", errorf(CodeBadRequest, "salt must be 8 … 64 bytes")
	}
	p := h.cfg.Argon2
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Parallelism, p.KeyLen)
	return encodePHC(phc{m: p.MemoryKiB, t: p.Time, p: p.Parallelism, salt: salt, key: key}), nil
}

// Verify reports whether password matches encoded, an argon2id PHC string
// or a bcrypt hash. A wrong password is (false, nil); an unparsable hash or
// one that exceeds the bounds is an error, so that it is noticed rather
// than read as a wrong password. The comparison is constant-time.
func (h *Hasher) Verify(password, encoded string) (bool, error) {
	if isBcrypt(encoded) {
		cost, err := bcrypt.Cost([]byte(encoded))
		if err != nil || len(encoded) != 60 {
			return false, errorf(CodeBadHash, "not a bcrypt hash")
		}
		if cost > h.cfg.MaxBcryptCost {
			return false, errorf(CodeHashTooCostly, "bcrypt cost "+strconv.Itoa(cost)+" exceeds the maximum "+strconv.Itoa(h.cfg.MaxBcryptCost))
		}
		if len(password) > 72 {
			// bcrypt reads only 72 bytes; a longer password cannot be the
			// one that was hashed (Hash refuses it), and accepting it
			// would accept every password sharing its first 72 bytes.
			return false, nil
		}
		err = bcrypt.CompareHashAndPassword([]byte(encoded), []byte(password))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return false, nil
		}
		if err != nil {
			return false, errorf(CodeBadHash, "not a bcrypt hash")
		}
		return true, nil
	}
	ph, err := h.parse(encoded)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordLen {
		return false, nil
	}
	key := argon2.IDKey([]byte(password), ph.salt, ph.t, ph.m, ph.p, uint32(len(ph.key)))
	return subtle.ConstantTimeCompare(key, ph.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with another algorithm or
// other parameters than h would use now: after a successful Verify, hash
// the password again and store the new hash (how bcrypt hashes migrate to
// argon2id, and how costs go up over the years).
func (h *Hasher) NeedsRehash(encoded string) (bool, error) {
	if isBcrypt(encoded) {
		cost, err := bcrypt.Cost([]byte(encoded))
		if err != nil || len(encoded) != 60 {
			return false, errorf(CodeBadHash, "not a bcrypt hash")
		}
		return h.cfg.Algorithm != Bcrypt || cost != h.cfg.BcryptCost, nil
	}
	ph, err := h.parse(encoded)
	if err != nil {
		return false, err
	}
	a := h.cfg.Argon2
	return h.cfg.Algorithm != Argon2id || ph.m != a.MemoryKiB || ph.t != a.Time || ph.p != a.Parallelism ||
		uint32(len(ph.key)) != a.KeyLen || uint32(len(ph.salt)) < a.SaltLen, nil
}

func isBcrypt(s string) bool {
	return strings.HasPrefix(s, "$2a$") || strings.HasPrefix(s, "$2b$") || strings.HasPrefix(s, "$2y$")
}

func checkPassword(pw string, max int) error {
	if len(pw) > max {
		return errorf(CodePasswordTooLong, "password is longer than "+strconv.Itoa(max)+" bytes")
	}
	return nil
}

// phc is a parsed argon2id PHC string.
type phc struct {
	m, t      uint32
	p         uint8
	salt, key []byte
}

// PHC strings use standard base64 without padding.
var phcB64 = base64.RawStdEncoding.Strict()

func encodePHC(p phc) string {
	return "$argon2id$v=19$m=" + strconv.FormatUint(uint64(p.m), 10) + ",t=" + strconv.FormatUint(uint64(p.t), 10) +
		",p=" + strconv.Itoa(int(p.p)) + "$" + phcB64.EncodeToString(p.salt) + "$" + phcB64.EncodeToString(p.key)
}

// parse reads "$argon2id$v=19$m=M,t=T,p=P$salt$hash" strictly: version 19
// only, parameters in that order without leading zeros, no optional
// keyid/data parameters, canonical base64; then applies the bounds.
func (h *Hasher) parse(s string) (phc, error) {
	bad := func(why string) (phc, error) { return phc{}, errorf(CodeBadHash, "not an argon2id PHC string: "+why) }
	if len(s) > 512 {
		return bad("too long")
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad(`expected "$argon2id$v=19$m=…,t=…,p=…$salt$hash"`)
	}
	if parts[1] != "argon2id" {
		return bad("algorithm " + strconv.Quote(parts[1]) + " is not argon2id")
	}
	if parts[2] != "v=19" {
		return bad("only version 19 (0x13) is supported")
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return bad("parameters must be exactly m, t, p")
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(params[i], name)
		if !ok || v == "" || len(v) > 10 || (v[0] == '0' && len(v) > 1) {
			return bad("parameters must be m, t, p in that order, in decimal")
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return bad("parameters must be m, t, p in that order, in decimal")
		}
		vals[i] = n
	}
	m, t, p := vals[0], vals[1], vals[2]
	salt, err1 := phcB64.DecodeString(parts[4])
	key, err2 := phcB64.DecodeString(parts[5])
	switch {
	case err1 != nil || err2 != nil:
		return bad("salt and hash must be unpadded standard base64")
	case t < 1 || p < 1 || p > 255 || m < 8*p:
		return bad("t ≥ 1, 1 ≤ p ≤ 255 and m ≥ 8·p are required")
	case len(salt) < 8 || len(salt) > 64 || len(key) < 16 || len(key) > 64:
		return bad("salt must be 8 … 64 bytes and hash 16 … 64")
	case m > uint64(h.cfg.MaxMemoryKiB) || t > uint64(h.cfg.MaxTime) || p > uint64(h.cfg.MaxParallelism):
		return phc{}, errorf(CodeHashTooCostly, "argon2id parameters m="+strconv.FormatUint(m, 10)+",t="+strconv.FormatUint(t, 10)+
			",p="+strconv.FormatUint(p, 10)+" exceed the configured maximums")
	}
	return phc{m: uint32(m), t: uint32(t), p: uint8(p), salt: salt, key: key}, nil
}
