package validate

import (
	"fmt"
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

// signupSchema is the 10-field sign-up form of the benchmark.
const signupSchema = `{
 "email":{"in":["body"],"trim":true,"isEmail":true,"normalizeEmail":true},
 "password":{"in":["body"],"isStrongPassword":true},
 "confirm":{"in":["body"],"notEmpty":true},
 "name":{"in":["body"],"trim":true,"isLength":{"options":{"min":1,"max":80}},"escape":true},
 "username":{"in":["body"],"isAlphanumeric":true,"isLength":{"options":{"min":3,"max":20}}},
 "age":{"in":["body"],"optional":true,"isInt":{"options":{"min":13,"max":130}},"toInt":true},
 "phone":{"in":["body"],"optional":true,"isMobilePhone":{"options":"any"}},
 "website":{"in":["body"],"optional":{"options":{"values":"falsy"}},"isURL":true},
 "country":{"in":["body"],"isISO31661Alpha2":true},
 "terms":{"in":["body"],"isBoolean":true,"toBoolean":true}
}`

const signupRequest = `{"body":{"email":" Ada.Lovelace@Example.com ","password":"C0rrect-Horse-Battery","confirm":"C0rrect-Horse-Battery",
 "name":"Ada <Lovelace>","username":"ada1815","age":"36","phone":"+447911123456","website":"https://ada.dev","country":"GB","terms":"true"}}`

func BenchmarkSignupSchema(b *testing.B) {
	s, err := CompileConfig([]byte(signupSchema))
	if err != nil {
		b.Fatal(err)
	}
	req := []byte(signupRequest)
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ValidateJSON(req); err != nil {
			b.Fatal(err)
		}
	}
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
