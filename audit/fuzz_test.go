package audit

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzOneLine: whatever the values, a record is one line of valid JSON with
// the event name it was given.
func FuzzOneLine(f *testing.F) {
	f.Add("a\r\nb", "\x1b[31m", "k\u2028")
	f.Add("password=x", "Bearer abcdefghijk", "\xff\xfe")
	f.Fuzz(func(t *testing.T, a, b, key string) {
		rec, err := Event{Name: "input_validation_fail", UserID: a, UserAgent: b, Description: a + b,
			Fields: map[string]any{key: a, "n": []any{b}}}.JSON("app", t0)
		if err != nil {
			t.Fatal(err)
		}
		s := string(rec)
		if strings.ContainsAny(s, "\r\n\x1b\u2028\u2029\u0085") {
			t.Fatalf("control character in %q", s)
		}
		var m map[string]any
		if err := json.Unmarshal(rec, &m); err != nil || m["event"] != "input_validation_fail" {
			t.Fatalf("bad record %s: %v", rec, err)
		}
	})
}
