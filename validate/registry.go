package validate

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Func is a compiled validator: it reports whether s passes.
type Func func(s string) bool

// SanitizerFunc is a compiled sanitizer. Most return a string; toInt and
// toFloat return a float64 (NaN when unparsable), toBoolean a bool, toDate a
// time.Time or InvalidDate, and isStrongPassword's score mode a float64.
type SanitizerFunc func(s string) any

// compileFunc builds a validator from its positional arguments (everything
// after the input string in validator.js's signature).
type compileFunc func(a args) (Func, error)

type sanitizerCompileFunc func(a args) (SanitizerFunc, error)

var validatorTable = map[string]compileFunc{}
var sanitizerTable = map[string]sanitizerCompileFunc{}

func registerValidators(m map[string]compileFunc) {
	for k, v := range m {
		if _, dup := validatorTable[k]; dup {
			panic("validate: duplicate validator " + k)
		}
		validatorTable[k] = v
	}
}

// Compile returns validator.js's validator called name, bound to its
// positional arguments (the values after the input string in validator.js's
// signature, in express-validator's `options` form: `Compile("isLength",
// map[string]any{"min": 3})`). Arguments are JSON-shaped values; a bad
// argument or an unknown option name fails here, never at check time.
func Compile(name string, args ...any) (Func, error) {
	c, ok := validatorTable[name]
	if !ok {
		return nil, &Error{code: CodeUnknownRule, msg: fmt.Sprintf("unknown validator %q", name), detail: map[string]any{"rule": name}}
	}
	f, err := c(normalizeArgs(args))
	if err != nil {
		return nil, ruleError(name, err)
	}
	return f, nil
}

// CompileSanitizer returns validator.js's sanitizer called name, bound to its
// positional arguments.
func CompileSanitizer(name string, args ...any) (SanitizerFunc, error) {
	c, ok := sanitizerTable[name]
	if !ok {
		return nil, &Error{code: CodeUnknownRule, msg: fmt.Sprintf("unknown sanitizer %q", name), detail: map[string]any{"rule": name}}
	}
	f, err := c(normalizeArgs(args))
	if err != nil {
		return nil, ruleError(name, err)
	}
	return f, nil
}

// Validators lists the validator names Compile knows, sorted.
func Validators() []string { return sortedKeys(validatorTable) }

// Sanitizers lists the sanitizer names CompileSanitizer knows, sorted.
func Sanitizers() []string { return sortedKeys(sanitizerTable) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func ruleError(name string, err error) error {
	if e, ok := err.(*Error); ok {
		d := map[string]any{"rule": name}
		if m, ok := e.detail.(map[string]any); ok {
			for k, v := range m {
				d[k] = v
			}
		}
		return &Error{code: e.code, msg: name + ": " + e.msg, detail: d}
	}
	return &Error{code: CodeBadOption, msg: name + ": " + err.Error(), detail: map[string]any{"rule": name}}
}

// optErr reports a bad argument.
func optErr(format string, a ...any) error {
	return &Error{code: CodeBadOption, msg: fmt.Sprintf(format, a...)}
}

// normalizeArgs turns Go-native argument values (map[string]any, []string,
// ints) into the JSON value model, so that Compile accepts both; in options,
// {"$regexp": source, "flags": f} objects become RegExp values.
func normalizeArgs(in []any) args {
	out := make(args, len(in))
	for i, v := range in {
		out[i] = normalizeValue(v, true)
	}
	return out
}

func normalizeValue(v any, options bool) any {
	switch t := v.(type) {
	case nil, string, float64, bool, RegExp, time.Time, undefinedValue, invalidDate:
		return v
	case *Object:
		if src, ok := t.Get("$regexp"); ok && options {
			flags, _ := t.Get("flags")
			s, _ := src.(string)
			f, _ := flags.(string)
			return RegExp{Source: s, Flags: f}
		}
		return t.mapValues(func(v any) any { return normalizeValue(v, options) })
	case map[string]any:
		o := NewObject()
		for _, k := range sortedKeys(t) {
			o.Set(k, normalizeValue(t[k], options))
		}
		return o
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = normalizeValue(e, options)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	case map[string]string:
		o := NewObject()
		for _, k := range sortedKeys(t) {
			o.Set(k, t[k])
		}
		return o
	case map[string][]string: // url.Values, http.Header
		o := NewObject()
		for _, k := range sortedKeys(t) {
			if len(t[k]) == 1 {
				o.Set(k, t[k][0])
			} else {
				o.Set(k, normalizeValue(t[k], options))
			}
		}
		return o
	case int:
		return float64(t)
	case int64:
		return float64(t)
	}
	return normalizeReflect(v, options)
}

// normalizeReflect converts the named map and slice types the switch above
// cannot name without importing them (url.Values, http.Header, user types).
func normalizeReflect(v any, options bool) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		o := NewObject()
		for _, k := range keys {
			e := rv.MapIndex(k)
			if e.Kind() == reflect.Slice && e.Len() == 1 {
				e = e.Index(0) // a single query or header value is a string, as Express gives it
			}
			o.Set(k.String(), normalizeValue(e.Interface(), options))
		}
		return o
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return v
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalizeValue(rv.Index(i).Interface(), options)
		}
		return out
	case reflect.String:
		return rv.String()
	}
	return v
}

// args are a validator's positional arguments.
type args []any

