package dispatch

import "testing"

// TestJWTDecodeKind checks the glue: configuration errors at Open, the
// practice package's codes and output through Call, and the table's own
// input checks before the decoder. The decoding rules themselves are
// jwtcheck's tests and tests/vectors/jwt-decode.json.
func TestJWTDecodeKind(t *testing.T) {
	tb := NewTable()
	if _, err := tb.Open("jwt_decode", []byte(`{"max_size":10}`)); code(err) != CodeBadConfig {
		t.Errorf("unknown member: %v", err)
	}
	h, err := tb.Open("jwt_decode", []byte(`{"max_token_bytes":64}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, out, code string
	}{
		{"decodes", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", `{"header":{"alg":"none"},"claims":{"sub":"x"}}`, ""},
		{"malformed", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0", "", "malformed"},
		{"over the configured cap", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." + string(make([]byte, 30)), "", "too_large"},
		{"not UTF-8", "\xff.e30.", "", CodeInvalidUTF8},
	}
	for _, tc := range tests {
		out, format, err := tb.Call(h, "decode", []byte(tc.in))
		if tc.code != "" {
			if code(err) != tc.code {
				t.Errorf("%s: got %s %v, want %s", tc.name, out, err, tc.code)
			}
			continue
		}
		if err != nil || string(out) != tc.out || format != JSON {
			t.Errorf("%s: got %s (%v) %v, want %s", tc.name, out, format, err, tc.out)
		}
	}
}
