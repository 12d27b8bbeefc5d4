package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"io"
	"strconv"
	"strings"
)

// Envelope format, version 1:
//
//	v1.<kid>.<base64url(nonce ‖ ciphertext ‖ tag)>
//
// base64url without padding (RFC 4648 §5); nonce 12 bytes; tag 16 bytes;
// kid 1–64 of [A-Za-z0-9_-]. The AES-256-GCM associated data is the
// envelope's header followed by the caller's associated data:
//
//	"v1." ‖ kid ‖ "." ‖ ad
//
// so that an envelope cannot be relabelled with another key id or version.
// The header is self-delimiting (kid cannot contain '.'), so no two
// (kid, ad) pairs give the same associated data.
const (
	envelopeVersion = "v1"
	nonceSize       = 12
	tagSize         = 16
	// MaxPlaintext bounds one seal; envelopes are for fields and tokens,
	// not files.
	MaxPlaintext = 1 << 20
)

var b64 = base64.RawURLEncoding.Strict()

// Key is one AES-256 key and its id.
type Key struct {
	ID  string
	Key []byte // 32 bytes
}

// Keyring seals with its primary key and opens with any of its keys, which
// is how keys rotate: add the new key, make it primary, re-seal, remove the
// old one.
type Keyring struct {
	primary string
	aeads   map[string]cipher.AEAD
}

// NewKeyring returns a keyring over keys, sealing with the key whose id is
// primary.
func NewKeyring(primary string, keys ...Key) (*Keyring, error) {
	if len(keys) == 0 || len(keys) > 64 {
		return nil, errorf(CodeBadConfig, "a keyring needs 1 … 64 keys")
	}
	kr := &Keyring{primary: primary, aeads: map[string]cipher.AEAD{}}
	for _, k := range keys {
		if !validKID(k.ID) {
			return nil, errorf(CodeBadKey, "key id "+strconv.Quote(k.ID)+" must be 1–64 of A-Z a-z 0-9 _ -")
		}
		if len(k.Key) != 32 {
			return nil, errorf(CodeBadKey, "key "+k.ID+" is "+strconv.Itoa(len(k.Key))+" bytes; AES-256 needs 32")
		}
		if _, dup := kr.aeads[k.ID]; dup {
			return nil, errorf(CodeBadKey, "duplicate key id "+k.ID)
		}
		kr.aeads[k.ID] = newAEAD(k.Key)
	}
	if _, ok := kr.aeads[primary]; !ok {
		return nil, errorf(CodeBadConfig, "primary key id "+strconv.Quote(primary)+" is not in the keyring")
	}
	return kr, nil
}

// Seal encrypts plaintext under the primary key with a fresh random nonce
// (crypto/rand) and returns the envelope. ad is authenticated, not
// encrypted, and must be given again to Open (for example a user id, so
// that one user's sealed field cannot be pasted into another's record).
func (kr *Keyring) Seal(plaintext, ad []byte) (string, error) {
	nonce := make([]byte, nonceSize)
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return "", err
	}
	return kr.SealWithNonce(plaintext, ad, nonce)
}

// SealWithNonce is Seal with a caller-chosen nonce, for test vectors only:
// sealing two messages with the same key and nonce reveals their XOR and
// the key's authentication subkey. With random nonces, a key should seal
// at most 2^32 messages (NIST SP 800-38D §8.3).
func (kr *Keyring) SealWithNonce(plaintext, ad, nonce []byte) (string, error) {
	if len(nonce) != nonceSize {
		return "", errorf(CodeBadNonce, "the nonce must be 12 bytes")
	}
	if len(plaintext) > MaxPlaintext {
		return "", errorf(CodeBadRequest, "plaintext is over 1 MiB")
	}
	header := envelopeVersion + "." + kr.primary + "."
	out := make([]byte, 0, nonceSize+len(plaintext)+tagSize)
	out = append(out, nonce...)
	out = kr.aeads[kr.primary].Seal(out, nonce, plaintext, associated(header, ad))
	return header + b64.EncodeToString(out), nil
}

// Open authenticates and decrypts an envelope with the key it names. Every
// authentication failure is the same CodeDecryptFailed error, whatever its
// cause, so that the error reveals nothing an attacker could use.
func (kr *Keyring) Open(envelope string, ad []byte) ([]byte, error) {
	if len(envelope) > 16+64+b64.EncodedLen(nonceSize+MaxPlaintext+tagSize) {
		return nil, errorf(CodeBadEnvelope, "envelope is too long")
	}
	version, rest, ok1 := strings.Cut(envelope, ".")
	kid, body, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || version != envelopeVersion || !validKID(kid) {
		return nil, errorf(CodeBadEnvelope, `not a "v1.<key id>.<data>" envelope`)
	}
	raw, err := b64.DecodeString(body)
	if err != nil || len(raw) < nonceSize+tagSize {
		return nil, errorf(CodeBadEnvelope, "envelope data is not canonical base64url of at least 28 bytes")
	}
	aead, ok := kr.aeads[kid]
	if !ok {
		return nil, errorf(CodeUnknownKey, "no key with id "+strconv.Quote(kid))
	}
	pt, err := aead.Open(nil, raw[:nonceSize], raw[nonceSize:], associated(version+"."+kid+".", ad))
	if err != nil {
		return nil, errorf(CodeDecryptFailed, "the envelope does not authenticate")
	}
	return pt, nil
}

// newAEAD is AES-GCM with the standard 12-byte nonce and 16-byte tag. key
// must be 16, 24 or 32 bytes.
func newAEAD(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic("secret: " + err.Error()) // callers check the key size first
	}
	aead, _ := cipher.NewGCM(block) // standard sizes: cannot fail
	return aead
}

// KeyID returns the key id an envelope names, or "" when it is not an
// envelope: a store can find the records still sealed under an old key.
func KeyID(envelope string) string {
	version, rest, _ := strings.Cut(envelope, ".")
	kid, _, ok := strings.Cut(rest, ".")
	if version != envelopeVersion || !ok || !validKID(kid) {
		return ""
	}
	return kid
}

func associated(header string, ad []byte) []byte {
	return append([]byte(header), ad...)
}

func validKID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
