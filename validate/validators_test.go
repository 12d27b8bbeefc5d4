package validate

import (
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// check compiles name with args and reports its verdict on s.
func check(t testing.TB, name string, s string, args ...any) bool {
	t.Helper()
	f, err := Compile(name, args...)
	if err != nil {
		t.Fatalf("Compile(%s, %v): %v", name, args, err)
	}
	return f(s)
}

func TestValidators(t *testing.T) {
	obj := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		args []any
		in   string
		want bool
	}{
		// Hand-written replacements for look-ahead / back-reference patterns.
		{"isSlug", nil, "my-slug_1", true},
		{"isSlug", nil, "my--slug", false},
		{"isSlug", nil, "my-_slug", false},
		{"isSlug", nil, "-slug", false},
		{"isMobilePhone", []any{"el-GR"}, "6944567890", true},
		{"isMobilePhone", []any{"el-GR"}, "6924567890", false},
		{"isMobilePhone", []any{"el-GR"}, "6964567890", false},
		{"isPostalCode", []any{"IE"}, "A65 F4E2", true},
		{"isPostalCode", []any{"IE"}, "A65 F4O2", false},
		{"isPostalCode", []any{"IN"}, "364240", true},
		{"isPostalCode", []any{"IN"}, "101234", false},
		{"isPostalCode", []any{"IR"}, "4351666456", true},
		{"isPostalCode", []any{"IR"}, "3333666456", false},
		{"isPostalCode", []any{"NL"}, "1012 AB", true},
		{"isPostalCode", []any{"NL"}, "1012 SA", false},
		{"isPassportNumber", []any{"CN"}, "EA1234567", true},
		{"isPassportNumber", []any{"CN"}, "EI1234567", false},
		{"isLicensePlate", []any{"hu-HU"}, "AAB-123", true},
		{"isLicensePlate", []any{"hu-HU"}, "AAA-123", false},
		{"isLicensePlate", []any{"hu-HU"}, "ABC-000", false},
		{"isLicensePlate", []any{"fi-FI"}, "ABC-123", true},
		{"isLicensePlate", []any{"fi-FI"}, "A1", false},
		{"isMACAddress", nil, "01:02:03:04:05:ab", true},
		{"isMACAddress", nil, "01:02-03:04:05:ab", false},
		{"isMACAddress", []any{obj("eui", "64")}, "01 02 03 04 05 06 07 ab", true},
		{"isAbaRouting", nil, "322070381", true},
		{"isAbaRouting", nil, "202070381", false},
		{"isISO8601", nil, "2009-05-19T14:39:22.5+01:00", true},
		{"isISO8601", nil, "2009-05-1914:39", false},
		{"isISO8601", nil, "200905", false},
		{"isISO8601", nil, "2009-05-19T14:39:22", true},
		{"isISO8601", nil, "2009-05-19T1439:22", false}, // mixed time separators (\17)
		{"isISO8601", nil, "20090519", true},
		{"isISO8601", nil, "2009-0519", false}, // mixed date separators (\3)
		{"isISO8601", []any{obj("strict", true)}, "2009-02-29", false},
		{"isCurrency", nil, "$10,123.45", true},
		{"isCurrency", nil, "- $10", false},
		{"isCurrency", nil, "$", false},
		{"isCurrency", []any{obj("allow_space_after_digits", true, "symbol_after_digits", true, "symbol", "€")}, "10 €", true},
		{"isCurrency", []any{obj("allow_space_after_digits", true, "symbol_after_digits", true, "require_symbol", false)}, "10 ", false},
		// Common validators.
		{"isEmail", nil, "foo@bar.com", true},
		{"isEmail", nil, "foo@bar", false},
		{"isEmail", []any{obj("allow_display_name", true)}, "Foo <foo@bar.com>", true},
		{"isEmail", nil, strings.Repeat("a", 65) + "@bar.com", false},
		{"isURL", nil, "https://example.com/a?b#c", true},
		{"isURL", nil, "javascript:alert(1)", false},
		{"isURL", []any{obj("require_valid_protocol", false)}, "javascript:alert(1)", false},
		{"isURL", []any{obj("require_valid_protocol", false)}, "javascript://example.com/%0aalert(1)", false},
		{"isURL", []any{obj("protocols", []any{"javascript"})}, "javascript://example.com", true},
		{"isURL", []any{obj("require_valid_protocol", false)}, "gopher://example.com", true},
		{"isIP", nil, "::ffff:127.0.0.1", true},
		{"isIP", []any{4.0}, "::1", false},
		{"isUUID", []any{"4"}, "9deb20fe-a6e0-455c-81ea-288b009e4f6d", true},
		{"isUUID", nil, "9deb20fe-a6e0-955c-81ea-288b009e4f6d", false},
		{"isInt", []any{obj("min", 1, "max", 10)}, "10", true},
		{"isInt", []any{obj("allow_leading_zeroes", false)}, "01", false},
		{"isFloat", []any{obj("locale", "de-DE")}, "1,5", true},
		{"isNumeric", nil, "-.5", true},
		{"isAlpha", []any{"de-DE"}, "Straße", true},
		{"isAlpha", []any{"en-US", obj("ignore", " -")}, "foo bar-baz", true},
		{"isAlphanumeric", nil, "abc123", true},
		{"isLength", []any{obj("min", 2, "max", 3)}, "𝔊𝔊", true}, // one surrogate pair counts once
		{"isStrongPassword", nil, "Aa1!aaaa", true},
		{"isStrongPassword", nil, "password", false},
		{"isJWT", nil, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", true},
		{"isJWT", nil, "a.b", false},
		{"isBase64", nil, "Zm9vYg==", true},
		{"isBase64", nil, "Zm9vYg=", false},
		{"isHexadecimal", nil, "0xdeadBEEF", true},
		{"isJSON", nil, `{"a":1}`, true},
		{"isJSON", nil, `1`, false},
		{"isJSON", []any{obj("allow_any_value", true)}, `1`, true},
		{"isIn", []any{[]any{"a", 1.0}}, "1", true},
		{"matches", []any{"b+", "y"}, "abb", false}, // sticky: anchored at index 0
		{"matches", []any{"b+", "gi"}, "aBb", true},
		{"matches", []any{RegExp{Source: "^a.c$", Flags: "s"}}, "a\nc", true},
		{"isBoolean", []any{obj("loose", true)}, "Yes", true},
		{"isIBAN", nil, "GB82 WEST 1234 5698 7654 32", true},
		{"isIBAN", nil, "GB82 WEST 1234 5698 7654 33", false},
		{"isCreditCard", nil, "4111 1111 1111 1111", true},
		{"isCreditCard", nil, "4111 1111 1111 1112", false},
		{"isFQDN", nil, "example.co.uk", true},
		{"isFQDN", nil, "example", false},
		{"isPort", nil, "65535", true},
		{"isPort", nil, "65536", false},
		{"isSemVer", nil, "1.2.3-rc.1+build.5", true},
		{"isHexColor", nil, "#abc", true},
		{"isDate", nil, "2024/02/29", true},
		{"isDate", nil, "2023/02/29", false},
		{"isRFC3339", nil, "2020-01-01T00:00:00Z", true},
		{"isAfter", []any{obj("comparisonDate", "2020-01-01")}, "2021-01-01", true},
		{"isBefore", []any{"2020-01-01"}, "Thu Jan 01 1970 00:00:00 GMT+0000", true},
		{"isVAT", []any{"PT"}, "PT501964843", true},
		{"isVAT", []any{"PT"}, "PT501964842", false},
	}
	for _, tc := range tests {
		if got := check(t, tc.name, tc.in, tc.args...); got != tc.want {
			t.Errorf("%s(%q, %v) = %v, want %v", tc.name, tc.in, tc.args, got, tc.want)
		}
	}
}

func TestSanitizers(t *testing.T) {
	tests := []struct {
		name string
		args []any
		in   string
		want any
	}{
		{"trim", nil, "\u00a0 x \t", "x"},
		{"ltrim", []any{"01"}, "0102", "2"},
		{"escape", nil, `<a href="x">'&'</a>`, "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;&#x2F;a&gt;"},
		{"unescape", nil, "&amp;lt;", "&lt;"},
		{"stripLow", []any{true}, "a\x00\nb", "a\nb"},
		{"whitelist", []any{"a-c"}, "abcdef", "abc"},
		{"toInt", nil, "  12abc", 12.0},
		{"toInt", []any{16.0}, "ff", 255.0},
		{"toBoolean", []any{true}, "yes", false},
		{"toBoolean", nil, "yes", true},
		{"normalizeEmail", nil, "Some.One+tag@GMAIL.com", "someone@gmail.com"},
		{"normalizeEmail", nil, "+tag@gmail.com", false},
	}
	for _, tc := range tests {
		f, err := CompileSanitizer(tc.name, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := f(tc.in); got != tc.want {
			t.Errorf("%s(%q) = %#v, want %#v", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{0: "0", 1: "1", -1.5: "-1.5", 1e21: "1e+21", 1e20: "100000000000000000000",
		1e-6: "0.000001", 1e-7: "1e-7", 123456789.125: "123456789.125", 0.30000000000000004: "0.30000000000000004",
		-42: "-42", 130: "130", 1e15: "1000000000000000", 9007199254740991: "9007199254740991",
		-9007199254740991: "-9007199254740991", 9007199254740992: "9007199254740992", 1e300: "1e+300"} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestParsePath(t *testing.T) {
	for in, want := range map[string]string{
		"a.b":          "a|b",
		"a[0].b":       "a|0|b",
		`a["b.c"].d`:   "a|b.c|d",
		"items.*.name": "items|*|name",
		"[1]":          "1",
		"a.":           "a|",
		`x['y'][2][z]`: "x|y|2|z",
	} {
		segs, err := parsePath(in)
		if err != nil || strings.Join(segs, "|") != want {
			t.Errorf("parsePath(%q) = %q, %v; want %q", in, segs, err, want)
		}
	}
	if _, err := parsePath("a[0"); err == nil {
		t.Error("unclosed bracket accepted")
	}
}

// TestLargeInputs feeds 1 MB adversarial strings to the validators whose
// validator.js originals were ReDoS-prone or that scan the whole input, and
// checks the verdicts (speed itself is measured by BenchmarkLargeInputs).
func TestLargeInputs(t *testing.T) {
	const n = 1 << 20
	tests := []struct {
		name string
		args []any
		in   string
		want bool
	}{
		{"isSlug", nil, strings.Repeat("a-", n/2) + "a", true},
		{"isSlug", nil, strings.Repeat("a-", n/2) + "-", false},
		{"isEmail", nil, strings.Repeat("a", n) + "@x.com", false},
		{"isEmail", []any{map[string]any{"allow_display_name": true}}, strings.Repeat("a ", n/2) + "<", false},
		{"isURL", nil, "http://" + strings.Repeat("a.", n/2) + "com", false},
		{"isHSL", nil, "hsl(" + strings.Repeat(" ", n) + "1,1%,1%)", true},
		{"isISO8601", nil, "2020-01-01T00:00:00." + strings.Repeat("1", n), true},
		{"isCurrency", nil, strings.Repeat("1", n) + ".", false},
		{"isMobilePhone", []any{"any"}, strings.Repeat("1", n), false},
		{"isLength", []any{map[string]any{"max": float64(n)}}, strings.Repeat("é", n), true},
		{"isAlpha", nil, strings.Repeat("a", n) + "1", false},
		{"matches", []any{"(a+)+$"}, strings.Repeat("a", n) + "!", false},
	}
	for _, tc := range tests {
		if got := check(t, tc.name, tc.in, tc.args...); got != tc.want {
			t.Errorf("%s(1 MB) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestEveryRuleCompiles makes sure that every registered validator compiles
// with its documented default arguments and every generated pattern is valid
// RE2, so a broken table entry cannot hide until a locale is first used.
func TestEveryRuleCompiles(t *testing.T) {
	for _, name := range Validators() {
		f, err := Compile(name, ruleArgs[name]...)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		f("x")
	}
	for _, table := range []map[string]matcher{mobilePhones(), postalCodes(), passportNumbers(), licensePlates(), vatNumbers(),
		alphaLocales(), alphanumericLocales(), ibanPatterns()} {
		for _, m := range table {
			if l, ok := m.(*lazyRE); ok {
				l.compiled()
			}
			m.MatchString("12345")
		}
	}
}

func TestLengthBounds(t *testing.T) {
	inf := math.MaxInt
	for src, want := range map[string][2]int{
		`^\d{5}$`:              {5, 5},
		`^(\+?44|0)7\d{9}$`:    {11, 13},
		`^a|b$`:                {0, inf}, // not anchored at both ends: matches substrings
		`(?i)^x+$`:             {1, inf},
		`^(AB)?\d{2,4}( \d)?$`: {2, 8},
		`^ab$|^[a-z]{3,}$`:     {2, inf},
		`^` + "é" + `\s?$`:     {1, 2},
	} {
		lo, hi := lengthBounds(src)
		if lo != want[0] || hi != want[1] {
			t.Errorf("lengthBounds(%s) = %d, %d; want %v", src, lo, hi, want)
		}
	}
}

// TestHandWrittenCharsets checks the loops that replaced validator.js's
// e-mail local-part and TLD patterns against those patterns written for
// RE2 with JavaScript's /i semantics (without /u only ASCII letters fold, so
// ſ and the Kelvin sign are not letters), on listed and random strings.
func TestHandWrittenCharsets(t *testing.T) {
	const sym = "!#$%&'*+\\-/=?^_`{|}~"
	user := regexp.MustCompile("^[a-zA-Z0-9" + sym + "]+$")
	userUTF8 := regexp.MustCompile("^[a-zA-Z0-9" + sym + `\x{A1}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]+$`)
	tld := regexp.MustCompile(`^([a-zA-Z\x{A1}-\x{A8}\x{AA}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]{2,}|[xX][nN][a-zA-Z0-9-]{2,})$`)
	inputs := []string{"", "a", "ab", "Ada", "a.b", "a b", "x+y", "o'neil", "a\"b", "ſ", "\u212A", "é", "日本", "xn--p1ai", "XN--P1AI",
		"xn-", "xn--", "com", "c0m", "123", "\u00A0a", "\u00A9a", "a\ufffd", "a\xff", "😀", "\uFDD0a", "\uFFEFx", "a@b", "[x]", "`{|}~"}
	alphabet := []rune("aZ09.-_!`{~ \"@[éſ\u212A\u00A9\uFDD0😀xXnN")
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		b := make([]rune, rnd.IntN(6))
		for j := range b {
			b[j] = alphabet[rnd.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if got, want := isEmailUserPart(s, false), user.MatchString(s); got != want {
			t.Errorf("isEmailUserPart(%q, false) = %v, want %v", s, got, want)
		}
		if got, want := isEmailUserPart(s, true), userUTF8.MatchString(s); got != want {
			t.Errorf("isEmailUserPart(%q, true) = %v, want %v", s, got, want)
		}
		if got, want := isTLD(s), tld.MatchString(s); got != want {
			t.Errorf("isTLD(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFirstOf checks the first-byte analysis that lets isAnyOf skip locale
// patterns: exact sets where it is sure, nil where it cannot be.
func TestFirstOf(t *testing.T) {
	for _, c := range []struct {
		src, first string // first: the ASCII bytes; "+" suffix "…" means non-ASCII too; "nil" for no filter
	}{
		{`^(\+?44|0)7\d{9}$`, "+04"},
		{`^(\+?1)?[2-9]\d{2}$`, "+123456789"},
		{`^[A-Z]{2}\d$`, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{`(?i)^k\d$`, "Kk…"}, // the Kelvin sign folds to k
		{`^(a|b?c)x$`, "abc"},
		{`^a{0,2}b$`, "ab"},
		{`^(é|z)$`, "z…"},
		{`^a*$`, "nil"},  // can match empty
		{`^.x$`, "nil"},  // any character
		{`ab$`, "nil"},   // not anchored at the start
		{`^a|b$`, "nil"}, // not anchored at both ends in every branch
	} {
		f, _ := firstOf(c.src)
		got := "nil"
		if f != nil {
			got = ""
			for b := 0; b < 128; b++ {
				if f.ascii[b] {
					got += string(rune(b))
				}
			}
			if f.nonASCII {
				got += "…"
			}
		}
		if got != c.first {
			t.Errorf("firstOf(%q) = %q, want %q", c.src, got, c.first)
		}
	}
	// What may follow the first byte (the derivative's first bytes).
	_, second := firstOf(`^(\+?44|0)7\d{9}$`)
	for b, want := range map[byte]string{'+': "4", '4': "4", '0': "7"} {
		got := ""
		for c := 0; c < 128; c++ {
			if second[b] != nil && second[b].ascii[c] {
				got += string(rune(c))
			}
		}
		if got != want {
			t.Errorf("after %q: %q, want %q", b, got, want)
		}
	}
	// Every locale's own pattern still accepts the numbers the 'any' locale
	// accepted before the filter: a sample per table.
	for _, s := range []string{"+447911123456", "07911123456", "+14155552671", "+8613800138000", "+33612345678"} {
		if !check(t, "isMobilePhone", s, "any") {
			t.Errorf("isMobilePhone(%q, any) = false", s)
		}
	}
}

// TestNumberScanners checks the scanners that replaced validator.js's int
// patterns and the JavaScript decimal-literal pattern against those patterns.
func TestNumberScanners(t *testing.T) {
	lenient := regexp.MustCompile(`^[-+]?[0-9]+$`)
	strict := regexp.MustCompile(`^(?:[-+]?(?:0|[1-9][0-9]*))$`)
	decimal := regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	inputs := []string{"", "0", "00", "01", "10", "+", "-", "+0", "-01", "1.", ".", ".5", "1.5", "1e", "1e5", "1E+5", "1e-", ".e1",
		"+.5e-3", "--1", "1 ", " 1", "١", "1x", "0x10", "Infinity"}
	alphabet := []byte("0123456789+-.eE x")
	rnd := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		b := make([]byte, rnd.IntN(7))
		for j := range b {
			b[j] = alphabet[rnd.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		if got, want := isIntText(s, true), lenient.MatchString(s); got != want {
			t.Errorf("isIntText(%q, true) = %v, want %v", s, got, want)
		}
		if got, want := isIntText(s, false), strict.MatchString(s); got != want {
			t.Errorf("isIntText(%q, false) = %v, want %v", s, got, want)
		}
		if got, want := isJSDecimalLiteral(s), decimal.MatchString(s); got != want {
			t.Errorf("isJSDecimalLiteral(%q) = %v, want %v", s, got, want)
		}
	}
}
