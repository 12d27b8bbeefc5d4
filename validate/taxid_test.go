package validate

import (
	"math/rand"
	"testing"
)

// TestIDNumbersNoPanic drives every isTaxID and isIdentityCard locale with
// many format-shaped strings: the checks index into their input after the
// format matched, so every shape the format admits must be safe.
func TestIDNumbersNoPanic(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const alphabet = "0000111222333456789ABCLMPRTWXYZ-/+ .a"
	var funcs []Func
	for loc := range taxIDFormats {
		f, err := Compile("isTaxID", loc)
		if err != nil {
			t.Fatal(err)
		}
		funcs = append(funcs, f)
	}
	for loc := range identityCards {
		f, _ := Compile("isIdentityCard", loc)
		funcs = append(funcs, f)
	}
	accepted := 0
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+rng.Intn(18))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		for _, f := range funcs {
			if f(string(b)) {
				accepted++
			}
		}
	}
	if accepted == 0 {
		t.Error("no random string passed any check: the generator does not reach the checksum code")
	}
}

func TestTaxID(t *testing.T) {
	tests := []struct {
		loc, in string
		want    bool
	}{
		{"en-US", "01-1234567", true},
		{"en-US", "07-1234567", false}, // unassigned campus prefix
		{"de-DE", "26954371827", true},
		{"pt-BR", "35.281.230/0001-25", false},
		{"mt-MT", "1187401A", true},
		{"mt-MT", "112345678", true}, // ^([1-8])\1\d{7}$
		{"mt-MT", "123456789", false},
		{"en-GB", "AB123456C", true},
		{"en-GB", "GB123456C", false},
		{"en-GB", "DA123456C", false},
		{"en-IN", "ABCPE0000F", false},
	}
	for _, tc := range tests {
		if got := check(t, "isTaxID", tc.in, tc.loc); got != tc.want {
			t.Errorf("isTaxID(%q, %s) = %v, want %v", tc.in, tc.loc, got, tc.want)
		}
	}
}
