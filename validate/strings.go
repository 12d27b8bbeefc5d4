package validate

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"
)

// String-shape validators: character sets, lengths, encodings, formats.

func init() {
	registerValidators(map[string]compileFunc{
		"contains":         compileContains,
		"equals":           compileEquals,
		"isAlpha":          func(a args) (Func, error) { return compileLocaleCharset(a, alphaLocales()) },
		"isAlphanumeric":   func(a args) (Func, error) { return compileLocaleCharset(a, alphanumericLocales()) },
		"isAscii":          plain(func(s string) bool { return s != "" && isASCII(s) }),
		"isEmpty":          compileIsEmpty,
		"isLength":         compileIsLength,
		"isByteLength":     compileIsByteLength,
		"isLowercase":      plain(func(s string) bool { return s == strings.ToLower(s) }),
		"isUppercase":      plain(func(s string) bool { return s == strings.ToUpper(s) }),
		"isFullWidth":      plain(fullWidth.MatchString),
		"isHalfWidth":      plain(halfWidth.MatchString),
		"isVariableWidth":  plain(func(s string) bool { return fullWidth.MatchString(s) && halfWidth.MatchString(s) }),
		"isMultibyte":      plain(func(s string) bool { return !isASCII(s) }),
		"isSurrogatePair":  plain(hasAstral),
		"isWhitelisted":    compileIsWhitelisted,
		"matches":          compileMatches,
		"isIn":             compileIsIn,
		"isJSON":           compileIsJSON,
		"isBoolean":        compileIsBoolean,
		"isSlug":           plain(isSlug),
		"isStrongPassword": compileStrongPassword,
		"isHexadecimal":    plain(re(`(?i)^(0x|0h)?[0-9A-F]+$`).MatchString),
		"isOctal":          plain(re(`(?i)^(0o)?[0-7]+$`).MatchString),
		"isBase32":         compileBase32,
		"isBase58":         plain(re(`^[A-HJ-NP-Za-km-z1-9]*$`).MatchString),
		"isBase64":         compileBase64,
		"isHexColor":       compileHexColor,
		"isRgbColor":       compileRgbColor,
		"isHSL":            plain(isHSL),
		"isMD5":            plain(re(`^[a-f0-9]{32}$`).MatchString),
		"isHash":           compileHash,
		"isJWT":            plain(isJWT),
		"isMongoId":        plain(func(s string) bool { return len(s) == 24 && hexOnly.MatchString(s) }),
		"isULID":           plain(re(`(?i)^[0-7][0-9A-HJKMNP-TV-Z]{25}$`).MatchString),
		"isLocale":         plain(localeTag.MatchString),
		"isMimeType":       plain(isMimeType),
		"isDataURI":        plain(isDataURI),
		"isMagnetURI":      plain(isMagnetURI),
		"isSemVer":         plain(re(`(?i)^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-z-][0-9a-z-]*))*))?(?:\+([0-9a-z-]+(?:\.[0-9a-z-]+)*))?$`).MatchString),
	})
}

// plain registers a validator that takes no arguments.
func plain(f Func) compileFunc {
	return func(args) (Func, error) { return f, nil }
}

var hexOnly = re(`(?i)^(0x|0h)?[0-9A-F]+$`)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func hasAstral(s string) bool {
	for _, r := range s {
		if r >= 0x10000 {
			return true
		}
	}
	return false
}

func compileContains(a args) (Func, error) {
	o, err := a.opts(1, "ignoreCase", "minOccurrences")
	if err != nil {
		return nil, err
	}
	elem := ToString(a.at(0))
	ignoreCase := o.flag("ignoreCase", false)
	minOcc, ok, err := o.num("minOccurrences")
	if err != nil {
		return nil, err
	}
	if !ok {
		minOcc = 1
	}
	if ignoreCase {
		elem = strings.ToLower(elem)
	}
	return func(s string) bool {
		if ignoreCase {
			s = strings.ToLower(s)
		}
		// str.split(elem).length: occurrences + 1, or the UTF-16 length when elem is "".
		parts := strings.Count(s, elem) + 1
		if elem == "" {
			parts = utf16Len(s)
		}
		return float64(parts) > minOcc
	}, nil
}

