package validate

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Number-shape validators.

func init() {
	registerValidators(map[string]compileFunc{
		"isInt":         compileIsInt,
		"isFloat":       compileIsFloat,
		"isNumeric":     compileIsNumeric,
		"isDecimal":     compileIsDecimal,
		"isDivisibleBy": compileDivisibleBy,
		"isPort":        plain(isPort),
		"isLatLong":     compileLatLong,
		"isCurrency":    compileCurrency,
	})
}

// numRange is the {min, max, gt, lt} option set of isInt and isFloat.
type numRange struct {
	min, max, gt, lt             float64
	hasMin, hasMax, hasGt, hasLt bool
}

func readRange(o opts) (numRange, error) {
	var r numRange
	var err error
	if r.min, r.hasMin, err = o.num("min"); err != nil {
		return r, err
	}
	if r.max, r.hasMax, err = o.num("max"); err != nil {
		return r, err
	}
	if r.gt, r.hasGt, err = o.num("gt"); err != nil {
		return r, err
	}
	r.lt, r.hasLt, err = o.num("lt")
	return r, err
}

// contains mirrors JS comparisons: any comparison with NaN is false.
func (r numRange) contains(v float64) bool {
	return (!r.hasMin || v >= r.min) && (!r.hasMax || v <= r.max) &&
		(!r.hasGt || v > r.gt) && (!r.hasLt || v < r.lt)
}

func compileIsInt(a args) (Func, error) {
	o, err := a.opts(0, "min", "max", "gt", "lt", "allow_leading_zeroes")
	if err != nil {
		return nil, err
	}
	r, err := readRange(o)
	if err != nil {
		return nil, err
	}
	leadingZeroes := true
	if v, ok := o.get("allow_leading_zeroes"); ok && v == false {
		leadingZeroes = false
	}
	return func(s string) bool {
		return isIntText(s, leadingZeroes) && r.contains(jsStringToNumber(s))
	}, nil
}

// isIntText is validator.js's int pattern: /^[-+]?[0-9]+$/, or without
// leading zeroes /^(?:[-+]?(?:0|[1-9][0-9]*))$/. A loop: isInt is one of the
// most used rules.
func isIntText(s string, leadingZeroes bool) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" || (!leadingZeroes && len(s) > 1 && s[0] == '0') {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func isPort(s string) bool {
	if !isIntText(s, false) {
		return false
	}
	n := jsStringToNumber(s)
	return n >= 0 && n <= 65535
}

// localeSeparator returns the decimal separator of locale ("" = '.').
func localeSeparator(locale string) (string, error) {
	if locale == "" {
		return ".", nil
	}
	sep, ok := decimalSeparators()[locale]
	if !ok {
		return "", optErr("invalid locale %q", locale)
	}
	return sep, nil
}

func compileIsFloat(a args) (Func, error) {
	o, err := a.opts(0, "min", "max", "gt", "lt", "locale")
	if err != nil {
		return nil, err
	}
	r, err := readRange(o)
	if err != nil {
		return nil, err
	}
	sep, err := localeSeparator(o.str("locale", ""))
	if err != nil {
		return nil, err
	}
	shape := regexp.MustCompile(`^(?:[-+])?(?:[0-9]+)?(?:` + regexp.QuoteMeta(sep) + `[0-9]*)?(?:[eE][\+\-]?(?:[0-9]+))?$`)
	return func(s string) bool {
		switch s {
		case "", ".", ",", "-", "+":
			return false
		}
		return shape.MatchString(s) && r.contains(jsParseFloat(strings.Replace(s, ",", ".", 1)))
	}, nil
}

var numericNoSymbols = re(`^[0-9]+$`)

func compileIsNumeric(a args) (Func, error) {
	o, err := a.opts(0, "no_symbols", "locale")
	if err != nil {
		return nil, err
	}
	if o.flag("no_symbols", false) {
		return numericNoSymbols.MatchString, nil
	}
	sep, err := localeSeparator(o.str("locale", ""))
	if err != nil {
		return nil, err
	}
	return regexp.MustCompile(`^[+-]?([0-9]*[` + regexp.QuoteMeta(sep) + `])?[0-9]+$`).MatchString, nil
}

var decimalDigitsSpec = re(`^\d+(,\d*)?$`)

func compileIsDecimal(a args) (Func, error) {
	o, err := a.opts(0, "force_decimal", "decimal_digits", "locale")
	if err != nil {
		return nil, err
	}
	locale := o.str("locale", "en-US")
	sep, ok := decimalSeparators()[locale]
	if !ok {
		return nil, optErr("invalid locale %q", locale)
	}
	digits := o.str("decimal_digits", "1,")
	if !decimalDigitsSpec.MatchString(digits) {
		return nil, optErr("decimal_digits must look like \"1,\" or \"1,3\", got %q", digits)
	}
	opt := "?"
	if o.flag("force_decimal", false) {
		opt = ""
	}
	shape := regexp.MustCompile(`^[-+]?([0-9]+)?(` + regexp.QuoteMeta(sep) + `[0-9]{` + digits + `})` + opt + `$`)
	return func(s string) bool {
		switch strings.ReplaceAll(s, " ", "") {
		case "", "-", "+":
			return false
		}
		return shape.MatchString(s)
	}, nil
}

var floatShape = re(`^(?:[-+])?(?:[0-9]+)?(?:\.[0-9]*)?(?:[eE][\+\-]?(?:[0-9]+))?$`)

// jsToFloat is validator.js's toFloat: parseFloat of a valid float, else NaN.
func jsToFloat(s string) float64 {
	switch s {
	case "", ".", ",", "-", "+":
		return math.NaN()
	}
	if !floatShape.MatchString(s) {
		return math.NaN()
	}
	return jsParseFloat(s)
}

