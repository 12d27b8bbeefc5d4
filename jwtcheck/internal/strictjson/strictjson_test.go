package strictjson

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestParseObjectAccepts(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // re-encoded with encoding/json
	}{
		{"empty", `{}`, `{}`},
		{"spaces", " \t\r\n{ \"a\" : 1 } \n", `{"a":1}`},
		{"nested", `{"a":{"b":[1,2.5e3,-0,true,false,null,"x"]}}`, `{"a":{"b":[1,2.5e3,-0,true,false,null,"x"]}}`},
		{"escapes", `{"s":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, "{\"s\":\"\\\"\\\\/\\b\\f\\n\\r\\t\u00e9\U0001F600\"}"},
		{"utf8", "{\"n\":\"\u00e9l\u00e8ve\"}", "{\"n\":\"\u00e9l\u00e8ve\"}"},
		{"same name in different objects", `{"a":{"x":1},"b":{"x":2}}`, `{"a":{"x":1},"b":{"x":2}}`},
		{"number keeps text", `{"n":1.50}`, `{"n":1.50}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseObject([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseObject: %v", err)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("got %s, want %s", out, tt.want)
			}
		})
	}
}

func TestParseObjectRefuses(t *testing.T) {
	tests := []struct {
		name, in, msg string
	}{
		{"array", `[1]`, "not a JSON object"},
		{"null", `null`, "not a JSON object"},
		{"string", `"x"`, "not a JSON object"},
		{"number", `42`, "not a JSON object"},
		{"empty", ``, "not a JSON object"},
		{"trailing", `{}{}`, "trailing data"},
		{"duplicate", `{"alg":"none","alg":"HS256"}`, "duplicate member name"},
		{"duplicate via escape", `{"sub":"a","\u0073ub":"b"}`, "duplicate member name"},
		{"nested duplicate", `{"a":{"x":1,"x":2}}`, "duplicate member name"},
		{"case variant", `{"iss":"evil","ISS":"good"}`, "differ only in case"},
		{"case variant custom", `{"role":"user","Role":"admin"}`, "differ only in case"},
		{"kelvin sign", `{"kid":"a","\u212Aid":"b"}`, "differ only in case"},
		{"long s", `{"sub":"a","\u017Fub":"b"}`, "differ only in case"},
		{"invalid utf8", "{\"a\":\"\xc0\xaf\"}", "invalid UTF-8"},
		{"invalid utf8 surrogate bytes", "{\"a\":\"\xed\xa0\x80\"}", "invalid UTF-8"},
		{"lone high surrogate", `{"a":"\ud800"}`, "lone surrogate"},
		{"lone low surrogate", `{"a":"\udc00"}`, "lone surrogate"},
		{"high then non-low", `{"a":"\ud800\u0041"}`, "lone surrogate"},
		{"control char", "{\"a\":\"\x01\"}", "control character"},
		{"bad escape", `{"a":"\x"}`, "invalid escape"},
		{"bad unicode escape", `{"a":"\u12"}`, "invalid \\u escape"},
		{"leading zero", `{"a":01}`, "expected ',' or '}'"},
		{"plus number", `{"a":+1}`, "invalid character"},
		{"bare dot", `{"a":1.}`, "no digits after"},
		{"bad exponent", `{"a":1e}`, "no digits in the exponent"},
		{"NaN", `{"a":NaN}`, "invalid character"},
		{"unterminated", `{"a":"x`, "unterminated"},
		{"unclosed", `{"a":1`, "unexpected end"},
		{"trailing comma", `{"a":1,}`, "expected a member name"},
		{"single quotes", `{'a':1}`, "expected a member name"},
		{"bad literal", `{"a":tru}`, "invalid JSON literal"},
		{"too deep", `{"a":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`, "nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseObject([]byte(tt.in))
			if err == nil {
				t.Fatalf("ParseObject(%q) accepted", tt.in)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
}

func TestDepthLimitIsExact(t *testing.T) {
	// MaxDepth levels in total (the outer object counts as one) are fine.
	in := `{"a":` + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + `}`
	if _, err := ParseObject([]byte(in)); err != nil {
		t.Fatalf("depth %d refused: %v", MaxDepth, err)
	}
}

func TestClipBoundsEchoedNames(t *testing.T) {
	name := strings.Repeat("\u00e9", 100)
	_, err := ParseObject([]byte(`{"` + name + `":1,"` + name + `":2}`))
	if err == nil || len(err.Error()) > 200 {
		t.Fatalf("error not clipped: %v", err)
	}
}

// FuzzParseObject checks that anything ParseObject accepts is valid JSON that
// encoding/json decodes to the same value, and that it never panics.
func FuzzParseObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,{"b":null}]}`, `{"a":"\ud83d\ude00"}`, `{"a":1,"A":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseObject(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		a, _ := json.Marshal(got)
		var ref map[string]any
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.UseNumber()
		if err := dec.Decode(&ref); err != nil {
			t.Fatalf("encoding/json refused %q: %v", data, err)
		}
		b, _ := json.Marshal(ref)
		if string(a) != string(b) {
			t.Fatalf("differs from encoding/json: %s vs %s", a, b)
		}
	})
}

func BenchmarkParseObject(b *testing.B) {
	in := []byte(`{"iss":"https://issuer.example","sub":"user-1234","aud":["api","web"],"exp":1900000000,"iat":1800000000,"scope":"read:a write:b","roles":["admin","user"]}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseObject(in); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLargeObjects covers the map path taken past smallObject members.
func TestLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{`)
	for i := 0; i < 3*smallObject; i++ {
		fmt.Fprintf(&b, `"k%d":%d,`, i, i)
	}
	ok := b.String() + `"last":0}`
	if m, err := ParseObject([]byte(ok)); err != nil || len(m) != 3*smallObject+1 {
		t.Fatalf("large object: %v, %d members", err, len(m))
	}
	for _, tail := range []string{`"k3":1}`, `"K40":1}`, `"` + "\u212A" + `":1}`} {
		if _, err := ParseObject([]byte(b.String() + `"k":0,` + tail)); err == nil {
			t.Errorf("large object accepted repeated name %s", tail)
		}
	}
	// A repeat of a name seen before the switch to the map is still found.
	if _, err := ParseObject([]byte(b.String() + `"K0":1}`)); err == nil || !strings.Contains(err.Error(), "differ only in case") {
		t.Errorf("K0 after k0: %v", err)
	}
}
