package validate

import "testing"

// FuzzSchema compiles arbitrary schema documents and runs arbitrary requests
// through the ones that compile: nothing may panic, and a compiled schema
// must give the same bytes twice (determinism across hosts starts here).
func FuzzSchema(f *testing.F) {
	f.Add(`{"a":{"in":["body"],"isInt":true,"toInt":true}}`, `{"body":{"a":"1"}}`)
	f.Add(`{"items.*.name":{"trim":true,"notEmpty":true}}`, `{"body":{"items":[{"name":" "},3,null]}}`)
	f.Add(`{"**.id":{"isUUID":{"options":"4"}},"x[0]":{"default":{"options":[1]}}}`, `{"query":{"a":{"id":[1,{"b":2}]}},"body":[1]}`)
	f.Add(`{"schema":{"p":{"optional":{"options":{"values":"falsy"}},"isEmail":{"bail":true,"if":{"field":"q","exists":true}}}},"unknown":"reject","oneOf":[{"groups":[{"q":{"isInt":true}}]}]}`, `{"body":{"p":"","q":"x","r":{"s":1}}}`)
	f.Add(`{"a[99999999]":{"toArray":true}}`, `{"body":{"a":[]}}`)
	f.Fuzz(func(t *testing.T, schema, request string) {
		s, err := CompileConfig([]byte(schema))
		if err != nil {
			return
		}
		out1, err1 := s.ValidateJSON([]byte(request))
		out2, err2 := s.ValidateJSON([]byte(request))
		if (err1 == nil) != (err2 == nil) || string(out1) != string(out2) {
			t.Fatalf("non-deterministic: %s / %s", out1, out2)
		}
	})
}

// FuzzValidators runs a sample of validators and sanitizers on arbitrary
// input: no panic, whatever the bytes.
func FuzzValidators(f *testing.F) {
	f.Add("foo@bar.com")
	f.Add("http://[::1]:80/a?b#c")
	f.Add("2020-W01-1T10:10:10.5+01")
	f.Add("\xff\xfe")
	f.Add("ABCDEF12A34B567C")
	f.Add("2001-01-01-1234")
	f.Add("8001010001")
	var checks []Func
	for _, name := range Validators() {
		if fn, err := Compile(name); err == nil {
			checks = append(checks, fn)
		}
	}
	for _, name := range []string{"isMobilePhone", "isPostalCode", "isLicensePlate"} {
		fn, _ := Compile(name, "any")
		checks = append(checks, fn)
	}
	for loc := range taxIDFormats {
		fn, _ := Compile("isTaxID", loc)
		checks = append(checks, fn)
	}
	for loc := range identityCards {
		fn, _ := Compile("isIdentityCard", loc)
		checks = append(checks, fn)
	}
	var sans []SanitizerFunc
	for _, name := range Sanitizers() {
		if fn, err := CompileSanitizer(name); err == nil {
			sans = append(sans, fn)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range checks {
			c(s)
		}
		for _, z := range sans {
			z(s)
		}
	})
}