func compileEquals(a args) (Func, error) {
	// validator.js compares with ===: a non-string comparison never matches.
	want, isString := a.at(0).(string)
	return func(s string) bool { return isString && s == want }, nil
}

// ignoreFunc builds isAlpha/isAlphanumeric's `ignore` option: a string of
// characters to drop, or a RegExp whose matches are removed.
func ignoreFunc(v any) (func(string) string, error) {
	switch t := v.(type) {
	case nil, undefinedValue:
		return func(s string) string { return s }, nil
	case string:
		if t == "" {
			return func(s string) string { return s }, nil
		}
		return func(s string) string {
			return strings.Map(func(r rune) rune {
				if strings.ContainsRune(t, r) {
					return -1
				}
				return r
			}, s)
		}, nil
	case []any: // express-validator joins an array of characters
		return ignoreFunc(strings.Join(stringList(t), ""))
	case RegExp:
		rx, global, err := compileJSRegExp(t.Source, t.Flags)
		if err != nil {
			return nil, err
		}
		return func(s string) string { return jsReplace(rx, global, s, "") }, nil
	}
	return nil, optErr("ignore should be a string or a RegExp")
}

// jsReplace is String.prototype.replace with a literal replacement: every
// match when global, else the first.
func jsReplace(rx *regexp.Regexp, global bool, s, with string) string {
	if global {
		return rx.ReplaceAllLiteralString(s, with)
	}
	loc := rx.FindStringIndex(s)
	if loc == nil {
		return s
	}
	return s[:loc[0]] + with + s[loc[1]:]
}

func compileLocaleCharset(a args, table map[string]matcher) (Func, error) {
	locale := "en-US"
	if a.present(0) {
		locale = ToString(a.at(0))
	}
	m, ok := table[locale]
	if !ok {
		return nil, optErr("invalid locale %q", locale)
	}
	o, err := a.opts(1, "ignore")
	if err != nil {
		return nil, err
	}
	ign, _ := o.get("ignore")
	drop, err := ignoreFunc(ign)
	if err != nil {
		return nil, err
	}
	return func(s string) bool { return m.MatchString(drop(s)) }, nil
}

func compileIsEmpty(a args) (Func, error) {
	o, err := a.opts(0, "ignore_whitespace")
	if err != nil {
		return nil, err
	}
	ws := o.flag("ignore_whitespace", false)
	return func(s string) bool {
		if ws {
			s = jsTrim(s)
		}
		return s == ""
	}, nil
}

// bounds reads isLength/isByteLength's {min, max} or legacy (min, max) arguments.
func bounds(a args, extra ...string) (min, max float64, hasMax bool, o opts, err error) {
	if _, isObj := a.at(0).(*Object); isObj {
		o, err = a.opts(0, append([]string{"min", "max"}, extra...)...)
		if err != nil {
			return
		}
		var ok bool
		if min, ok, err = o.num("min"); err != nil {
			return
		} else if !ok {
			min = 0
		}
		max, hasMax, err = o.num("max")
		return
	}
	if a.present(0) {
		var ok bool
		if min, ok = toNumber(a.at(0)); !ok {
			return 0, 0, false, o, optErr("min must be a number")
		}
	}
	if a.present(1) {
		var ok bool
		if max, ok = toNumber(a.at(1)); !ok {
			return 0, 0, false, o, optErr("max must be a number")
		}
		hasMax = true
	}
	return
}

