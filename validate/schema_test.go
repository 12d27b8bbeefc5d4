package validate

import (
	"regexp"
	"strings"
	"testing"
)

// run compiles config and validates request, returning the JSON result.
func run(t *testing.T, config, request string) string {
	t.Helper()
	s, err := CompileConfig([]byte(config))
	if err != nil {
		t.Fatalf("compile %s: %v", config, err)
	}
	out, err := s.ValidateJSON([]byte(request))
	if err != nil {
		t.Fatalf("validate %s: %v", request, err)
	}
	return string(out)
}

func TestSchemaEngine(t *testing.T) {
	tests := []struct {
		name, schema, request, want string
	}{
		{"valid email is sanitized into data",
			`{"email":{"in":["body"],"isEmail":true,"normalizeEmail":true}}`,
			`{"body":{"email":"Foo.Bar+x@GoogleMail.com"}}`,
			`{"errors":[],"data":{"email":"foobar@gmail.com"}}`},
		{"missing required field: value omitted, default message",
			`{"email":{"in":["body"],"isEmail":true}}`,
			`{"body":{}}`,
			`{"errors":[{"type":"field","msg":"Invalid value","path":"email","location":"body","code":"is_email"}],"data":{}}`},
		{"rule message wins over field message, field message over default",
			`{"a":{"in":["query"],"errorMessage":"field msg","isInt":true,"isLength":{"options":{"max":1},"errorMessage":"rule msg"}}}`,
			`{"query":{"a":"xy"}}`,
			`{"errors":[{"type":"field","value":"xy","msg":"field msg","path":"a","location":"query","code":"is_int"},{"type":"field","value":"xy","msg":"rule msg","path":"a","location":"query","code":"is_length","params":[{"max":1}]}],"data":{}}`},
		{"optional undefined skips absent but not null",
			`{"a":{"in":["body"],"optional":true,"isInt":true},"b":{"in":["body"],"optional":true,"isInt":true}}`,
			`{"body":{"b":null}}`,
			`{"errors":[{"type":"field","value":null,"msg":"Invalid value","path":"b","location":"body","code":"is_int"}],"data":{}}`},
		{"optional null skips null",
			`{"b":{"in":["body"],"optional":{"options":{"values":"null"}},"isInt":true}}`,
			`{"body":{"b":null}}`,
			`{"errors":[],"data":{}}`},
		{"optional falsy skips empty string and 0",
			`{"b":{"in":["body"],"optional":{"options":{"checkFalsy":true}},"isEmail":true},"c":{"in":["body"],"optional":{"options":{"values":"falsy"}},"isEmail":true}}`,
			`{"body":{"b":"","c":0}}`,
			`{"errors":[],"data":{}}`},
		{"numbers are stringified like JS",
			`{"n":{"in":["body"],"isInt":{"options":{"max":10}}},"f":{"in":["body"],"equals":{"options":"0.000001"}},"g":{"in":["body"],"equals":{"options":"1e+21"}}}`,
			`{"body":{"n":11,"f":1e-6,"g":1e21}}`,
			`{"errors":[{"type":"field","value":11,"msg":"Invalid value","path":"n","location":"body","code":"is_int","params":[{"max":10}]}],"data":{"f":0.000001,"g":1e+21}}`},
		{"arrays are validated item by item (parameter pollution)",
			`{"type":{"in":["query"],"isIn":{"options":[["new","old"]]}}}`,
			`{"query":{"type":["new","foo"]}}`,
			`{"errors":[{"type":"field","value":"foo","msg":"Invalid value","path":"type","location":"query","code":"is_in","params":[["new","old"]]}],"data":{}}`},
		{"objects stringify to [object Object]",
			`{"a":{"in":["body"],"isAlpha":true}}`,
			`{"body":{"a":{"x":1}}}`,
			`{"errors":[{"type":"field","value":{"x":1},"msg":"Invalid value","path":"a","location":"body","code":"is_alpha"}],"data":{}}`},
		{"wildcards select every element; errors name the concrete path",
			`{"items.*.name":{"in":["body"],"trim":true,"notEmpty":true}}`,
			`{"body":{"items":[{"name":" a "},{"name":"  "}]}}`,
			`{"errors":[{"type":"field","value":"","msg":"Invalid value","path":"items[1].name","location":"body","code":"not_empty"}],"data":{"items":[{"name":"a"}]}}`},
		{"wildcard over an empty array validates nothing",
			`{"items.*.name":{"in":["body"],"notEmpty":true}}`,
			`{"body":{"items":[]}}`,
			`{"errors":[],"data":{}}`},
		{"globstar reaches any depth",
			`{"**.id":{"in":["body"],"isInt":true}}`,
			`{"body":{"a":{"id":"1","b":{"id":"x"}}}}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"a.b.id","location":"body","code":"is_int"}],"data":{"a":{"id":"1"}}}`},
		{"quoted keys with dots",
			`{"sites[\"www.example.com\"]":{"in":["body"],"isURL":true}}`,
			`{"body":{"sites":{"www.example.com":"notaurl"}}}`,
			`{"errors":[{"type":"field","value":"notaurl","msg":"Invalid value","path":"sites[\"www.example.com\"]","location":"body","code":"is_url"}],"data":{}}`},
		{"bail stops the chain after the first failure",
			`{"a":{"in":["body"],"isInt":{"bail":true},"isLength":{"options":{"min":5}}}}`,
			`{"body":{"a":"x"}}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"a","location":"body","code":"is_int"}],"data":{}}`},
		{"request-level bail stops later fields",
			`{"a":{"in":["body"],"isInt":{"bail":{"level":"request"}}},"b":{"in":["body"],"isInt":true}}`,
			`{"body":{"a":"x","b":"y"}}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"a","location":"body","code":"is_int"}],"data":{}}`},
		{"if: the rule runs only when the condition chain passes",
			`{"other":{"in":["body"],"isEmail":{"if":{"field":"contact","in":["body"],"equals":{"options":"email"}}}}}`,
			`{"body":{"contact":"phone","other":"123"}}`,
			`{"errors":[],"data":{"other":"123"}}`},
		{"if: condition passes so the rule runs",
			`{"other":{"in":["body"],"isEmail":{"if":{"field":"contact","in":["body"],"equals":{"options":"email"}}}}}`,
			`{"body":{"contact":"email","other":"123"}}`,
			`{"errors":[{"type":"field","value":"123","msg":"Invalid value","path":"other","location":"body","code":"is_email"}],"data":{}}`},
		{"negated rule",
			`{"u":{"in":["body"],"contains":{"options":"admin","negated":true}}}`,
			`{"body":{"u":"superadmin"}}`,
			`{"errors":[{"type":"field","value":"superadmin","msg":"Invalid value","path":"u","location":"body","code":"not_contains","params":["admin"]}],"data":{}}`},
		{"exists variants and notEmpty",
			`{"a":{"in":["body"],"exists":true},"b":{"in":["body"],"exists":{"options":{"values":"null"}}},"c":{"in":["body"],"exists":{"options":{"checkFalsy":true}}}}`,
			`{"body":{"b":null,"c":""}}`,
			`{"errors":[{"type":"field","msg":"Invalid value","path":"a","location":"body","code":"exists"},{"type":"field","value":null,"msg":"Invalid value","path":"b","location":"body","code":"exists","params":[{"values":"null"}]},{"type":"field","value":"","msg":"Invalid value","path":"c","location":"body","code":"exists","params":[{"checkFalsy":true}]}],"data":{}}`},
		{"isArray bounds and isObject",
			`{"tags":{"in":["body"],"isArray":{"options":{"min":1,"max":2}}},"meta":{"in":["body"],"isObject":true}}`,
			`{"body":{"tags":["a","b","c"],"meta":[1]}}`,
			`{"errors":[{"type":"field","value":["a","b","c"],"msg":"Invalid value","path":"tags","location":"body","code":"is_array","params":[{"min":1,"max":2}]},{"type":"field","value":[1],"msg":"Invalid value","path":"meta","location":"body","code":"is_object"}],"data":{}}`},
		{"type coercion: toInt, toBoolean, toFloat, default, toArray",
			`{"n":{"in":["query"],"toInt":true},"b":{"in":["query"],"toBoolean":true},"f":{"in":["query"],"toFloat":true},"d":{"in":["query"],"default":{"options":"x"}},"t":{"in":["query"],"toArray":true}}`,
			`{"query":{"n":"42px","b":"false","f":"abc","t":"one"}}`,
			`{"errors":[],"data":{"n":42,"b":false,"f":null,"d":"x","t":["one"]}}`},
		{"isBoolean strict checks the JSON type",
			`{"a":{"in":["body"],"isBoolean":{"options":{"strict":true}}},"b":{"in":["body"],"isBoolean":true}}`,
			`{"body":{"a":"true","b":"true"}}`,
			`{"errors":[{"type":"field","value":"true","msg":"Invalid value","path":"a","location":"body","code":"is_boolean","params":[{"strict":true}]}],"data":{"b":"true"}}`},
		{"headers are matched case-insensitively (lower-cased paths)",
			`{"X-Api-Version":{"in":["headers"],"isInt":true}}`,
			`{"headers":{"x-api-version":"v2"}}`,
			`{"errors":[{"type":"field","value":"v2","msg":"Invalid value","path":"x-api-version","location":"headers","code":"is_int"}],"data":{}}`},
		{"several locations: the one holding the value is validated",
			`{"id":{"in":["params","query"],"isInt":true}}`,
			`{"params":{},"query":{"id":"x"}}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"id","location":"query","code":"is_int"}],"data":{}}`},
		{"secrets are redacted in errors",
			`{"password":{"in":["body"],"isStrongPassword":true},"user.apiToken":{"in":["body"],"isLength":{"options":{"min":10}}}}`,
			`{"body":{"password":"hunter2","user":{"apiToken":"abc"}}}`,
			`{"errors":[{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"password","location":"body","code":"is_strong_password"},{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"user.apiToken","location":"body","code":"is_length","params":[{"min":10}]}],"data":{}}`},
		{"secrets are redacted on wildcard and header paths too; an absent secret shows no value",
			`{"items.*.secret":{"in":["body"],"notEmpty":true},"X-Auth-Token":{"in":["headers"],"isInt":true},"password":{"in":["body"],"notEmpty":true},"name":{"in":["body"],"isInt":true}}`,
			`{"body":{"items":[{"secret":""}],"name":"x"},"headers":{"x-auth-token":"abc"}}`,
			`{"errors":[{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"items[0].secret","location":"body","code":"not_empty"},{"type":"field","value":"[REDACTED]","msg":"Invalid value","path":"x-auth-token","location":"headers","code":"is_int"},{"type":"field","msg":"Invalid value","path":"password","location":"body","code":"not_empty"},{"type":"field","value":"x","msg":"Invalid value","path":"name","location":"body","code":"is_int"}],"data":{}}`},
		{"showSecrets turns redaction off",
			`{"schema":{"password":{"in":["body"],"isLength":{"options":{"min":10}}}},"showSecrets":true}`,
			`{"body":{"password":"hunter2"}}`,
			`{"errors":[{"type":"field","value":"hunter2","msg":"Invalid value","path":"password","location":"body","code":"is_length","params":[{"min":10}]}],"data":{}}`},
		{"unknown fields: strip (default) keeps only schema fields",
			`{"a":{"in":["body"],"isInt":true}}`,
			`{"body":{"a":"1","admin":true}}`,
			`{"errors":[],"data":{"a":"1"}}`},
		{"unknown fields: allow passes them through",
			`{"schema":{"a":{"in":["body"],"isInt":true}},"unknown":"allow"}`,
			`{"body":{"a":"1","admin":true}}`,
			`{"errors":[],"data":{"a":"1","admin":true}}`},
		{"unknown fields: reject like checkExact",
			`{"schema":{"a":{"in":["body"],"isInt":true},"items.*.id":{"in":["body"]}},"unknown":"reject"}`,
			`{"body":{"a":"1","admin":true,"items":[{"id":1,"x":2}]},"query":{"q":"1"}}`,
			`{"errors":[{"type":"unknown_fields","msg":"Unknown field(s)","fields":[{"path":"admin","value":true,"location":"body"},{"path":"items[0].x","value":2,"location":"body"}],"code":"unknown_fields"}],"data":{"items":[{"id":1}],"a":"1"}}`},
		// The next four were found by the differential test against
		// express-validator 7.3.2 (tests/express-validator); expected
		// results are its output.
		{"unknown fields: when no chain uses a checked location, all of it is unknown",
			`{"schema":{"name":{"in":["body"],"notEmpty":true}},"unknown":"reject","unknownLocations":["query"],"unknownMessage":"nope"}`,
			`{"body":{"extra":1},"query":{"q":"1"}}`,
			`{"errors":[{"type":"field","msg":"Invalid value","path":"name","location":"body","code":"not_empty"},{"type":"unknown_fields","msg":"nope","fields":[{"path":"q","value":"1","location":"query"}],"code":"unknown_fields"}],"data":{}}`},
		{"unknown fields: locations in the order their chains finish",
			`{"schema":{"b":{"in":["body"],"trim":true,"isInt":true},"a":{"in":["query"],"isInt":true}},"unknown":"reject"}`,
			`{"body":{"b":"1","x":1},"query":{"a":"1","y":2}}`,
			`{"errors":[{"type":"unknown_fields","msg":"Unknown field(s)","fields":[{"path":"y","value":2,"location":"query"},{"path":"x","value":1,"location":"body"}],"code":"unknown_fields"}],"data":{"a":"1","b":"1"}}`},
		{"unknown fields: chains a request-level bail skipped are not known",
			`{"schema":{"a":{"in":["body"],"isInt":{"bail":{"level":"request"}}},"b":{"in":["body"]}},"unknown":"reject"}`,
			`{"body":{"a":"x","b":1}}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"a","location":"body","code":"is_int"},{"type":"unknown_fields","msg":"Unknown field(s)","fields":[{"path":"b","value":1,"location":"body"}],"code":"unknown_fields"}],"data":{}}`},
		{"unknown fields: nothing is unknown under a null (express-validator throws; difference 12)",
			`{"schema":{"g.h":{"in":["body"]}},"unknown":"reject"}`,
			`{"body":{"g":null,"x":1}}`,
			`{"errors":[{"type":"unknown_fields","msg":"Unknown field(s)","fields":[{"path":"x","value":1,"location":"body"}],"code":"unknown_fields"}],"data":{"g":{}}}`},
		{"notEmpty negated is notEmpty (not() only sets a flag)",
			`{"a":{"in":["body"],"notEmpty":{"negated":true}},"b":{"in":["body"],"notEmpty":{"negated":true}}}`,
			`{"body":{"a":"","b":"x"}}`,
			`{"errors":[{"type":"field","value":"","msg":"Invalid value","path":"a","location":"body","code":"not_empty"}],"data":{"b":"x"}}`},
		{"oneOf grouped: no group passes",
			`{"schema":{},"oneOf":[{"groups":[{"email":{"in":["body"],"isEmail":true}},{"phone":{"in":["body"],"isMobilePhone":{"options":"any"}}}],"message":"email or phone"}]}`,
			`{"body":{"email":"x","phone":"y"}}`,
			`{"errors":[{"type":"alternative_grouped","msg":"email or phone","code":"one_of","nestedErrors":[[{"type":"field","value":"x","msg":"Invalid value","path":"email","location":"body","code":"is_email"}],[{"type":"field","value":"y","msg":"Invalid value","path":"phone","location":"body","code":"is_mobile_phone","params":["any"]}]]}],"data":{}}`},
		{"oneOf: a passing group contributes data",
			`{"schema":{},"oneOf":[{"groups":[{"email":{"in":["body"],"isEmail":true}},{"phone":{"in":["body"],"isMobilePhone":{"options":"any"}}}],"errorType":"flat"}]}`,
			`{"body":{"email":"a@b.co","phone":"y"}}`,
			`{"errors":[],"data":{"email":"a@b.co"}}`},
		{"escape and blacklist sanitizers",
			`{"c":{"in":["body"],"escape":true},"d":{"in":["body"],"blacklist":{"options":"\\x00-\\x1F"}}}`,
			`{"body":{"c":"<b>\"hi\"</b>","d":"a\u0001b"}}`,
			`{"errors":[],"data":{"c":"&lt;b&gt;&quot;hi&quot;&lt;&#x2F;b&gt;","d":"ab"}}`},
		{"javascript: URLs are never URLs",
			`{"u":{"in":["body"],"isURL":{"options":{"require_valid_protocol":false}}}}`,
			`{"body":{"u":"javascript:alert(1);@example.com"}}`,
			`{"errors":[{"type":"field","value":"javascript:alert(1);@example.com","msg":"Invalid value","path":"u","location":"body","code":"is_url","params":[{"require_valid_protocol":false}]}],"data":{}}`},
		{"errorMessage may be any JSON value (i18n objects); falsy means none",
			`{"a":{"in":["body"],"errorMessage":0,"isInt":{"errorMessage":{"key":"int","n":1}}},"b":{"in":["body"],"errorMessage":["x"],"isInt":{"errorMessage":""}}}`,
			`{"body":{"a":"x","b":"y"}}`,
			`{"errors":[{"type":"field","value":"x","msg":{"key":"int","n":1},"path":"a","location":"body","code":"is_int"},{"type":"field","value":"y","msg":["x"],"path":"b","location":"body","code":"is_int"}],"data":{}}`},
		{"request data is never read as option encodings",
			`{"a":{"in":["body"],"isAlpha":true}}`,
			`{"body":{"a":{"$regexp":"x"}}}`,
			`{"errors":[{"type":"field","value":{"$regexp":"x"},"msg":"Invalid value","path":"a","location":"body","code":"is_alpha"}],"data":{}}`},
		{"top-level array body with wildcard",
			`{"*":{"in":["body"],"isInt":true}}`,
			`{"body":["1","x"]}`,
			`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"[1]","location":"body","code":"is_int"}],"data":{"0":"1"}}`},
		{"a chain with many errors (past failedFieldsScan) still leaves exactly the failed instances out of data",
			`{"items.*":{"in":["body"],"isInt":true}}`,
			`{"body":{"items":["1","a","b","c","d","e","f","g","h","i"]}}`,
			`{"errors":[{"type":"field","value":"a","msg":"Invalid value","path":"items[1]","location":"body","code":"is_int"},{"type":"field","value":"b","msg":"Invalid value","path":"items[2]","location":"body","code":"is_int"},{"type":"field","value":"c","msg":"Invalid value","path":"items[3]","location":"body","code":"is_int"},{"type":"field","value":"d","msg":"Invalid value","path":"items[4]","location":"body","code":"is_int"},{"type":"field","value":"e","msg":"Invalid value","path":"items[5]","location":"body","code":"is_int"},{"type":"field","value":"f","msg":"Invalid value","path":"items[6]","location":"body","code":"is_int"},{"type":"field","value":"g","msg":"Invalid value","path":"items[7]","location":"body","code":"is_int"},{"type":"field","value":"h","msg":"Invalid value","path":"items[8]","location":"body","code":"is_int"},{"type":"field","value":"i","msg":"Invalid value","path":"items[9]","location":"body","code":"is_int"}],"data":{"items":["1"]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := run(t, tc.schema, tc.request); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSchemaCompileErrors(t *testing.T) {
	tests := []struct{ schema, field, rule, reason string }{
		{`{"a":{"isEmial":true}}`, "a", "isEmial", CodeBadSchema},
		{`{"a":{"isLength":{"options":{"minimum":3}}}}`, "a", "isLength", CodeBadOption},
		{`{"a":{"in":["bodyy"],"isInt":true}}`, "a", "in", CodeBadSchema},
		{`{"a":{"isMobilePhone":{"options":"xx-XX"}}}`, "a", "isMobilePhone", CodeBadOption},
		{`{"a":{"matches":{"options":"(a)\\1"}}}`, "a", "matches", CodeBadOption},
		{`{"a":{"custom":{"options":"fn"}}}`, "a", "custom", CodeBadSchema},
		{`{"a":{"isInt":{"opts":{}}}}`, "a", "isInt", CodeBadOption},
		{`{"a":{"optional":{"options":{"values":"empty"}}}}`, "a", "optional", CodeBadSchema},
		{`{"a":"isInt"}`, "a", "", CodeBadSchema},
		{`{"**.a.**.b":{"isInt":true}}`, "**.a.**.b", "", CodeBadSchema},
	}
	for _, tc := range tests {
		_, err := CompileConfig([]byte(tc.schema))
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: got %v, want an *Error", tc.schema, err)
			continue
		}
		d, _ := e.Detail().(map[string]any)
		if e.Code() != tc.reason || d["field"] != tc.field || d["rule"] != tc.rule {
			t.Errorf("%s: got code %s detail %v (%v), want %s field %q rule %q", tc.schema, e.Code(), d, e, tc.reason, tc.field, tc.rule)
		}
		if !strings.Contains(e.Error(), tc.field) {
			t.Errorf("%s: message %q does not name the field", tc.schema, e.Error())
		}
	}
	for _, bad := range []string{`[]`, `{`, `{"schema":{},"unknown":"drop"}`, `{"schema":{},"oneOf":[{"groups":[]}]}`} {
		if _, err := CompileConfig([]byte(bad)); err == nil {
			t.Errorf("%s compiled", bad)
		}
	}
}

func TestRequestErrors(t *testing.T) {
	s, err := CompileConfig([]byte(`{"a":{"isInt":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`[]`, `{"bdy":{}}`, `{"body":`, `{"body":{}} x`} {
		_, err := s.ValidateJSON([]byte(bad))
		if e, ok := err.(*Error); !ok || e.Code() != CodeBadRequest {
			t.Errorf("%s: got %v, want bad_request", bad, err)
		}
	}
}

// TestValidateDoesNotMutate checks that sanitizers work on a copy.
func TestValidateDoesNotMutate(t *testing.T) {
	s, _ := CompileConfig([]byte(`{"a":{"in":["body"],"trim":true}}`))
	body := NewObject()
	body.Set("a", " x ")
	res := s.Validate(Request{Body: body})
	if v, _ := body.Get("a"); v != " x " {
		t.Errorf("request mutated: %q", v)
	}
	if v, _ := res.Data.Get("a"); v != "x" {
		t.Errorf("data = %v", v)
	}
}

// TestConcurrentValidate runs one compiled schema from many goroutines (run
// it with -race): compiled schemas and the lazily compiled tables are shared.
func TestConcurrentValidate(t *testing.T) {
	form := loadSignup(t)
	s, err := CompileConfig(form.Schema)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.ValidateJSON(form.Invalid)
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 50; i++ {
				got, _ := s.ValidateJSON(form.Invalid)
				if string(got) != string(want) {
					done <- string(got)
					return
				}
			}
			done <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-done; got != "" {
			t.Errorf("concurrent result differs:\n%s\n%s", got, want)
		}
	}
}

// TestGoRequestValues validates Go-native request values: url.Values-style
// query, canonical-case http.Header-style headers.
func TestGoRequestValues(t *testing.T) {
	s, err := CompileConfig([]byte(`{"q":{"in":["query"],"isInt":true,"toInt":true},"X-Trace-Id":{"in":["headers"],"isUUID":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	type header map[string][]string // like http.Header: a named map type
	res := s.Validate(Request{
		Query:   map[string][]string{"q": {"7"}},
		Headers: header{"X-Trace-Id": {"not-a-uuid"}},
	})
	out, _ := res.MarshalJSON()
	want := `{"errors":[{"type":"field","value":"not-a-uuid","msg":"Invalid value","path":"x-trace-id","location":"headers","code":"is_uuid"}],"data":{"q":7}}`
	if string(out) != want {
		t.Errorf("\n got %s\nwant %s", out, want)
	}
}

// TestLooksSecret checks the hand-written secret-name test against the
// case-insensitive pattern it replaced (kept here as the oracle).
func TestLooksSecret(t *testing.T) {
	oracle := regexp.MustCompile(`(?i)pass(word|wd|phrase)|^pwd$|secret|token|auth|cookie|api[-_]?key|private[-_]?key|session|cvv|cvc`)
	names := []string{"password", "Password", "PASSWD", "newPassphrase", "pwd", "PWD", "pwds", "xpwd", "client_secret",
		"accessToken", "authorization", "Cookie", "apiKey", "api-key", "API_KEY", "apikeys", "api.key", "privateKey",
		"private-key", "private_key", "sessionId", "cvv", "CVC2", "email", "name", "pass", "passw0rd", "tok", "aut",
		"to\u212Aen", "pa\u017Fsword", "ſecret", "SESSİON", "ａuth", "", "0", "items", "x-auth-token"}
	for _, n := range names {
		if got, want := looksSecret([]string{n}), oracle.MatchString(n); got != want {
			t.Errorf("looksSecret(%q) = %v, want %v", n, got, want)
		}
	}
	if !looksSecret([]string{"user", "credentials", "password"}) || looksSecret([]string{"user", "name"}) {
		t.Error("any segment of a path decides")
	}
}
