package secret

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
)

// DeriveKey derives length bytes from secret with HKDF (RFC 5869) over
// SHA-256, SHA-384 or SHA-512 (hashName "sha256", "sha384", "sha512"), salt
// and info. Use a distinct info per purpose ("edgeguard csrf v1", "field
// encryption v1"): keys derived with different info are independent.
func DeriveKey(hashName string, secret, salt []byte, info string, length int) ([]byte, error) {
	h, size := hashByName(hashName)
	if h == nil {
		return nil, errorf(CodeBadConfig, `hash must be "sha256", "sha384" or "sha512"`)
	}
	if len(secret) == 0 {
		return nil, errorf(CodeBadRequest, "the input key material is empty")
	}
	if length < 1 || length > 255*size {
		return nil, errorf(CodeBadRequest, "length must be 1 … 255 × the hash size")
	}
	return hkdf.Key(h, secret, salt, info, length)
}

func hashByName(name string) (func() hash.Hash, int) {
	switch name {
	case "sha256":
		return sha256.New, sha256.Size
	case "sha384":
		return sha512.New384, sha512.Size384
	case "sha512":
		return sha512.New, sha512.Size
	}
	return nil, 0
}