// jsLength is isLength's notion of length: UTF-16 code units, minus one per
// surrogate pair and per variation selector (U+FE0E/U+FE0F) that follows
// another character.
func jsLength(s string) int {
	n := 0
	prevWasBase := false // a non-selector character that can take a selector
	for _, r := range s {
		if r >= 0x10000 {
			n++                // a pair counts once
			prevWasBase = true // its low surrogate can take a selector
			continue
		}
		if (r == 0xFE0E || r == 0xFE0F) && prevWasBase {
			prevWasBase = false
			continue
		}
		n++
		prevWasBase = r != 0xFE0E && r != 0xFE0F
	}
	return n
}

func compileIsLength(a args) (Func, error) {
	min, max, hasMax, o, err := bounds(a, "discreteLengths")
	if err != nil {
		return nil, err
	}
	var discrete []float64
	if v, ok := o.get("discreteLengths"); ok {
		if arr, isArr := v.([]any); isArr {
			discrete = []float64{}
			for _, e := range arr {
				if f, ok := e.(float64); ok {
					discrete = append(discrete, f)
				}
			}
		}
	}
	return func(s string) bool {
		n := float64(jsLength(s))
		in := n >= min && (!hasMax || n <= max)
		if in && discrete != nil {
			for _, d := range discrete {
				if d == n {
					return true
				}
			}
			return false
		}
		return in
	}, nil
}

func compileIsByteLength(a args) (Func, error) {
	min, max, hasMax, _, err := bounds(a)
	if err != nil {
		return nil, err
	}
	return func(s string) bool {
		n := float64(len(s))
		return n >= min && (!hasMax || n <= max)
	}, nil
}

var (
	fullWidth = re(`[^\x{0020}-\x{007E}\x{FF61}-\x{FF9F}\x{FFA0}-\x{FFDC}\x{FFE8}-\x{FFEE}0-9a-zA-Z]`)
	halfWidth = re(`[\x{0020}-\x{007E}\x{FF61}-\x{FF9F}\x{FFA0}-\x{FFDC}\x{FFE8}-\x{FFEE}0-9a-zA-Z]`)
)

func compileIsWhitelisted(a args) (Func, error) {
	allowed := a.at(0)
	return func(s string) bool {
		for _, r := range s {
			switch t := allowed.(type) {
			case string:
				if !strings.ContainsRune(t, r) {
					return false
				}
			case []any:
				found := false
				for _, e := range t {
					if e == string(r) {
						found = true
						break
					}
				}
				if !found {
					return false
				}
			default:
				return false
			}
		}
		return true
	}, nil
}

func compileMatches(a args) (Func, error) {
	flags := ""
	if a.present(1) {
		flags = ToString(a.at(1))
	}
	rx, _, err := regexpArg(a.at(0), flags)
	if err != nil {
		return nil, err
	}
	return rx.MatchString, nil
}

func compileIsIn(a args) (Func, error) {
	switch t := a.at(0).(type) {
	case []any:
		set := make(map[string]bool, len(t))
		for _, e := range t {
			set[ToString(e)] = true
		}
		return func(s string) bool { return set[s] }, nil
	case *Object:
		return func(s string) bool { _, ok := t.Get(s); return ok }, nil
	case string:
		// validator.js calls options.indexOf(str): a substring test.
		return func(s string) bool { return strings.Contains(t, s) }, nil
	}
	return func(string) bool { return false }, nil
}

func compileIsJSON(a args) (Func, error) {
	o, err := a.opts(0, "allow_primitives", "allow_any_value")
	if err != nil {
		return nil, err
	}
	prims, anyValue := o.flag("allow_primitives", false), o.flag("allow_any_value", false)
	return func(s string) bool {
		if !json.Valid([]byte(s)) {
			return false
		}
		if anyValue {
			return true
		}
		t := strings.Trim(s, " \t\n\r")
		switch {
		case t[0] == '{' || t[0] == '[':
			return true
		case t == "null" || t == "true" || t == "false":
			return prims
		}
		return false
	}, nil
}

