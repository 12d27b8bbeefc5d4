package validate

import (
	"fmt"
	"strings"
	"unicode"
)

// Locations are the parts of a request a field can be read from.
var Locations = []string{"body", "cookies", "headers", "params", "query"}

// Unknown-field policies (express-validator's checkExact is "reject").
const (
	UnknownStrip  = "strip"  // data holds only schema fields (matchedData); the default
	UnknownAllow  = "allow"  // data also carries fields the schema does not name
	UnknownReject = "reject" // an unknown_fields error, as checkExact adds
)

// Options are the schema-wide settings that express-validator spreads over
// several middlewares (checkExact, oneOf, matchedData) or lacks (redaction).
type Options struct {
	// Unknown is the unknown-field policy: UnknownStrip (default),
	// UnknownAllow or UnknownReject.
	Unknown string
	// UnknownLocations are the locations the policy applies to; default
	// body, params, query (checkExact's default: browsers add headers and
	// cookies nobody validates).
	UnknownLocations []string
	// UnknownMessage is the unknown_fields error message ("Unknown field(s)").
	UnknownMessage string
	// ShowSecrets turns off redaction: by default the value of a field whose
	// name looks secret (password, token, secret, authorization, cookie, …)
	// is replaced by "[REDACTED]" in errors.
	ShowSecrets bool
	// DefaultLocations are the locations of fields without `in` (default: all five).
	DefaultLocations []string
}

// Schema is a compiled checkSchema document. It is immutable and safe for
// concurrent use.
type Schema struct {
	chains []*chain
	oneOf  []*oneOfGroup
	opts   Options
}

// chain is one field's validation chain (express-validator's Context).
type chain struct {
	field     string
	fields    [][]string // parsed path per field (one field per schema key)
	secret    []bool     // looksSecret of each field's path, decided once (see instance.secret)
	rawFields []string
	locations []string
	message   any    // field-level errorMessage (nil: none)
	optional  string // "" (not optional), "undefined", "null" or "falsy"
	bail      bool   // request-level bail
	items     []item
}

type oneOfGroup struct {
	groups    [][]*chain
	message   any
	errorType string
}

// schemaError names the field and rule a compile error is about.
func schemaError(field, rule, format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	where := fmt.Sprintf("field %q", field)
	if rule != "" {
		where += fmt.Sprintf(", rule %q", rule)
	}
	return &Error{code: CodeBadSchema, msg: where + ": " + msg, detail: map[string]any{"field": field, "rule": rule}}
}

func wrapRuleError(field, rule string, err error) error {
	e, ok := err.(*Error)
	if !ok {
		return schemaError(field, rule, "%v", err)
	}
	d := map[string]any{"field": field, "rule": rule}
	if m, ok := e.detail.(map[string]any); ok {
		for k, v := range m {
			if k != "rule" {
				d[k] = v
			}
		}
	}
	return &Error{code: e.code, msg: fmt.Sprintf("field %q: %s", field, e.msg), detail: d}
}

// CompileSchema compiles an express-validator checkSchema document (its
// JSON-representable form). The key order of each field's object is its
// chain order, as in express-validator.
func CompileSchema(schemaJSON []byte, opts Options) (*Schema, error) {
	doc, err := DecodeJSON(schemaJSON)
	if err != nil {
		return nil, &Error{code: CodeBadSchema, msg: "schema is not valid JSON: " + err.Error()}
	}
	return compileSchemaValue(doc, opts)
}

func compileSchemaValue(doc any, opts Options) (*Schema, error) {
	obj, ok := doc.(*Object)
	if !ok {
		return nil, &Error{code: CodeBadSchema, msg: "schema must be a JSON object of fields"}
	}
	switch opts.Unknown {
	case "":
		opts.Unknown = UnknownStrip
	case UnknownStrip, UnknownAllow, UnknownReject:
	default:
		return nil, &Error{code: CodeBadSchema, msg: fmt.Sprintf("unknown-field policy must be strip, allow or reject, got %q", opts.Unknown)}
	}
	if opts.UnknownLocations == nil {
		opts.UnknownLocations = []string{"body", "params", "query"}
	}
	if opts.UnknownMessage == "" {
		opts.UnknownMessage = "Unknown field(s)"
	}
	if opts.DefaultLocations == nil {
		opts.DefaultLocations = Locations
	}
	for _, l := range append(append([]string{}, opts.UnknownLocations...), opts.DefaultLocations...) {
		if !isLocation(l) {
			return nil, &Error{code: CodeBadSchema, msg: fmt.Sprintf("unknown location %q", l)}
		}
	}
	s := &Schema{opts: opts}
	for _, field := range obj.Keys() {
		cfg, _ := obj.Get(field)
		c, err := compileChain(field, cfg, opts.DefaultLocations)
		if err != nil {
			return nil, err
		}
		s.chains = append(s.chains, c)
	}
	return s, nil
}

