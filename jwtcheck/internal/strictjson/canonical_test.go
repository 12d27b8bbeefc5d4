package strictjson

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// encodingJSON is what AppendCanonical must equal: encoding/json's Encoder
// without HTML escaping, trailing newline dropped.
func encodingJSON(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func TestAppendCanonicalMatchesEncodingJSON(t *testing.T) {
	docs := []string{
		`{}`,
		`{"b":1,"a":[true,false,null,{"z":"y","Y":{}}],"c":-0.5e+10}`,
		`{"s":"\"\\\/\b\f\n\r\t\u0000\u001f\u007f<>&\u00e9\u2028\u2029\ud83d\ude00"}`,
		`{"é":1,"e":2,"\u2028":3,"":4,"a\nb":5}`,
		`{"n":[0,-0,1.50,1E3,1e-7,123456789012345678901234567890]}`,
		`{"iss":"https://issuer.example","sub":"user-1234","aud":["api","web"],"exp":1800003600,"scope":"read:orders write:orders"}`,
	}
	for _, doc := range docs {
		m, err := ParseObject([]byte(doc))
		if err != nil {
			t.Fatalf("ParseObject(%s): %v", doc, err)
		}
		if got, want := string(AppendCanonical(nil, m)), encodingJSON(t, m); got != want {
			t.Errorf("%s:\n got %s\nwant %s", doc, got, want)
		}
	}
}

// TestAppendCanonicalForeignValues covers values a caller may put into a
// map it owns: they are written as encoding/json writes them.
func TestAppendCanonicalForeignValues(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{map[string]any{"i": 7, "f": 1.5, "m": map[string]string{"k": "<v>"}, "s": []string{"x"}}, `{"f":1.5,"i":7,"m":{"k":"<v>"},"s":["x"]}`},
		{json.Number(""), `0`},
		{json.Number("1.5"), `1.5`},
		{json.Number("01"), `null`},   // encoding/json refuses it
		{json.Number("true"), `null`}, // valid JSON, not a number
		{json.Number("1."), `null`},
		{json.Number("-"), `null`},
		{json.Number("1e"), `null`},
		{math.NaN(), `null`},
		{map[string]any(nil), `null`},
		{"\xff", `"\ufffd"`},
	}
	for _, tt := range tests {
		if got := string(AppendCanonical(nil, tt.v)); got != tt.want {
			t.Errorf("AppendCanonical(%#v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

// FuzzAppendCanonical checks, on every object ParseObject accepts, that the
// canonical text is encoding/json's byte for byte.
func FuzzAppendCanonical(f *testing.F) {
	f.Add([]byte(`{"a":"\u2028<x>","b":[1,{"c":null}],"A":"\u0001"}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		m, err := ParseObject(doc)
		if err != nil {
			return
		}
		if got, want := string(AppendCanonical(nil, m)), encodingJSON(t, m); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", doc, got, want)
		}
	})
}
