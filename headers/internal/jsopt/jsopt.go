// Package jsopt reads helmet-style options from JSON with JavaScript's
// semantics where helmet relies on them: object key order, "absent" versus
// null, truthiness, and JSON.stringify for error messages.
package jsopt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/edgeguard/edgeguard/internal/jstext"
)

// Kind is the JSON type of a value; Absent is a key that is not there
// (JavaScript's undefined).
type Kind int

// Kinds of values.
const (
	Absent Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// Value is one JSON value, kept raw so that it can be re-read as needed.
type Value struct {
	Raw  json.RawMessage // nil when Absent
	Kind Kind
}

// Parse classifies raw (one JSON value).
func Parse(raw json.RawMessage) Value {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return Value{}
	}
	k := Number
	switch raw[0] {
	case 'n':
		k = Null
	case 't', 'f':
		k = Bool
	case '"':
		k = String
	case '[':
		k = Array
	case '{':
		k = Object
	}
	return Value{Raw: raw, Kind: k}
}

// IsTrue and IsFalse report the JSON literals true and false.
func (v Value) IsTrue() bool  { return v.Kind == Bool && v.Raw[0] == 't' }
func (v Value) IsFalse() bool { return v.Kind == Bool && v.Raw[0] == 'f' }

// Truthy is JavaScript's ToBoolean: false for absent, null, false, 0, -0 and
// "", true for everything else (including empty arrays and objects).
func (v Value) Truthy() bool {
	switch v.Kind {
	case Absent, Null:
		return false
	case Bool:
		return v.IsTrue()
	case Number:
		f, _ := v.Float()
		return f != 0 && !math.IsNaN(f)
	case String:
		s, _ := v.String()
		return s != ""
	}
	return true
}

// String returns the value of a JSON string.
func (v Value) String() (string, bool) {
	if v.Kind != String {
		return "", false
	}
	var s string
	return s, json.Unmarshal(v.Raw, &s) == nil
}

// Float returns the value of a JSON number.
func (v Value) Float() (float64, bool) {
	if v.Kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(v.Raw), 64)
	return f, err == nil
}

// Strings returns the elements of an array when every one is a string.
func (v Value) Strings() ([]string, bool) {
	if v.Kind != Array {
		return nil, false
	}
	var raws []json.RawMessage
	if json.Unmarshal(v.Raw, &raws) != nil {
		return nil, false
	}
	out := make([]string, 0, len(raws))
	for _, r := range raws {
		s, ok := Parse(r).String()
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// Items returns the elements of an array.
func (v Value) Items() []Value {
	var raws []json.RawMessage
	_ = json.Unmarshal(v.Raw, &raws)
	out := make([]Value, len(raws))
	for i, r := range raws {
		out[i] = Parse(r)
	}
	return out
}

// Stringify is JSON.stringify(value) for the value, as helmet writes it
// into its error messages.
func (v Value) Stringify() string {
	switch v.Kind {
	case Absent:
		return "undefined"
	case String:
		s, _ := v.String()
		return Quote(s)
	case Number:
		f, _ := v.Float()
		if math.IsInf(f, 0) {
			// A literal too large for a double ("1e400") parses to
			// ±Infinity in JavaScript, which JSON.stringify writes as null.
			return "null"
		}
		return FormatNumber(f)
	}
	var b bytes.Buffer
	if json.Compact(&b, v.Raw) != nil {
		return string(v.Raw)
	}
	return b.String()
}

// Quote is JSON.stringify for a string: only ", \ and control characters
// are escaped (unlike encoding/json, which also escapes <, >, & and U+2028).
func Quote(s string) string { return jstext.Quote(s) }

// FormatNumber is JavaScript's Number.prototype.toString: integers below
// 1e21 in full, larger ones in exponent form, and -0 as "0".
func FormatNumber(f float64) string { return jstext.Number(f) }

// Map is a JSON object with its key order.
type Map struct {
	Keys   []string
	values map[string]Value
}

// ParseMap reads a JSON object, keeping key order. A repeated key is an
// error: JSON.parse would silently keep the last one, and in a security
// configuration that hides a mistake.
func ParseMap(raw json.RawMessage) (*Map, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("expected a JSON object")
	}
	o := &Map{values: map[string]Value{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		if _, dup := o.values[key]; dup {
			return nil, fmt.Errorf("key %s appears twice", Quote(key))
		}
		o.Keys = append(o.Keys, key)
		o.values[key] = Parse(val)
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the object")
	}
	return o, nil
}

// Get returns the value at key (Kind Absent when missing).
func (o *Map) Get(key string) Value {
	if o == nil {
		return Value{}
	}
	return o.values[key]
}

// Has is JavaScript's `key in object`.
func (o *Map) Has(key string) bool {
	if o == nil {
		return false
	}
	_, ok := o.values[key]
	return ok
}

// Unknown returns the first key not in allowed, or "".
func (o *Map) Unknown(allowed ...string) string {
	if o == nil {
		return ""
	}
	for _, k := range o.Keys {
		found := false
		for _, a := range allowed {
			if k == a {
				found = true
				break
			}
		}
		if !found {
			return k
		}
	}
	return ""
}