func isLocation(l string) bool {
	for _, k := range Locations {
		if k == l {
			return true
		}
	}
	return false
}

// fieldKeys are the keys of a field object that are not rules.
var fieldKeys = map[string]bool{"in": true, "errorMessage": true, "optional": true}

// ruleKeys are the keys of a rule object ({options, errorMessage, negated, bail, if}).
var ruleKeys = []string{"options", "errorMessage", "negated", "bail", "if"}

func compileChain(field string, cfg any, defaultLocations []string) (*chain, error) {
	obj, ok := cfg.(*Object)
	if !ok {
		return nil, schemaError(field, "", "field schema must be an object")
	}
	c := &chain{field: field}
	seg, err := parsePath(field)
	if err != nil {
		return nil, schemaError(field, "", "%v", err)
	}
	globstars := 0
	for _, sg := range seg {
		if sg == "**" {
			globstars++
		}
	}
	if globstars > 1 {
		// Each further ** multiplies the paths express-validator explores
		// (polynomial of degree ~ the number of **): refused to keep
		// selection linear in the request size.
		return nil, schemaError(field, "", "a field path may hold at most one ** (globstar)")
	}
	c.fields = [][]string{seg}
	c.secret = []bool{looksSecret(seg)}
	c.rawFields = []string{field}
	// in
	if in, ok := obj.Get("in"); ok && truthy(in) {
		for _, l := range stringList(in) {
			if !isLocation(l) {
				return nil, schemaError(field, "in", "unknown location %q (body, cookies, headers, params, query)", l)
			}
			c.locations = append(c.locations, l)
		}
	}
	if len(c.locations) == 0 {
		c.locations = defaultLocations
	}
	if m, ok := obj.Get("errorMessage"); ok && truthy(m) {
		// Any JSON value: express-validator passes it through as msg
		// (objects are a common i18n idiom); a falsy one is no message.
		c.message = m
	}
	if opt, ok := obj.Get("optional"); ok && truthy(opt) {
		if c.optional, err = optionalMode(opt); err != nil {
			return nil, schemaError(field, "optional", "%v", err)
		}
	}
	for i, key := range obj.keys {
		if fieldKeys[key] {
			continue
		}
		v := obj.vals[i]
		if !truthy(v) {
			continue // express-validator skips rules set to false/null
		}
		if err := c.addRule(key, v); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// optionalMode reads optional: true | {options: {values | nullable | checkFalsy}}.
func optionalMode(v any) (string, error) {
	if v == true {
		return "undefined", nil
	}
	o, ok := v.(*Object)
	if !ok {
		return "", fmt.Errorf("must be true or {options: {values: 'undefined'|'null'|'falsy'}}")
	}
	opts, _ := o.Get("options")
	if opts == nil || opts == Undefined {
		return "undefined", nil
	}
	if b, ok := opts.(bool); ok {
		if b {
			return "undefined", nil
		}
		return "", nil
	}
	oo, ok := opts.(*Object)
	if !ok {
		return "", fmt.Errorf("options must be an object")
	}
	a := args{oo}
	op, err := a.opts(0, "values", "nullable", "checkFalsy")
	if err != nil {
		return "", err
	}
	if v, ok := op.get("values"); ok && truthy(v) {
		switch v {
		case "undefined", "null", "falsy":
			return v.(string), nil
		}
		return "", fmt.Errorf("values must be 'undefined', 'null' or 'falsy'")
	}
	switch {
	case op.flag("checkFalsy", false):
		return "falsy", nil
	case op.flag("nullable", false):
		return "null", nil
	}
	return "undefined", nil
}

// ruleConfig is a rule entry: true, or {options, errorMessage, negated, bail, if}.
type ruleConfig struct {
	args    args
	message any
	negated bool
	bail    bool
	cond    *chain
}

func (c *chain) readRule(rule string, v any) (ruleConfig, error) {
	var rc ruleConfig
	o, isObj := v.(*Object)
	if !isObj {
		if v != true {
			return rc, schemaError(c.field, rule, "must be true or an object {options, errorMessage, negated, bail, if}")
		}
		return rc, nil
	}
	if _, err := (args{o}).opts(0, ruleKeys...); err != nil {
		return rc, wrapRuleError(c.field, rule, err)
	}
	if opts, ok := o.Get("options"); ok {
		// express-validator's _.castArray(options): an array is the argument
		// list; anything else is the single argument.
		if arr, isArr := opts.([]any); isArr {
			rc.args = normalizeArgs(arr)
		} else {
			rc.args = normalizeArgs([]any{opts})
		}
	}
	if m, ok := o.Get("errorMessage"); ok && truthy(m) {
		rc.message = m
	}
	if n, ok := o.Get("negated"); ok {
		rc.negated = truthy(n)
	}
	if b, ok := o.Get("bail"); ok && truthy(b) {
		rc.bail = true
		if bo, isObj := b.(*Object); isObj {
			if lvl, _ := bo.Get("level"); lvl == "request" {
				c.bail = true
			}
		}
	}
	if cond, ok := o.Get("if"); ok && truthy(cond) {
		cc, err := compileCondition(c.field, rule, cond)
		if err != nil {
			return rc, err
		}
		rc.cond = cc
	}
	return rc, nil
}

// compileCondition reads `if`: {"field": "other", "in": [...], <rules>} is
// express-validator's `if: body('other').<rules>` (a ChainCondition): the
// rule runs only when that chain passes.
func compileCondition(field, rule string, v any) (*chain, error) {
	o, ok := v.(*Object)
	if !ok {
		return nil, schemaError(field, rule, "if must be {\"field\": \"<path>\", ...rules} (functions cannot be written in JSON)")
	}
	target, _ := o.Get("field")
	name, isStr := target.(string)
	if !isStr {
		return nil, schemaError(field, rule, "if needs a \"field\" naming the field to check")
	}
	rest := NewObject()
	for i, k := range o.keys {
		if k != "field" {
			rest.Set(k, o.vals[i])
		}
	}
	c, err := compileChain(name, rest, Locations)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *chain) addRule(rule string, v any) error {
	switch rule {
	case "custom", "customSanitizer":
		return schemaError(c.field, rule, "functions cannot be written in JSON; use a named rule")
	case "bail":
		// express-validator 7 offers bail per rule; a field-level `bail: true`
		// is accepted here as bail at that position of the chain.
		c.items = append(c.items, bailItem{})
		if o, ok := v.(*Object); ok {
			if opts, _ := o.Get("options"); opts != nil {
				if oo, ok := opts.(*Object); ok {
					if lvl, _ := oo.Get("level"); lvl == "request" {
						c.bail = true
					}
				}
			}
		}
		return nil
	}
	if build, ok := ownSanitizers[rule]; ok {
		rc, err := c.readRule(rule, v)
		if err != nil {
			return err
		}
		f, err := build(rc.args)
		if err != nil {
			return wrapRuleError(c.field, rule, err)
		}
		c.items = append(c.items, customSanitizerItem{f})
		return nil
	}
	if _, ok := sanitizerTable[rule]; ok {
		rc, err := c.readRule(rule, v)
		if err != nil {
			return err
		}
		f, err := CompileSanitizer(rule, []any(rc.args)...)
		if err != nil {
			return wrapRuleError(c.field, rule, err)
		}
		c.items = append(c.items, sanitizerItem{f})
		return nil
	}
	rc, err := c.readRule(rule, v)
	if err != nil {
		return err
	}
	if rc.cond != nil {
		c.items = append(c.items, conditionItem{rc.cond})
	}
	base := validationItem{rule: rule, code: ruleCode(rule), negated: rc.negated, message: rc.message, params: rc.args}
	if build, ok := ownValidators[rule]; ok {
		f, negate, err := build(rc.args)
		if err != nil {
			return wrapRuleError(c.field, rule, err)
		}
		base.custom = f
		base.negated = base.negated != negate
		c.items = append(c.items, base)
	} else {
		name := rule
		if rule == "notEmpty" {
			// express-validator's notEmpty is not().isEmpty(options), and
			// not() only sets a flag, so negated: true changes nothing.
			name = "isEmpty"
			base.negated = true
		}
		f, err := Compile(name, []any(rc.args)...)
		if err != nil {
			if e, ok := err.(*Error); ok && e.code == CodeUnknownRule {
				return schemaError(c.field, rule, "unknown validator or sanitizer")
			}
			return wrapRuleError(c.field, rule, err)
		}
		// express-validator's isBoolean {strict: true} checks the JS type.
		if rule == "isBoolean" {
			if o, ok := rc.args.at(0).(*Object); ok {
				if s, _ := o.Get("strict"); truthy(s) {
					base.custom = func(v any) bool { _, ok := v.(bool); return ok }
					f = nil
				}
			}
		}
		base.std = f
		c.items = append(c.items, base)
	}
	if rc.bail {
		c.items = append(c.items, bailItem{})
	}
	return nil
}

var camelBoundary = re(`([a-z0-9])([A-Z])`)

// ruleCode is the stable error code of a rule: its name in snake_case
// (isEmail → is_email, isISO8601 → is_iso8601).
func ruleCode(rule string) string {
	s := camelBoundary.compiled().ReplaceAllString(rule, "${1}_${2}")
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			return r
		}
		return '_'
	}, s))
}

