package csp

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"hash"
	"strings"
)

// NonceBytes is the entropy of a nonce made by NewNonce: 128 bits, the
// minimum the CSP specification recommends.
const NonceBytes = 16

// MinNonceLength is the shortest nonce (in base64 characters, about 128
// bits) that NonceSource accepts from a caller. csp-evaluator only flags
// nonces under 8 characters; a short caller-chosen nonce is guessable, so we
// refuse it rather than emit it.
const MinNonceLength = 22

// NewNonce returns a fresh nonce: NonceBytes from crypto/rand, standard
// base64 (24 characters). Use one per response, never twice.
func NewNonce() string {
	var b [NonceBytes]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.StdEncoding.EncodeToString(b[:])
}

// NonceSource returns the source expression 'nonce-<nonce>' after checking
// that nonce is base64 (or base64url) and at least MinNonceLength long.
func NonceSource(nonce string) (string, error) {
	if !isNonceValue(nonce) {
		return "", &Error{CodeBadNonce, "nonce must be base64 or base64url (A-Z a-z 0-9 + / - _ and up to two =)"}
	}
	if len(nonce) < MinNonceLength {
		return "", &Error{CodeBadNonce, "nonce is too short: at least 22 base64 characters (128 bits) are required"}
	}
	return "'nonce-" + nonce + "'", nil
}

// Hash returns the hash source ('sha256-…', 'sha384-…' or 'sha512-…') that
// allows an inline <script> or <style> whose text is exactly content.
// algorithm is "sha256", "sha384" or "sha512".
func Hash(algorithm, content string) (string, error) {
	var h hash.Hash
	switch algorithm {
	case "sha256":
		h = sha256.New()
	case "sha384":
		h = sha512.New384()
	case "sha512":
		h = sha512.New()
	default:
		return "", &Error{CodeBadHash, `hash algorithm "` + algorithm + `" is not sha256, sha384 or sha512`}
	}
	h.Write([]byte(content))
	return "'" + algorithm + "-" + base64.StdEncoding.EncodeToString(h.Sum(nil)) + "'", nil
}

// isNonceValue is ^[a-zA-Z0-9+/_-]+={0,2}$ without a regexp: it runs once
// per response, and regexp matching is slow under WebAssembly.
func isNonceValue(s string) bool {
	body := strings.TrimSuffix(s, "=")
	body = strings.TrimSuffix(body, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