func compileIsBoolean(a args) (Func, error) {
	// strict is express-validator's option (a JS boolean check done by the
	// schema engine); validator.js itself ignores it.
	o, err := a.opts(0, "loose", "strict")
	if err != nil {
		return nil, err
	}
	loose := o.flag("loose", false)
	return func(s string) bool {
		switch s {
		case "true", "false", "1", "0":
			return true
		}
		if loose {
			switch strings.ToLower(s) {
			case "true", "false", "1", "0", "yes", "no":
				return true
			}
		}
		return false
	}, nil
}

var slugShape = re(`^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$`)

// isSlug is /^[a-z0-9](?!.*[-_]{2,})(?:[a-z0-9_-]*[a-z0-9])?$/ without the
// look-ahead (validator.js's ReDoS-prone form): no two separators in a row.
func isSlug(s string) bool {
	if !slugShape.MatchString(s) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if (s[i] == '-' || s[i] == '_') && (s[i-1] == '-' || s[i-1] == '_') {
			return false
		}
	}
	return true
}

type passwordPolicy struct {
	minLength, minLower, minUpper, minNumbers, minSymbols float64
	returnScore                                           bool
	perUnique, perRepeat, lower, upper, number, symbol    float64
}

var strongPasswordKeys = []string{"minLength", "minLowercase", "minUppercase", "minNumbers", "minSymbols", "returnScore",
	"pointsPerUnique", "pointsPerRepeat", "pointsForContainingLower", "pointsForContainingUpper",
	"pointsForContainingNumber", "pointsForContainingSymbol"}

func parsePasswordPolicy(a args) (passwordPolicy, error) {
	o, err := a.opts(0, strongPasswordKeys...)
	if err != nil {
		return passwordPolicy{}, err
	}
	p := passwordPolicy{returnScore: o.flag("returnScore", false)}
	for _, f := range []struct {
		key string
		dst *float64
		def float64
	}{{"minLength", &p.minLength, 8}, {"minLowercase", &p.minLower, 1}, {"minUppercase", &p.minUpper, 1},
		{"minNumbers", &p.minNumbers, 1}, {"minSymbols", &p.minSymbols, 1}, {"pointsPerUnique", &p.perUnique, 1},
		{"pointsPerRepeat", &p.perRepeat, 0.5}, {"pointsForContainingLower", &p.lower, 10},
		{"pointsForContainingUpper", &p.upper, 10}, {"pointsForContainingNumber", &p.number, 10},
		{"pointsForContainingSymbol", &p.symbol, 10}} {
		v, ok, err := o.num(f.key)
		if err != nil {
			return p, err
		}
		*f.dst = f.def
		if ok {
			*f.dst = v
		}
	}
	return p, nil
}

const passwordSymbols = "-#!$@£%^&*()_+|~=`{}[]:\";'<>?,./\\ "

type passwordAnalysis struct{ length, unique, upper, lower, number, symbol int }

func analyzePassword(s string) passwordAnalysis {
	// Distinct characters: a table for ASCII, a map only for other runes
	// (a map per password was a visible cost in WebAssembly).
	var seen [utf8.RuneSelf]bool
	var seenOther map[rune]bool
	an := passwordAnalysis{length: utf16Len(s)}
	for _, r := range s {
		if r < utf8.RuneSelf {
			if !seen[r] {
				seen[r] = true
				an.unique++
			}
		} else if !seenOther[r] {
			if seenOther == nil {
				seenOther = map[rune]bool{}
			}
			seenOther[r] = true
			an.unique++
		}
		switch {
		case r >= 'A' && r <= 'Z':
			an.upper++
		case r >= 'a' && r <= 'z':
			an.lower++
		case r >= '0' && r <= '9':
			an.number++
		case strings.ContainsRune(passwordSymbols, r):
			an.symbol++
		}
	}
	return an
}