// ownValidators are express-validator's own validators, which see the raw
// value instead of its string form. The bool is "negate" (notEmpty).
var ownValidators = map[string]func(a args) (func(any) bool, bool, error){
	"exists": func(a args) (func(any) bool, bool, error) {
		o, err := a.opts(0, "values", "checkNull", "checkFalsy")
		if err != nil {
			return nil, false, err
		}
		values := o.str("values", "undefined")
		switch {
		case o.flag("checkFalsy", false) || values == "falsy":
			return truthy, false, nil
		case o.flag("checkNull", false) || values == "null":
			return func(v any) bool { return v != nil && v != Undefined }, false, nil
		}
		return func(v any) bool { return v != Undefined }, false, nil
	},
	"isArray": func(a args) (func(any) bool, bool, error) {
		o, err := a.opts(0, "min", "max")
		if err != nil {
			return nil, false, err
		}
		r, err := readRange(o)
		if err != nil {
			return nil, false, err
		}
		return func(v any) bool {
			arr, ok := v.([]any)
			return ok && r.contains(float64(len(arr)))
		}, false, nil
	},
	"isObject": func(a args) (func(any) bool, bool, error) {
		o, err := a.opts(0, "strict")
		if err != nil {
			return nil, false, err
		}
		strict := true
		if s, ok := o.get("strict"); ok && s != nil {
			strict = truthy(s)
		}
		return func(v any) bool {
			switch v.(type) {
			case *Object:
				return true
			case []any, nil:
				return !strict
			}
			return false
		}, false, nil
	},
	"isString": func(args) (func(any) bool, bool, error) {
		return func(v any) bool { _, ok := v.(string); return ok }, false, nil
	},
}

