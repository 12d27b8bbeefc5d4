package secret

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

func unhex(s string) []byte { b, _ := hex.DecodeString(s); return b }

func TestHKDFRFC5869(t *testing.T) {
	// RFC 5869 appendix A, test cases 1 and 3 (SHA-256).
	okm, err := DeriveKey("sha256", bytes.Repeat([]byte{0x0b}, 22), unhex("000102030405060708090a0b0c"), string(unhex("f0f1f2f3f4f5f6f7f8f9")), 42)
	if err != nil || hex.EncodeToString(okm) != "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" {
		t.Fatalf("case 1: %x %v", okm, err)
	}
	okm, err = DeriveKey("sha256", bytes.Repeat([]byte{0x0b}, 22), nil, "", 42)
	if err != nil || hex.EncodeToString(okm) != "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" {
		t.Fatalf("case 3: %x %v", okm, err)
	}
	for _, c := range []struct {
		hash   string
		ikm    []byte
		length int
		code   string
	}{
		{"md5", []byte{1}, 32, CodeBadConfig},
		{"sha256", nil, 32, CodeBadRequest},
		{"sha256", []byte{1}, 0, CodeBadRequest},
		{"sha256", []byte{1}, 255*32 + 1, CodeBadRequest},
		{"sha512", []byte{1}, 255 * 64, ""},
	} {
		if _, err := DeriveKey(c.hash, c.ikm, nil, "", c.length); code(err) != c.code {
			t.Errorf("%s/%d: %v, want %q", c.hash, c.length, err, c.code)
		}
	}
}

func TestWycheproofHKDF(t *testing.T) {
	b, err := os.ReadFile("testdata/wycheproof/hkdf_sha256_test.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		TestGroups []struct {
			Tests []struct {
				TcID                         int
				Ikm, Salt, Info, Okm, Result string
				Size                         int
			}
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	ran, emptyIKM := 0, 0
	for _, g := range f.TestGroups {
		for _, tc := range g.Tests {
			if tc.Ikm == "" {
				// DeriveKey refuses empty key material (a configuration
				// mistake, not a key); RFC 5869 allows it.
				emptyIKM++
				continue
			}
			okm, err := DeriveKey("sha256", unhex(tc.Ikm), unhex(tc.Salt), string(unhex(tc.Info)), tc.Size)
			valid := tc.Result == "valid"
			if valid != (err == nil) || (valid && hex.EncodeToString(okm) != tc.Okm) {
				t.Errorf("tc %d (%s): err=%v", tc.TcID, tc.Result, err)
			}
			ran++
		}
	}
	if ran < 50 {
		t.Fatalf("only %d vectors ran", ran)
	}
	t.Logf("%d Wycheproof HKDF-SHA256 vectors run, %d with empty IKM skipped", ran, emptyIKM)
}