func (p passwordPolicy) score(an passwordAnalysis) float64 {
	pts := float64(an.unique)*p.perUnique + float64(an.length-an.unique)*p.perRepeat
	for _, c := range []struct {
		n   int
		pts float64
	}{{an.lower, p.lower}, {an.upper, p.upper}, {an.number, p.number}, {an.symbol, p.symbol}} {
		if c.n > 0 {
			pts += c.pts
		}
	}
	return pts
}

func compileStrongPassword(a args) (Func, error) {
	p, err := parsePasswordPolicy(a)
	if err != nil {
		return nil, err
	}
	return func(s string) bool {
		an := analyzePassword(s)
		if p.returnScore {
			// validator.js returns the score; express-validator fails on a falsy result.
			return p.score(an) != 0
		}
		return float64(an.length) >= p.minLength && float64(an.lower) >= p.minLower &&
			float64(an.upper) >= p.minUpper && float64(an.number) >= p.minNumbers && float64(an.symbol) >= p.minSymbols
	}, nil
}

// strongPasswordScore is isStrongPassword with returnScore: the score.
func strongPasswordScore(in ...any) (SanitizerFunc, error) {
	p, err := parsePasswordPolicy(normalizeArgs(in))
	if err != nil {
		return nil, err
	}
	return func(s string) any {
		if !p.returnScore {
			an := analyzePassword(s)
			return float64(an.length) >= p.minLength && float64(an.lower) >= p.minLower &&
				float64(an.upper) >= p.minUpper && float64(an.number) >= p.minNumbers && float64(an.symbol) >= p.minSymbols
		}
		return p.score(analyzePassword(s))
	}, nil
}

var (
	base32Std       = re(`^[A-Z2-7]+=*$`)
	base32Crockford = re(`^[A-HJKMNP-TV-Z0-9]+$`)
)

func compileBase32(a args) (Func, error) {
	o, err := a.opts(0, "crockford")
	if err != nil {
		return nil, err
	}
	if o.flag("crockford", false) {
		return base32Crockford.MatchString, nil
	}
	return func(s string) bool { return len(s)%8 == 0 && base32Std.MatchString(s) }, nil
}

var (
	b64Pad      = re(`^[A-Za-z0-9+/]+={0,2}$`)
	b64NoPad    = re(`^[A-Za-z0-9+/]+$`)
	b64URLPad   = re(`^[A-Za-z0-9_-]+={0,2}$`)
	b64URLNoPad = re(`^[A-Za-z0-9_-]+$`)
)

func compileBase64(a args) (Func, error) {
	o, err := a.opts(0, "urlSafe", "padding")
	if err != nil {
		return nil, err
	}
	urlSafe := o.flag("urlSafe", false)
	return base64Func(urlSafe, o.flag("padding", !urlSafe)), nil
}

func base64Func(urlSafe, padding bool) Func {
	var m *lazyRE
	switch {
	case urlSafe && padding:
		m = b64URLPad
	case urlSafe:
		m = b64URLNoPad
	case padding:
		m = b64Pad
	default:
		m = b64NoPad
	}
	return func(s string) bool {
		if s == "" {
			return true
		}
		if padding && len(s)%4 != 0 {
			return false
		}
		return m.MatchString(s)
	}
}

var isBase64URL = base64Func(true, false)

func isJWT(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if !isBase64URL(p) {
			return false
		}
	}
	return true
}

var (
	hexColor       = re(`(?i)^#?([0-9A-F]{3}|[0-9A-F]{4}|[0-9A-F]{6}|[0-9A-F]{8})$`)
	hexColorPrefix = re(`(?i)^#([0-9A-F]{3}|[0-9A-F]{4}|[0-9A-F]{6}|[0-9A-F]{8})$`)
)

func compileHexColor(a args) (Func, error) {
	o, err := a.opts(0, "require_hashtag")
	if err != nil {
		return nil, err
	}
	if o.flag("require_hashtag", false) {
		return hexColorPrefix.MatchString, nil
	}
	return hexColor.MatchString, nil
}

