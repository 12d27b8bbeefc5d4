package jsopt

import (
	"encoding/json"
	"testing"
)

func TestTruthyAndStringify(t *testing.T) {
	for _, tc := range []struct {
		raw       string
		truthy    bool
		stringify string
	}{
		{``, false, "undefined"},
		{`null`, false, "null"},
		{`false`, false, "false"},
		{`true`, true, "true"},
		{`0`, false, "0"},
		{`-0`, false, "0"},
		{`0.0`, false, "0"},
		{`1.50`, true, "1.5"},
		{`1e21`, true, "1e+21"},
		{`1e-7`, true, "1e-7"},
		{`1e400`, true, "null"},
		{`-1e400`, true, "null"},
		{`123456789012`, true, "123456789012"},
		{`""`, false, `""`},
		{`"a\u003c\n\"\\"`, true, `"a<\n\"\\"`},
		{`"\u0001"`, true, `"\u0001"`},
		{`[]`, true, "[]"},
		{`{ "a" : [1, 2] }`, true, `{"a":[1,2]}`},
	} {
		v := Parse(json.RawMessage(tc.raw))
		if v.Truthy() != tc.truthy || v.Stringify() != tc.stringify {
			t.Errorf("%s: truthy %v stringify %s", tc.raw, v.Truthy(), v.Stringify())
		}
	}
}

func TestParseMap(t *testing.T) {
	m, err := ParseMap(json.RawMessage(`{"b":1,"a":null,"c":{"x":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Keys) != 3 || m.Keys[0] != "b" || m.Keys[2] != "c" {
		t.Fatalf("order %v", m.Keys)
	}
	if !m.Has("a") || m.Get("a").Kind != Null || m.Get("zz").Kind != Absent || m.Has("zz") {
		t.Fatal("lookups")
	}
	if m.Unknown("a", "b", "c") != "" || m.Unknown("a", "b") != "c" {
		t.Fatal("Unknown")
	}
	for _, bad := range []string{`[]`, `{"a":1,"a":2}`, `{"a":}`, `{} 1`, ``} {
		if _, err := ParseMap(json.RawMessage(bad)); err == nil {
			t.Errorf("ParseMap(%s) accepted", bad)
		}
	}
	var nilMap *Map
	if nilMap.Has("x") || nilMap.Get("x").Kind != Absent || nilMap.Unknown("y") != "" {
		t.Fatal("nil map")
	}
}

func TestStrings(t *testing.T) {
	if s, ok := Parse(json.RawMessage(`["a","b"]`)).Strings(); !ok || len(s) != 2 {
		t.Fatal("strings")
	}
	if _, ok := Parse(json.RawMessage(`["a",1]`)).Strings(); ok {
		t.Fatal("mixed accepted")
	}
	if _, ok := Parse(json.RawMessage(`"a"`)).Strings(); ok {
		t.Fatal("string accepted as list")
	}
}
