package jwtcheck

import (
	"bytes"
	"strings"
	"testing"
)

// reference is the decoder appendB64URL replaced: the alphabet checked
// first, then encoding/base64 in strict mode.
func referenceB64URL(s string) ([]byte, bool) {
	if strings.ContainsAny(s, "\r\n=+/") {
		return nil, false
	}
	out, err := b64.DecodeString(s)
	return out, err == nil
}

func TestAppendB64URL(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" with ok false means refused
		ok   bool
	}{
		{"", "", true},
		{"QQ", "A", true},
		{"QR", "", false}, // non-zero trailing bits
		{"QUI", "AB", true},
		{"QUJ", "", false},
		{"QUJD", "ABC", true},
		{"Q", "", false},
		{"QUJD=", "", false},
		{"QQ==", "", false},
		{"QU\nJD", "", false},
		{"QU+D", "", false},
		{"QU/D", "", false},
		{"_-_-", "\xff\xef\xfe", true},
		{"QUJ\x00", "", false},
		{"QUJ\xc3", "", false},
	}
	for _, tt := range tests {
		got, ok := appendB64URL([]byte("x"), tt.in)
		if ok != tt.ok || (ok && string(got) != "x"+tt.want) || (!ok && string(got) != "x") {
			t.Errorf("appendB64URL(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		ref, refOK := referenceB64URL(tt.in)
		if refOK != tt.ok || (ok && !bytes.Equal(ref, []byte(tt.want))) {
			t.Errorf("reference disagrees on %q: %q, %v", tt.in, ref, refOK)
		}
	}
}

// FuzzB64URL checks that appendB64URL accepts exactly what the reference
// accepts, with the same bytes.
func FuzzB64URL(f *testing.F) {
	for _, s := range []string{"", "QQ", "QR", "QUJD", "eyJhbGciOiJIUzI1NiJ9", "a\nb", "ab=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := decodeB64URL(s)
		want, wantOK := referenceB64URL(s)
		if ok != wantOK || (ok && !bytes.Equal(got, want)) {
			t.Fatalf("%q: got %x %v, want %x %v", s, got, ok, want, wantOK)
		}
	})
}
