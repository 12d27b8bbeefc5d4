package validate

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func benchValidator(b *testing.B, name, in string, args ...any) {
	f, err := Compile(name, args...)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		f(in)
	}
}

func BenchmarkIsEmail(b *testing.B) { benchValidator(b, "isEmail", "ada.lovelace@example.co.uk") }
func BenchmarkIsURL(b *testing.B) {
	benchValidator(b, "isURL", "https://user@example.com:8080/a/b?c=d#e")
}
func BenchmarkIsUUID(b *testing.B) {
	benchValidator(b, "isUUID", "9deb20fe-a6e0-455c-81ea-288b009e4f6d")
}
func BenchmarkIsIP(b *testing.B)     { benchValidator(b, "isIP", "2001:db8::8a2e:370:7334") }
func BenchmarkISO8601(b *testing.B)  { benchValidator(b, "isISO8601", "2009-05-19T14:39:22.123+01:00") }
func BenchmarkIsStrong(b *testing.B) { benchValidator(b, "isStrongPassword", "C0rrect-Horse-Battery") }
func BenchmarkMobileAny(b *testing.B) {
	benchValidator(b, "isMobilePhone", "+447911123456", "any")
}

// BenchmarkLargeInputs measures the validators whose validator.js originals
// were ReDoS-prone on 1 MB adversarial inputs: time must grow linearly.
func BenchmarkLargeInputs(b *testing.B) {
	const n = 1 << 20
	for _, tc := range []struct {
		name string
		args []any
		in   string
	}{
		{"isSlug", nil, strings.Repeat("a-", n/2) + "-"},
		{"isEmail-display", []any{map[string]any{"allow_display_name": true}}, strings.Repeat("a ", n/2) + "<"},
		{"isHSL", nil, "hsl(" + strings.Repeat(" ", n) + ")"},
		{"rtrim", nil, "a" + strings.Repeat(" ", n)},
		{"isURL", nil, "http://" + strings.Repeat("a", n)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			name := strings.SplitN(tc.name, "-", 2)[0]
			if name == "rtrim" {
				f, _ := CompileSanitizer(name)
				b.SetBytes(n)
				for b.Loop() {
					f(tc.in)
				}
				return
			}
			benchValidator(b, name, tc.in, tc.args...)
		})
	}
}

// signupForm is the 10-field sign-up form: its schema, a request that
// passes and one that fails most fields (testdata/signup.json, shared with
// the host and Node benchmarks).
type signupForm struct {
	Schema  json.RawMessage `json:"schema"`
	Valid   json.RawMessage `json:"valid"`
	Invalid json.RawMessage `json:"invalid"`
}

func loadSignup(tb testing.TB) signupForm {
	tb.Helper()
	raw, err := os.ReadFile("testdata/signup.json")
	if err != nil {
		tb.Fatal(err)
	}
	var f signupForm
	if err := json.Unmarshal(raw, &f); err != nil {
		tb.Fatal(err)
	}
	return f
}

func BenchmarkSignupSchema(b *testing.B) {
	form := loadSignup(b)
	s, err := CompileConfig(form.Schema)
	if err != nil {
		b.Fatal(err)
	}
	benchValidateJSON(b, s, []namedRequest{{"valid", form.Valid}, {"invalid", form.Invalid}})
}

// ruleArgs are the arguments a rule needs to compile in the every-rule
// benchmarks and tests.
var ruleArgs = map[string][]any{"contains": {"a"}, "equals": {"a"}, "isHash": {"md5"}, "isIn": {[]any{"a"}},
	"matches": {"a+$"}, "isDivisibleBy": {2.0}, "isPostalCode": {"any"}, "isLicensePlate": {"any"},
	"isPassportNumber": {"US"}, "isVAT": {"GB"}, "isWhitelisted": {"abc"}, "isIdentityCard": {"any"},
	"isTaxID": {"en-US"}, "isMobilePhone": {"any"}}

// BenchmarkEveryValidator1MB runs every validator on 1 MB inputs shaped to
// reach deep into typical patterns: compare with -benchtime against the
// 256 KB variant to see that time grows linearly.
func BenchmarkEveryValidator1MB(b *testing.B) {
	for _, size := range []int{1 << 18, 1 << 20} {
		inputs := map[string]string{
			"letters": strings.Repeat("a", size),
			"digits":  strings.Repeat("1", size),
			"dashes":  strings.Repeat("a-", size/2),
			"dotted":  strings.Repeat("a.", size/2) + "com",
			"spaces":  "a" + strings.Repeat(" ", size) + "a",
		}
		for _, name := range Validators() {
			f, err := Compile(name, ruleArgs[name]...)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%dKB", name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(5 * size))
				for b.Loop() {
					for _, in := range inputs {
						f(in)
					}
				}
			})
		}
	}
}

// BenchmarkSignupSchemaExpressRequest validates the valid sign-up body sent
// as an Express adapter sends it: all five locations (Node's headers with an
// RS256 bearer token, empty query and params) against only the locations
// Schema.Locations reports (here the body), the difference being what the
// JS adapter saves per request by asking the module which locations it reads.
func BenchmarkSignupSchemaExpressRequest(b *testing.B) {
	form := loadSignup(b)
	s, err := CompileConfig(form.Schema)
	if err != nil {
		b.Fatal(err)
	}
	var valid struct{ Body json.RawMessage }
	if err := json.Unmarshal(form.Valid, &valid); err != nil {
		b.Fatal(err)
	}
	token := "Bearer " + strings.Repeat("eyJhbGciOiJSUzI1NiJ9", 25) // the length of an RS256 token
	all, err := json.Marshal(map[string]any{"body": valid.Body, "query": struct{}{}, "params": struct{}{},
		"headers": map[string]string{"host": "127.0.0.1:8080", "content-type": "application/json",
			"content-length": "263", "authorization": token, "user-agent": "wrk"}})
	if err != nil {
		b.Fatal(err)
	}
	if got := s.Locations(); len(got) != 1 || got[0] != "body" {
		b.Fatalf("Locations() = %q, want [body]", got)
	}
	benchValidateJSON(b, s, []namedRequest{{"all-locations", all}, {"schema-locations", form.Valid}})
}

// namedRequest is a sub-benchmark's name and its ValidateJSON input.
type namedRequest struct {
	name string
	req  []byte
}

// benchValidateJSON runs s.ValidateJSON on each request as a sub-benchmark.
func benchValidateJSON(b *testing.B, s *Schema, reqs []namedRequest) {
	for _, r := range reqs {
		b.Run(r.name, func(b *testing.B) {
			b.SetBytes(int64(len(r.req)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ValidateJSON(r.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
