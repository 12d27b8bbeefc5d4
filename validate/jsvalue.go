package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/internal/jstext"
)

// Values handled by the schema engine are JSON values with JavaScript's
// semantics, so that a request validates exactly as express-validator would
// validate the same parsed request:
//
//	null → nil, true/false → bool, numbers → float64 (IEEE-754 like JS),
//	strings → string, arrays → []any, objects → *Object (ordered),
//	toDate's result → time.Time (a JS Date), an Invalid Date → InvalidDate.

// Object is a JSON object that keeps JavaScript's property order: integer-like
// keys ascending, then the other keys in insertion order. Output built from it
// is therefore the same bytes in every host.
type Object struct {
	keys []string // in insertion order
	vals []any    // vals[i] is the value of keys[i]
	// index maps a key to its position once the object has more than
	// smallObject keys; smaller objects (most request objects and forms) are
	// searched linearly, which costs less than a map in WebAssembly.
	index map[string]int
}

const smallObject = 16

// NewObject returns an empty Object.
func NewObject() *Object { return &Object{} }

// find returns the position of key, or -1.
func (o *Object) find(key string) int {
	if o.index != nil {
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// Get returns the value of key and whether it is present.
func (o *Object) Get(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	if i := o.find(key); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// Set sets key, appending it to the key order if it is new.
func (o *Object) Set(key string, v any) {
	if i := o.find(key); i >= 0 {
		o.vals[i] = v
		return
	}
	if o.keys == nil {
		// Most objects have a few keys: start with room for four rather
		// than growing one by one.
		o.keys = make([]string, 0, 4)
		o.vals = make([]any, 0, 4)
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	switch {
	case o.index != nil:
		o.index[key] = len(o.keys) - 1
	case len(o.keys) > smallObject:
		o.reindex()
	}
}

func (o *Object) reindex() {
	o.index = make(map[string]int, len(o.keys))
	for i, k := range o.keys {
		o.index[k] = i
	}
}

// Delete removes key.
func (o *Object) Delete(key string) {
	i := o.find(key)
	if i < 0 {
		return
	}
	o.keys = append(o.keys[:i:i], o.keys[i+1:]...)
	o.vals = append(o.vals[:i:i], o.vals[i+1:]...)
	if o.index != nil {
		o.reindex()
	}
}

// Len is the number of keys.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// Keys lists the keys in JavaScript's Object.keys order.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	keys := make([]string, 0, len(o.keys))
	o.each(func(k string, _ any) { keys = append(keys, k) })
	return keys
}

// each calls fn for every key and value in JavaScript's Object.keys order:
// integer-like keys ascending, then the others in insertion order.
func (o *Object) each(fn func(k string, v any)) {
	var ints []int // positions of integer-like keys: rare, so usually no allocation
	for i, k := range o.keys {
		if isArrayIndex(k) {
			ints = append(ints, i)
		}
	}
	if len(ints) == 0 {
		for i, k := range o.keys {
			fn(k, o.vals[i])
		}
		return
	}
	sort.Slice(ints, func(a, b int) bool {
		ka, kb := o.keys[ints[a]], o.keys[ints[b]]
		if len(ka) != len(kb) {
			return len(ka) < len(kb)
		}
		return ka < kb
	})
	for _, i := range ints {
		fn(o.keys[i], o.vals[i])
	}
	for i, k := range o.keys {
		if !isArrayIndex(k) {
			fn(k, o.vals[i])
		}
	}
}

// mapValues returns a copy of o with f applied to every value (same key
// order; the index, when o has one, is copied rather than shared).
func (o *Object) mapValues(f func(any) any) *Object {
	c := &Object{keys: append([]string(nil), o.keys...), vals: make([]any, len(o.vals))}
	for i, v := range o.vals {
		c.vals[i] = f(v)
	}
	if o.index != nil {
		c.index = maps.Clone(o.index)
	}
	return c
}

// isArrayIndex reports whether k is a canonical array index ("0", "17", not "01").
func isArrayIndex(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return false
		}
	}
	n, _ := strconv.ParseUint(k, 10, 64)
	return n < math.MaxUint32
}

// InvalidDate is the value toDate produces for an unparsable date (JS null).
var InvalidDate = invalidDate{}

type invalidDate struct{}

// maxDepth bounds JSON nesting so that a hostile document cannot exhaust the
// stack of a recursive walker.
const maxDepth = 128

// EncodeJSON serializes v as JSON.stringify would (NaN and ±Infinity become
// null, Dates their ISO string, numbers JS-formatted, no HTML escaping).
func EncodeJSON(v any) []byte {
	var b bytes.Buffer
	encodeValue(&b, v)
	return b.Bytes()
}

func encodeValue(b *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil, invalidDate, undefinedValue:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(jsNumber(t))
		}
	case int:
		b.WriteString(strconv.Itoa(t))
	case string:
		writeJSONString(b, t)
	case time.Time:
		writeJSONString(b, jsISOString(t))
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeValue(b, e)
		}
		b.WriteByte(']')
	case *Object:
		b.WriteByte('{')
		first := true
		t.each(func(k string, v any) {
			if v == Undefined {
				return // JSON.stringify drops undefined properties
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			writeJSONString(b, k)
			b.WriteByte(':')
			encodeValue(b, v)
		})
		b.WriteByte('}')
	case json.Marshaler:
		out, err := t.MarshalJSON()
		if err != nil {
			b.WriteString("null")
			return
		}
		b.Write(out)
	default:
		out, err := json.Marshal(t)
		if err != nil {
			b.WriteString("null")
			return
		}
		b.Write(out)
	}
}

// writeJSONString quotes s with JSON.stringify's escapes.
func writeJSONString(b *bytes.Buffer, s string) { jstext.WriteQuoted(b, s) }

// jsNumber formats f as JavaScript's Number.prototype.toString does.
func jsNumber(f float64) string { return jstext.Number(f) }

// jsISOString is Date.prototype.toISOString.
func jsISOString(t time.Time) string {
	t = t.UTC()
	y := t.Year()
	if y < 0 || y > 9999 {
		sign := "+"
		if y < 0 {
			sign, y = "-", -y
		}
		return fmt.Sprintf("%s%06d%s", sign, y, t.Format("-01-02T15:04:05.000Z"))
	}
	return t.Format("2006-01-02T15:04:05.000Z")
}

// ToString converts a value to the string a validator sees, exactly as
// express-validator's toString does: Dates become ISO strings, null, undefined
// and NaN become "", arrays are joined with commas (recursively), plain objects
// become "[object Object]", and other values String(v).
func ToString(v any) string {
	switch t := v.(type) {
	case nil, undefinedValue:
		return ""
	case invalidDate:
		return "Invalid Date"
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case float64:
		if math.IsNaN(t) {
			return ""
		}
		return jsNumber(t)
	case int:
		return strconv.Itoa(t)
	case time.Time:
		return jsISOString(t)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			if e != nil {
				parts[i] = arrayElementString(e)
			}
		}
		return strings.Join(parts, ",")
	case *Object:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// arrayElementString is String(e) as Array.prototype.join applies it (NaN
// stays "NaN" there, unlike in express-validator's top-level toString).
func arrayElementString(e any) string {
	if f, ok := e.(float64); ok {
		return jsNumber(f)
	}
	if d, ok := e.(time.Time); ok {
		return d.UTC().Format("Mon Jan 02 2006 15:04:05 GMT+0000 (Coordinated Universal Time)")
	}
	return ToString(e)
}

// utf16Len is String.prototype.length.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