// ownSanitizers are express-validator's own sanitizers (raw value in, raw value out).
var ownSanitizers = map[string]func(a args) (func(any) any, error){
	"default": func(a args) (func(any) any, error) {
		def := a.at(0)
		return func(v any) any {
			if v == Undefined || v == nil || v == "" || isNaNValue(v) {
				return deepCopy(def)
			}
			return v
		}, nil
	},
	"replace": func(a args) (func(any) any, error) {
		from, to := a.at(0), a.at(1)
		list, ok := from.([]any)
		if !ok {
			list = []any{from}
		}
		return func(v any) any {
			for _, f := range list {
				if jsStrictEqual(f, v) {
					return deepCopy(to)
				}
			}
			return v
		}, nil
	},
	"toArray": func(args) (func(any) any, error) {
		return func(v any) any {
			if v == Undefined {
				return []any{}
			}
			if arr, ok := v.([]any); ok {
				return arr
			}
			return []any{v}
		}, nil
	},
	"toLowerCase": func(args) (func(any) any, error) {
		return func(v any) any {
			if s, ok := v.(string); ok {
				return strings.ToLower(s)
			}
			return v
		}, nil
	},
	"toUpperCase": func(args) (func(any) any, error) {
		return func(v any) any {
			if s, ok := v.(string); ok {
				return strings.ToUpper(s)
			}
			return v
		}, nil
	},
}

// Locations reports the request locations the schema can read, in the order
// of the package's Locations: those of every field (by its `in`, else the
// default locations), of the fields its `if` conditions and oneOf groups
// check, and the unknown-field locations when the policy is not strip. A
// location left out never changes the result, so a host may omit it from the
// request it sends (a request's headers, with a bearer token, are often its
// largest part and a schema seldom reads them).
func (s *Schema) Locations() []string {
	read := map[string]bool{}
	for _, c := range s.chains {
		c.markLocations(read)
	}
	for _, g := range s.oneOf {
		for _, group := range g.groups {
			for _, c := range group {
				c.markLocations(read)
			}
		}
	}
	if s.opts.Unknown != UnknownStrip {
		for _, l := range s.opts.UnknownLocations {
			read[l] = true
		}
	}
	out := make([]string, 0, len(read))
	for _, l := range Locations {
		if read[l] {
			out = append(out, l)
		}
	}
	return out
}

// markLocations sets the locations the chain and its conditions read.
func (c *chain) markLocations(read map[string]bool) {
	for _, l := range c.locations {
		read[l] = true
	}
	for _, it := range c.items {
		if cond, ok := it.(conditionItem); ok {
			cond.cond.markLocations(read)
		}
	}
}