const rgbByte = `([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])`
const rgbPct = `([0-9]%|[1-9][0-9]%|100%)`
const rgbAlpha = `(0?\.\d+|1(\.0+)?|0(\.0+)?)`

var (
	rgbColor        = re(`^rgb\((` + rgbByte + `,){2}` + rgbByte + `\)$`)
	rgbaColor       = re(`^rgba\((` + rgbByte + `,){3}` + rgbAlpha + `\)$`)
	rgbColorPercent = re(`^rgb\((` + rgbPct + `,){2}` + rgbPct + `\)$`)
	rgbaColorPct    = re(`^rgba\((` + rgbPct + `,){3}` + rgbAlpha + `\)$`)
	jsSpaces        = re(`[` + jsSpace + `]+`)
	jsOneSpace      = re(`[` + jsSpace + `]`)
)

func compileRgbColor(a args) (Func, error) {
	allowSpaces, percent := false, true
	if _, isObj := a.at(0).(*Object); isObj {
		o, err := a.opts(0, "allowSpaces", "includePercentValues")
		if err != nil {
			return nil, err
		}
		allowSpaces, percent = o.flag("allowSpaces", false), o.flag("includePercentValues", true)
	} else if len(a) >= 1 {
		percent = truthy(a.at(0)) // legacy positional includePercentValues
	}
	return func(s string) bool {
		if allowSpaces {
			if !strings.HasPrefix(s, "rgb") {
				return false
			}
			s = jsOneSpace.compiled().ReplaceAllString(s, "")
		}
		if rgbColor.MatchString(s) || rgbaColor.MatchString(s) {
			return true
		}
		return percent && (rgbColorPercent.MatchString(s) || rgbaColorPct.MatchString(s))
	}, nil
}

const hslNum = `(\+|\-)?([0-9]+(\.[0-9]+)?(e(\+|\-)?[0-9]+)?|\.[0-9]+(e(\+|\-)?[0-9]+)?)`

var (
	hslComma   = re(`(?i)^hsla?\((` + hslNum + `)(deg|grad|rad|turn)?(,` + hslNum + `%){2}(,(` + hslNum + `%?))?\)$`)
	hslSpace   = re(`(?i)^hsla?\((` + hslNum + `)(deg|grad|rad|turn)?(\s` + hslNum + `%){2}\s?(\/\s(` + hslNum + `%?)\s?)?\)$`)
	hslTrimSep = re(`(?i)[` + jsSpace + `]?(hsla?\(|\)|,)[` + jsSpace + `]?`)
)

func isHSL(s string) bool {
	s = jsSpaces.compiled().ReplaceAllString(s, " ")
	s = hslTrimSep.compiled().ReplaceAllString(s, "$1")
	if strings.Contains(s, ",") {
		return hslComma.MatchString(s)
	}
	return hslSpace.MatchString(s)
}

var hashLengths = map[string]int{"md5": 32, "md4": 32, "sha1": 40, "sha256": 64, "sha384": 96, "sha512": 128,
	"ripemd128": 32, "ripemd160": 40, "tiger128": 32, "tiger160": 40, "tiger192": 48, "crc32": 8, "crc32b": 8}

