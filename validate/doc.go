// Package validate is edgeguard's input validation: validator.js 13's
// validators and sanitizers, and express-validator 7's checkSchema engine,
// with the same names, options and verdicts, in pure Go.
//
// One rule:
//
//	isEmail, err := validate.Compile("isEmail", map[string]any{"allow_display_name": true})
//	ok := isEmail("Ada <ada@example.com>")
//
// A schema (an express-validator checkSchema document, unchanged):
//
//	s, err := validate.CompileConfig(schemaJSON)
//	out, err := s.ValidateJSON([]byte(`{"body": {...}, "query": {...}}`))
//
// Every pattern runs on Go's RE2 engine, in time linear in the input; the
// validator.js patterns that need look-around or back-references are decided
// by hand-written code accepting the same strings. Values follow JavaScript's
// semantics (see jsvalue.go: *Object keeps key order, numbers are float64,
// Undefined is distinct from nil), so a request validates exactly as
// express-validator validates the same parsed request, and the JSON output
// is byte-identical in every host. docs/validate.md lists every difference
// from validator.js and express-validator and why.
package validate
