package headers

import (
	"errors"
	"testing"
)

// headerCase is one row of the per-header tables: helmet options (JSON),
// and either the header's expected value ("" with unset for absent) or the
// expected error message (a prefix match when wantErrPrefix is set).
type headerCase struct {
	name    string
	options string
	want    string
	unset   bool
	wantErr string
}

// runHeaderCases compiles each case's options and checks header's value.
func runHeaderCases(t *testing.T, header string, cases []headerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile([]byte(tc.options))
			if tc.wantErr != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code() != CodeBadConfig || e.Error() != tc.wantErr {
					t.Fatalf("Compile(%s) error %v, want %q", tc.options, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Compile(%s): %v", tc.options, err)
			}
			r, err := p.Build("rAnd0mNonceValue123456")
			if err != nil {
				t.Fatal(err)
			}
			got, set := r.Get(header)
			if set == tc.unset || got != tc.want {
				t.Fatalf("%s = %q (set %v), want %q (set %v)", header, got, set, tc.want, !tc.unset)
			}
		})
	}
}