func compileHash(a args) (Func, error) {
	alg := ToString(a.at(0))
	n, ok := hashLengths[alg]
	if !ok {
		return nil, optErr("unknown hash algorithm %q", alg)
	}
	return func(s string) bool {
		if len(s) != n {
			return false
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}, nil
}

// localeTag is validator.js's BCP 47 (RFC 5646) pattern.
var localeTag = func() *lazyRE {
	extlang := `([A-Za-z]{3}(-[A-Za-z]{3}){0,2})`
	language := `(([a-zA-Z]{2,3}(-` + extlang + `)?)|([a-zA-Z]{5,8}))`
	script := `([A-Za-z]{4})`
	region := `([A-Za-z]{2}|\d{3})`
	variant := `([A-Za-z0-9]{5,8}|(\d[A-Z-a-z0-9]{3}))`
	singleton := `(\d|[A-W]|[Y-Z]|[a-w]|[y-z])`
	extension := `(` + singleton + `(-[A-Za-z0-9]{2,8})+)`
	privateuse := `(x(-[A-Za-z0-9]{1,8})+)`
	irregular := `((en-GB-oed)|(i-ami)|(i-bnn)|(i-default)|(i-enochian)|(i-hak)|(i-klingon)|(i-lux)|(i-mingo)|(i-navajo)|(i-pwn)|(i-tao)|(i-tay)|(i-tsu)|(sgn-BE-FR)|(sgn-BE-NL)|(sgn-CH-DE))`
	regular := `((art-lojban)|(cel-gaulish)|(no-bok)|(no-nyn)|(zh-guoyu)|(zh-hakka)|(zh-min)|(zh-min-nan)|(zh-xiang))`
	grandfathered := `(` + irregular + `|` + regular + `)`
	delim := `(-|_)`
	langtag := language + `(` + delim + script + `)?(` + delim + region + `)?(` + delim + variant + `)*(` + delim + extension + `)*(` + delim + privateuse + `)?`
	return re(`(^` + privateuse + `$)|(^` + grandfathered + `$)|(^` + langtag + `$)`)
}()

var (
	mimeSimple    = re(`(?i)^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9\.\-\+_]{1,100}$`)
	mimeText      = re(`(?i)^text\/[a-zA-Z0-9\.\-\+]{1,100};\s?charset=("[a-zA-Z0-9\.\-\+\s]{0,70}"|[a-zA-Z0-9\.\-\+]{0,70})(\s?\([a-zA-Z0-9\.\-\+\s]{1,20}\))?$`)
	mimeMultipart = re(`(?i)^multipart\/[a-zA-Z0-9\.\-\+]{1,100}(;\s?(boundary|charset)=("[a-zA-Z0-9\.\-\+\s]{0,70}"|[a-zA-Z0-9\.\-\+]{0,70})(\s?\([a-zA-Z0-9\.\-\+\s]{1,20}\))?){0,2}$`)
)

func isMimeType(s string) bool {
	return mimeSimple.MatchString(s) || mimeText.MatchString(s) || mimeMultipart.MatchString(s)
}

var (
	dataMediaType = re(`(?i)^[a-z]+\/[a-z0-9\-\+\._]+$`)
	dataAttribute = re(`(?i)^[a-z\-]+=[a-z0-9\-]+$`)
	dataChars     = re(`(?i)^[a-z0-9!\$&'\(\)\*\+,;=\-\._~:@\/\?%` + jsSpace + `]*$`)
)

func isDataURI(s string) bool {
	data := strings.Split(s, ",")
	if len(data) < 2 {
		return false
	}
	attrs := strings.Split(jsTrim(data[0]), ";")
	head := attrs[0]
	attrs = attrs[1:]
	if !strings.HasPrefix(head, "data:") {
		return false
	}
	if mt := head[5:]; mt != "" && !dataMediaType.MatchString(mt) {
		return false
	}
	for i, at := range attrs {
		if !(i == len(attrs)-1 && strings.ToLower(at) == "base64") && !dataAttribute.MatchString(at) {
			return false
		}
	}
	for _, d := range data[1:] {
		if !dataChars.MatchString(d) {
			return false
		}
	}
	return true
}

var magnetComponent = re(`(?i)(?:^magnet:\?|[^?&]&)xt(?:\.1)?=urn:(?:(?:aich|bitprint|btih|ed2k|ed2khash|kzhash|md5|sha1|tree:tiger):[a-z0-9]{32}(?:[a-z0-9]{8})?|btmh:1220[a-z0-9]{64})(?:$|&)`)

func isMagnetURI(s string) bool {
	return strings.HasPrefix(s, "magnet:?") && magnetComponent.MatchString(s)
}