func (a args) at(i int) any {
	if i < len(a) {
		return a[i]
	}
	return nil
}

// Undefined stands for JavaScript's undefined inside argument lists, where it
// differs from null (validator.js applies defaults only for undefined).
var Undefined = undefinedValue{}

type undefinedValue struct{}

func (a args) present(i int) bool {
	v := a.at(i)
	return v != nil && v != Undefined
}

// opts reads argument i as an options object; only the listed keys are
// accepted, so a misspelt option is a compile error instead of a silently
// ignored setting. A missing or non-object argument is an empty options set,
// as validator.js's merge() treats it.
func (a args) opts(i int, keys ...string) (opts, error) {
	o, _ := a.at(i).(*Object)
	if o == nil {
		return opts{}, nil
	}
	for _, k := range o.keys {
		known := false
		for _, want := range keys {
			if k == want {
				known = true
				break
			}
		}
		if !known {
			return opts{}, &Error{code: CodeBadOption, msg: fmt.Sprintf("unknown option %q (known: %s)", k, strings.Join(keys, ", ")),
				detail: map[string]any{"option": k}}
		}
	}
	return opts{o}, nil
}

// opts is a read-only view of an options object with JavaScript's coercions.
type opts struct{ o *Object }

func (o opts) get(k string) (any, bool) {
	v, ok := o.o.Get(k)
	if v == Undefined {
		return nil, false
	}
	return v, ok
}

// flag is the option's truthiness, or def when it is absent (undefined).
func (o opts) flag(k string, def bool) bool {
	v, ok := o.get(k)
	if !ok {
		return def
	}
	return truthy(v)
}

// num returns the option as a number, JS-coerced; ok is false when absent.
func (o opts) num(k string) (float64, bool, error) {
	v, ok := o.get(k)
	if !ok || v == nil {
		return 0, false, nil
	}
	f, good := toNumber(v)
	if !good {
		return 0, false, optErr("option %q must be a number", k)
	}
	return f, true, nil
}

func (o opts) str(k, def string) string {
	v, ok := o.get(k)
	if !ok || v == nil {
		return def
	}
	return ToString(v)
}

// list reads an option holding an array of strings (or one string).
func (o opts) list(k string) ([]string, bool) {
	v, ok := o.get(k)
	if !ok || v == nil {
		return nil, false
	}
	return stringList(v), true
}

func stringList(v any) []string {
	switch t := v.(type) {
	case []any:
		out := make([]string, len(t))
		for i, e := range t {
			out[i] = ToString(e)
		}
		return out
	default:
		return []string{ToString(v)}
	}
}

// truthy is JavaScript's Boolean(v).
func truthy(v any) bool {
	switch t := v.(type) {
	case nil, undefinedValue, invalidDate:
		return false
	case bool:
		return t
	case float64:
		return t != 0 && !math.IsNaN(t)
	case string:
		return t != ""
	}
	return true
}

// toNumber is JavaScript's Number(v) for the value model; ok is false for NaN.
func toNumber(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, !math.IsNaN(t)
	case bool:
		if t {
			return 1, true
		}
		return 0, true
	case nil:
		return 0, true
	case string:
		f := jsStringToNumber(t)
		return f, !math.IsNaN(f)
	case time.Time:
		return float64(t.UnixMilli()), true
	}
	return math.NaN(), false
}

// jsStringToNumber is Number(string): trimmed, "" → 0, hex/octal/binary
// prefixes, Infinity, otherwise a decimal literal or NaN.
func jsStringToNumber(s string) float64 {
	s = jsTrim(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			n, err := strconv.ParseUint(s[2:], base, 64)
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if !isJSDecimalLiteral(s) {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return math.NaN()
	}
	return f
}

// isJSDecimalLiteral is /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/ (the
// decimal numbers JavaScript's Number() reads) as a scanner: every numeric
// rule and sanitizer goes through it.
func isJSDecimalLiteral(s string) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits, fracDigits := digits(), 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = digits()
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// jsParseFloat is the global parseFloat: the longest decimal prefix after
// leading white space.
func jsParseFloat(s string) float64 {
	s = strings.TrimLeftFunc(s, isJSSpace)
	if m := jsFloatPrefix.compiled().FindString(s); m != "" && m != "+" && m != "-" {
		f, err := strconv.ParseFloat(m, 64)
		if err == nil || isRangeErr(err) {
			return f
		}
	}
	for _, p := range []string{"Infinity", "+Infinity"} {
		if strings.HasPrefix(s, p) {
			return math.Inf(1)
		}
	}
	if strings.HasPrefix(s, "-Infinity") {
		return math.Inf(-1)
	}
	return math.NaN()
}

var jsFloatPrefix = re(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`)

// jsParseInt is the global parseInt(s, radix).
func jsParseInt(s string, radix int) float64 {
	s = strings.TrimLeftFunc(s, isJSSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if radix == 0 || radix == 16 {
		if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
			s = s[2:]
			radix = 16
		}
	}
	if radix == 0 {
		radix = 10
	}
	if radix < 2 || radix > 36 {
		return math.NaN()
	}
	n := 0.0
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			d = 99
		}
		if d >= radix {
			break
		}
		n = n*float64(radix) + float64(d)
		digits++
	}
	if digits == 0 {
		return math.NaN()
	}
	if neg {
		n = -n
	}
	return n
}
