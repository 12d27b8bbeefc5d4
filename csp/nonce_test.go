package csp

import (
	"encoding/base64"
	"regexp"
	"testing"
)

func TestNewNonce(t *testing.T) {
	a, b := NewNonce(), NewNonce()
	if a == b {
		t.Fatal("two nonces are equal")
	}
	raw, err := base64.StdEncoding.DecodeString(a)
	if err != nil || len(raw) != NonceBytes {
		t.Fatalf("nonce %q: %d bytes, %v", a, len(raw), err)
	}
	if _, err := NonceSource(a); err != nil {
		t.Fatalf("NonceSource refuses NewNonce output: %v", err)
	}
}

func TestNonceSource(t *testing.T) {
	for _, tc := range []struct {
		in, want, code string
	}{
		{"rAnd0mNonceValue123456", "'nonce-rAnd0mNonceValue123456'", ""},
		{"abc-_defghijklmnopqrstu==", "'nonce-abc-_defghijklmnopqrstu=='", ""},
		{"short", "", CodeBadNonce},
		{"", "", CodeBadNonce},
		{"has space in it 1234567890", "", CodeBadNonce},
		{"quote'injection1234567890", "", CodeBadNonce},
		{"semi;colon12345678901234", "", CodeBadNonce},
	} {
		got, err := NonceSource(tc.in)
		if tc.code != "" {
			if e, ok := err.(*Error); !ok || e.Code() != tc.code {
				t.Errorf("NonceSource(%q) error %v, want code %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NonceSource(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestHash(t *testing.T) {
	// Values from MDN's CSP hash example and `printf %s "..." | openssl dgst -sha256 -binary | base64`.
	for _, tc := range []struct{ alg, content, want string }{
		{"sha256", "", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"},
		{"sha256", "alert('Hello, world.');", "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"},
		{"sha384", "", "'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb'"},
		{"sha512", "", "'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='"},
	} {
		got, err := Hash(tc.alg, tc.content)
		if err != nil || got != tc.want {
			t.Errorf("Hash(%s, %q) = %q, %v; want %q", tc.alg, tc.content, got, err, tc.want)
		}
		if !IsHash(got, true) {
			t.Errorf("%q is not a strict hash source", got)
		}
	}
	if _, err := Hash("md5", "x"); err == nil {
		t.Error("md5 accepted")
	}
}

func TestIsNonceValueMatchesPattern(t *testing.T) {
	pattern := regexp.MustCompile(`^[a-zA-Z0-9+/_-]+={0,2}$`)
	for _, s := range []string{"", "=", "==", "a", "a=", "a==", "a===", "=a", "a=b", "A-_+/9", "a b", "é", "a\n", "aa==\n"} {
		if got, want := isNonceValue(s), pattern.MatchString(s); got != want {
			t.Errorf("isNonceValue(%q) = %v, pattern says %v", s, got, want)
		}
	}
}
