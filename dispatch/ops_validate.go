package dispatch

import (
	"encoding/json"
	"fmt"

	"github.com/edgeguard/edgeguard/validate"
)

// Two kinds share the validate package:
//
//   - "schema": configuration is an express-validator checkSchema document
//     (or the wrapper of docs/validate.md); op "validate" takes a request
//     {"body","query","params","headers","cookies"} and returns
//     {"errors": [...], "data": {...}}.
//   - "validator": configuration is one rule {"name": "isEmail", "options": …}
//     (options as in a schema: an array is the argument list); op "check"
//     takes the raw string and returns {"valid": bool}; a sanitizer rule
//     answers op "sanitize" with {"value": …}.
func init() {
	Register("schema", "express-validator checkSchema: request in, {errors, data} out (docs/validate.md)",
		func(config []byte) (*validate.Schema, error) {
			s, err := validate.CompileConfig(config)
			return s, asConfigError(err)
		},
		map[string]TypedOp[*validate.Schema]{
			"validate": {Doc: "validate a request {body, query, params, headers, cookies}", In: JSON, Out: JSON,
				Run: func(s *validate.Schema, in []byte) ([]byte, error) { return s.ValidateJSON(in) }},
			// Hosts send only these locations to "validate" (the module owns
			// the `in` semantics; a host never re-derives them).
			"locations": {Doc: `input ignored; {"locations":["body",…]} out: the request locations "validate" can read`,
				In: Text, Out: JSON,
				Run: func(s *validate.Schema, _ []byte) ([]byte, error) {
					return json.Marshal(map[string][]string{"locations": s.Locations()})
				}},
		})
	Register("validator", "one validator.js rule: {\"name\": \"isEmail\", \"options\": {...}} (docs/validate.md)",
		compileRule,
		map[string]TypedOp[*rule]{
			"check": {Doc: "string in, {\"valid\": bool} out (validators only)", In: Text, Out: JSON,
				Run: func(r *rule, in []byte) ([]byte, error) {
					if r.check == nil {
						return nil, Errorf(CodeBadRequest, "%s is a sanitizer: use op \"sanitize\"", r.name)
					}
					if r.check(string(in)) {
						return []byte(`{"valid":true}`), nil
					}
					return []byte(`{"valid":false}`), nil
				}},
			"sanitize": {Doc: "string in, {\"value\": …} out (sanitizers only)", In: Text, Out: JSON,
				Run: func(r *rule, in []byte) ([]byte, error) {
					if r.sanitize == nil {
						return nil, Errorf(CodeBadRequest, "%s is a validator: use op \"check\"", r.name)
					}
					out := append([]byte(`{"value":`), validate.EncodeJSON(r.sanitize(string(in)))...)
					return append(out, '}'), nil
				}},
		})
}

// rule is a compiled single validator or sanitizer.
type rule struct {
	name     string
	check    validate.Func
	sanitize validate.SanitizerFunc
}

func compileRule(config []byte) (*rule, error) {
	doc, err := validate.DecodeJSON(config)
	if err != nil {
		return nil, Errorf(CodeBadConfig, "validator configuration is not valid JSON: %v", err)
	}
	obj, ok := doc.(*validate.Object)
	if !ok {
		return nil, Errorf(CodeBadConfig, `validator configuration must be {"name": "...", "options": ...}`)
	}
	for _, k := range obj.Keys() {
		if k != "name" && k != "options" {
			return nil, Errorf(CodeBadConfig, "unknown key %q in validator configuration (name, options)", k)
		}
	}
	nv, _ := obj.Get("name")
	name, ok := nv.(string)
	if !ok || name == "" {
		return nil, Errorf(CodeBadConfig, `validator configuration needs "name"`)
	}
	var args []any
	if opts, present := obj.Get("options"); present {
		if arr, isArr := opts.([]any); isArr {
			args = arr
		} else {
			args = []any{opts}
		}
	}
	r := &rule{name: name}
	r.check, err = validate.Compile(name, args...)
	if isUnknownRule(err) {
		r.sanitize, err = validate.CompileSanitizer(name, args...)
		if isUnknownRule(err) {
			return nil, &Error{Code: CodeBadConfig, Message: fmt.Sprintf("unknown validator or sanitizer %q", name),
				Detail: map[string]any{"rule": name, "reason": validate.CodeUnknownRule}}
		}
	}
	if err != nil {
		return nil, asConfigError(err)
	}
	return r, nil
}

func isUnknownRule(err error) bool {
	c, ok := err.(interface{ Code() string })
	return ok && c.Code() == validate.CodeUnknownRule
}

// asConfigError reports every compile-time failure of the validate package
// as the ABI's bad_config; the package's own code (bad_schema, bad_option,
// unknown_rule) goes into detail.reason next to the field and rule.
func asConfigError(err error) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*validate.Error)
	if !ok {
		return err
	}
	detail := map[string]any{"reason": e.Code()}
	if d, ok := e.Detail().(map[string]any); ok {
		for k, v := range d {
			detail[k] = v
		}
	}
	return &Error{Code: CodeBadConfig, Message: e.Error(), Detail: detail}
}
