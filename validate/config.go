package validate

import "fmt"

// Compile reads a schema configuration, in either form:
//
//   - an express-validator checkSchema object, unchanged:
//     {"email": {"in": ["body"], "isEmail": true, "normalizeEmail": true}, ...}
//   - a wrapper that adds what express-validator spreads over other
//     middlewares: {"schema": {...}, "oneOf": [...], "unknown": "reject",
//     "unknownLocations": [...], "unknownMessage": "...", "showSecrets": false,
//     "defaultLocations": [...]}
//
// The wrapper is recognised by its "schema" key holding an object and every
// other key being a wrapper key; a schema with a field literally named
// "schema" must therefore use the wrapper.
func CompileConfig(config []byte) (*Schema, error) {
	doc, err := DecodeJSON(config)
	if err != nil {
		return nil, &Error{code: CodeBadSchema, msg: "schema is not valid JSON: " + err.Error()}
	}
	obj, ok := doc.(*Object)
	if !ok {
		return nil, &Error{code: CodeBadSchema, msg: "schema must be a JSON object"}
	}
	if !isWrapper(obj) {
		return compileSchemaValue(obj, Options{})
	}
	var opts Options
	if v, ok := obj.Get("unknown"); ok {
		s, isStr := v.(string)
		if !isStr {
			return nil, &Error{code: CodeBadSchema, msg: "unknown must be \"strip\", \"allow\" or \"reject\""}
		}
		opts.Unknown = s
	}
	if v, ok := obj.Get("unknownLocations"); ok {
		opts.UnknownLocations = stringList(v)
	}
	if v, ok := obj.Get("defaultLocations"); ok {
		opts.DefaultLocations = stringList(v)
	}
	if v, ok := obj.Get("unknownMessage"); ok {
		opts.UnknownMessage = ToString(v)
	}
	if v, ok := obj.Get("showSecrets"); ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, &Error{code: CodeBadSchema, msg: "showSecrets must be a boolean"}
		}
		opts.ShowSecrets = b
	}
	schema, _ := obj.Get("schema")
	s, err := compileSchemaValue(schema, opts)
	if err != nil {
		return nil, err
	}
	if v, ok := obj.Get("oneOf"); ok {
		list, isArr := v.([]any)
		if !isArr {
			return nil, &Error{code: CodeBadSchema, msg: "oneOf must be an array of {groups, message, errorType}"}
		}
		for i, g := range list {
			og, err := compileOneOf(i, g, s.opts.DefaultLocations)
			if err != nil {
				return nil, err
			}
			s.oneOf = append(s.oneOf, og)
		}
	}
	return s, nil
}

var wrapperKeys = map[string]bool{"schema": true, "oneOf": true, "unknown": true, "unknownLocations": true,
	"unknownMessage": true, "showSecrets": true, "defaultLocations": true}

func isWrapper(o *Object) bool {
	s, ok := o.Get("schema")
	if _, isObj := s.(*Object); !ok || !isObj {
		return false
	}
	for _, k := range o.keys {
		if !wrapperKeys[k] {
			return false
		}
	}
	return true
}

// compileOneOf reads {"groups": [schema, schema, ...], "message": "...",
// "errorType": "grouped"|"least_errored"|"flat"}: express-validator's
// oneOf([chains...]) where each group is a checkSchema object.
func compileOneOf(i int, v any, defaults []string) (*oneOfGroup, error) {
	where := fmt.Sprintf("oneOf[%d]", i)
	o, ok := v.(*Object)
	if !ok {
		return nil, &Error{code: CodeBadSchema, msg: where + " must be {groups, message, errorType}"}
	}
	if _, err := (args{o}).opts(0, "groups", "message", "errorType"); err != nil {
		return nil, &Error{code: CodeBadSchema, msg: where + ": " + err.Error()}
	}
	g := &oneOfGroup{message: "Invalid value(s)", errorType: "grouped"}
	if m, ok := o.Get("message"); ok && truthy(m) {
		g.message = m
	}
	if t, ok := o.Get("errorType"); ok {
		g.errorType = ToString(t)
		switch g.errorType {
		case "grouped", "least_errored", "flat":
		default:
			return nil, &Error{code: CodeBadSchema, msg: where + ": errorType must be grouped, least_errored or flat"}
		}
	}
	groups, _ := o.Get("groups")
	list, isArr := groups.([]any)
	if !isArr || len(list) == 0 {
		return nil, &Error{code: CodeBadSchema, msg: where + ": groups must be a non-empty array of schema objects"}
	}
	for _, grp := range list {
		sch, err := compileSchemaValue(grp, Options{DefaultLocations: defaults})
		if err != nil {
			return nil, err
		}
		g.groups = append(g.groups, sch.chains)
	}
	return g, nil
}

// ParseRequest reads {"body":…, "query":…, "params":…, "headers":…,
// "cookies":…}; any other key is an error.
func ParseRequest(in []byte) (Request, error) {
	doc, err := DecodeJSON(in)
	if err != nil {
		return Request{}, &Error{code: CodeBadRequest, msg: "request is not valid JSON: " + err.Error()}
	}
	o, ok := doc.(*Object)
	if !ok {
		return Request{}, &Error{code: CodeBadRequest, msg: "request must be an object {body, query, params, headers, cookies}"}
	}
	var r Request
	for i, k := range o.keys {
		v := o.vals[i]
		switch k {
		case "body":
			r.Body = v
		case "query":
			r.Query = v
		case "params":
			r.Params = v
		case "headers":
			r.Headers = v
		case "cookies":
			r.Cookies = v
		default:
			return Request{}, &Error{code: CodeBadRequest, msg: fmt.Sprintf("unknown request key %q (body, query, params, headers, cookies)", k)}
		}
	}
	return r, nil
}

// ValidateJSON parses a request document, validates it and returns the
// result as JSON ({"errors": [...], "data": {...}}).
func (s *Schema) ValidateJSON(in []byte) ([]byte, error) {
	r, err := ParseRequest(in)
	if err != nil {
		return nil, err
	}
	return s.validate(r, adopt).MarshalJSON()
}