func compileDivisibleBy(a args) (Func, error) {
	n := jsParseInt(ToString(a.at(0)), 10)
	return func(s string) bool {
		return math.Mod(jsToFloat(s), n) == 0
	}, nil
}

var (
	latPlain  = re(`^\(?[+-]?(90(\.0+)?|[1-8]?\d(\.\d+)?)$`)
	longPlain = re(`^[` + jsSpace + `]?[+-]?(180(\.0+)?|1[0-7]\d(\.\d+)?|\d{1,2}(\.\d+)?)\)?$`)
	latDMS    = re(`(?i)^(([1-8]?\d)\D+([1-5]?\d|60)\D+([1-5]?\d|60)(\.\d+)?|90\D+0\D+0)\D+[NSns]?$`)
	longDMS   = re(`(?i)^[` + jsSpace + `]*([1-7]?\d{1,2}\D+([1-5]?\d|60)\D+([1-5]?\d|60)(\.\d+)?|180\D+0\D+0)\D+[EWew]?$`)
)

func compileLatLong(a args) (Func, error) {
	o, err := a.opts(0, "checkDMS")
	if err != nil {
		return nil, err
	}
	dms := o.flag("checkDMS", false)
	return func(s string) bool {
		if !strings.Contains(s, ",") {
			return false
		}
		pair := strings.Split(s, ",")
		p0, p1 := pair[0], pair[1]
		if strings.HasPrefix(p0, "(") && !strings.HasSuffix(p1, ")") || strings.HasSuffix(p1, ")") && !strings.HasPrefix(p0, "(") {
			return false
		}
		if dms {
			return latDMS.MatchString(p0) && longDMS.MatchString(p1)
		}
		return latPlain.MatchString(p0) && longPlain.MatchString(p1)
	}, nil
}

var currencyKeys = []string{"symbol", "require_symbol", "allow_space_after_symbol", "symbol_after_digits",
	"allow_negatives", "parens_for_negatives", "negative_sign_before_digits", "negative_sign_after_digits",
	"allow_negative_sign_placeholder", "thousands_separator", "decimal_separator", "allow_decimal",
	"require_decimal", "digits_after_decimal", "allow_space_after_digits"}

// compileCurrency builds validator.js's currency pattern in RE2. Its three
// look-aheads become plain tests: (?!-? ) at the start, (?=.*\d) anywhere,
// ( (?!\-))? for the sign placeholder and ( (?!$))? for a space after the
// digits.
func compileCurrency(a args) (Func, error) {
	o, err := a.opts(0, currencyKeys...)
	if err != nil {
		return nil, err
	}
	digits := []string{"2"}
	if v, ok := o.get("digits_after_decimal"); ok {
		arr, isArr := v.([]any)
		if !isArr || len(arr) == 0 {
			return nil, optErr("digits_after_decimal must be a non-empty array of numbers")
		}
		digits = digits[:0]
		for _, d := range arr {
			f, ok := toNumber(d)
			if !ok || f < 0 || f != math.Trunc(f) {
				return nil, optErr("digits_after_decimal must hold non-negative integers")
			}
			digits = append(digits, strconv.Itoa(int(f)))
		}
	}
	decDigits := `\d{` + strings.Join(digits, `}|\d{`) + `}`
	symbolOpt := "?"
	if o.flag("require_symbol", false) {
		symbolOpt = ""
	}
	symbol := "(" + regexp.QuoteMeta(o.str("symbol", "$")) + ")" + symbolOpt
	negative := "-?"
	whole := `(0|[1-9]\d*|[1-9]\d{0,2}(` + regexp.QuoteMeta(o.str("thousands_separator", ",")) + `\d{3})*)?`
	decReq := "?"
	if o.flag("require_decimal", false) {
		decReq = ""
	}
	decimalAmount := "(" + regexp.QuoteMeta(o.str("decimal_separator", ".")) + "(" + decDigits + "))" + decReq
	pattern := whole
	if o.flag("allow_decimal", true) || o.flag("require_decimal", false) {
		pattern += decimalAmount
	}
	allowNeg, parens := o.flag("allow_negatives", true), o.flag("parens_for_negatives", false)
	before, after := o.flag("negative_sign_before_digits", false), o.flag("negative_sign_after_digits", false)
	if allowNeg && !parens {
		if after {
			pattern += negative
		} else if before {
			pattern = negative + pattern
		}
	}
	placeholder, spaceAfterDigits := false, false
	switch {
	case o.flag("allow_negative_sign_placeholder", false):
		pattern = "( )?" + pattern
		placeholder = true
	case o.flag("allow_space_after_symbol", false):
		pattern = " ?" + pattern
	case o.flag("allow_space_after_digits", false):
		pattern += "( )?"
		spaceAfterDigits = true
	}
	if o.flag("symbol_after_digits", false) {
		pattern += symbol
	} else {
		pattern = symbol + pattern
	}
	if allowNeg {
		if parens {
			pattern = `(\(` + pattern + `\)|` + pattern + `)`
		} else if !(before || after) {
			pattern = negative + pattern
		}
	}
	shape, err := regexp.Compile("^" + pattern + "$")
	if err != nil {
		return nil, optErr("%v", err)
	}
	return func(s string) bool {
		if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "- ") || !strings.ContainsAny(s, "0123456789") {
			return false
		}
		if placeholder && strings.Contains(s, " -") {
			return false
		}
		if spaceAfterDigits && strings.HasSuffix(s, " ") {
			return false
		}
		return shape.MatchString(s)
	}, nil
}
