package validate

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Date and time validators. Dates without a zone are read as UTC in every
// host (validator.js reads them in the process's local zone, which would make
// a verdict depend on where it runs).

// nowFunc is the clock of isAfter/isBefore/isDate; tests pin it.
var nowFunc = time.Now

func init() {
	registerValidators(map[string]compileFunc{
		"isISO8601": compileISO8601,
		"isRFC3339": plain(rfc3339.MatchString),
		"isDate":    compileIsDate,
		"isTime":    compileIsTime,
		"isAfter":   func(a args) (Func, error) { return compileCompareDate(a, 1) },
		"isBefore":  func(a args) (Func, error) { return compileCompareDate(a, -1) },
	})
}

// iso8601Pattern expands validator.js's ISO 8601 expression, which uses a
// look-ahead and two back-references, into RE2: \3 (the date separator) is
// enumerated as "" and "-", and \17 (the time separator reused before the
// seconds) as ":" after "hh:mm" and "" otherwise. The year look-ahead is
// checked separately (see isISO8601Shape).
func iso8601Pattern(timeSep string) string {
	date := func(sep string) string {
		return sep + `((0[1-9]|1[0-2])(` + sep + `([12]\d|0[1-9]|3[01]))?|W(0[1-9]|[1-4]\d|5[0-3])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[0-6])))`
	}
	hour := `([01]\d|2[0-3])`
	zone := `([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?`
	colonTime := hour + `:[0-5]\d([\.,]\d+|:[0-5]\d([\.,]\d+)?)?` + zone
	otherTime := `((` + hour + `[0-5]\d|` + hour + `|24:?00)([\.,]\d+)?)?([0-5]\d([\.,]\d+)?)?` + zone
	tm := `(` + timeSep + `(` + colonTime + `|` + otherTime + `))?`
	return `^[\+-]?\d{4}((` + date("") + `|` + date("-") + `)` + tm + `)?$`
}

var (
	iso8601Loose  = re(iso8601Pattern(`[T` + jsSpace + `]`))
	iso8601Strict = re(iso8601Pattern(`T`))
	rfc3339       = re(`^[0-9]{4}-(0[1-9]|1[0-2])-([12]\d|0[1-9]|3[01])[ tT]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([zZ]|[-+]([01][0-9]|2[0-3]):[0-5][0-9])$`)
)

// isISO8601Shape adds the year's look-ahead (?!\d{2}\b): the year may not be
// followed by exactly two digits and a word boundary (YYYYMM is not ISO 8601).
func isISO8601Shape(s string, strictSep bool) bool {
	m := iso8601Loose
	if strictSep {
		m = iso8601Strict
	}
	if !m.MatchString(s) {
		return false
	}
	rest := s[4:]
	if s[0] == '+' || s[0] == '-' {
		rest = s[5:]
	}
	if len(rest) >= 2 && isDigit(rest[0]) && isDigit(rest[1]) {
		if len(rest) == 2 || !isWordByte(rest[2]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

var (
	isoOrdinal = re(`^(\d{4})-?(\d{3})([ T]{1}\.*|$)`)
	isoYMD     = re(`(\d{4})-?(\d{0,2})-?(\d*)`)
)

// isoValidDate is validator.js's strict check: the day exists in its month
// (and an ordinal day in its year).
func isoValidDate(s string) bool {
	if m := isoOrdinal.compiled().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		if y%4 == 0 && y%100 != 0 || y%400 == 0 {
			return d <= 366
		}
		return d <= 365
	}
	m := isoYMD.compiled().FindStringSubmatch(s)
	if m == nil {
		return true
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, err := strconv.Atoi(m[3])
	if err != nil || mo == 0 || d == 0 {
		return true
	}
	if mo > 12 {
		return false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == mo && t.Day() == d
}

func compileISO8601(a args) (Func, error) {
	o, err := a.opts(0, "strict", "strictSeparator")
	if err != nil {
		return nil, err
	}
	strict, sep := o.flag("strict", false), o.flag("strictSeparator", false)
	return func(s string) bool {
		if !isISO8601Shape(s, sep) {
			return false
		}
		return !strict || isoValidDate(s)
	}, nil
}

var dateFormatShape = re(`(?i)(^(y{4}|y{2})[.\/-](m{1,2})[.\/-](d{1,2})$)|(^(m{1,2})[.\/-](d{1,2})[.\/-]((y{4}|y{2})$))|(^(d{1,2})[.\/-](m{1,2})[.\/-]((y{4}|y{2})$))`)

func compileIsDate(a args) (Func, error) {
	format, delimiters, strictMode := "YYYY/MM/DD", []string{"/", "-"}, false
	if f, ok := a.at(0).(string); ok {
		format = f
	} else {
		o, err := a.opts(0, "format", "delimiters", "strictMode")
		if err != nil {
			return nil, err
		}
		format = o.str("format", format)
		if d, ok := o.list("delimiters"); ok {
			delimiters = d
		}
		strictMode = o.flag("strictMode", false)
	}
	if !dateFormatShape.MatchString(format) {
		// validator.js then accepts only Date objects, which a string never is.
		return func(string) bool { return false }, nil
	}
	formatDelim := ""
	for _, d := range delimiters {
		if strings.Contains(format, d) {
			formatDelim = d
			break
		}
	}
	fmtWords := jsSplit(strings.ToLower(format), formatDelim)
	return func(s string) bool {
		if strictMode && utf16Len(s) != utf16Len(format) {
			return false
		}
		dateDelim := formatDelim
		if !strictMode {
			dateDelim = ""
			found := false
			for _, d := range delimiters {
				if strings.Contains(s, d) {
					dateDelim, found = d, true
					break
				}
			}
			if !found {
				// input.split(undefined) is [input]: one word, never enough.
				return false
			}
		}
		words := jsSplit(s, dateDelim)
		n := len(words)
		if len(fmtWords) > n {
			n = len(fmtWords)
		}
		parts := map[byte]string{}
		for i := 0; i < n; i++ {
			if i >= len(words) || i >= len(fmtWords) || words[i] == "" || fmtWords[i] == "" || utf16Len(words[i]) != utf16Len(fmtWords[i]) {
				return false
			}
			parts[fmtWords[i][0]] = words[i]
		}
		year, month, day := parts['y'], parts['m'], parts['d']
		if strings.HasPrefix(year, "-") {
			return false
		}
		if len(year) == 2 {
			py := jsParseInt(year, 10)
			if math.IsNaN(py) {
				return false
			}
			if int(py) < nowFunc().UTC().Year()%100 {
				year = "20" + year
			} else {
				year = "19" + year
			}
		}
		if len(month) == 1 {
			month = "0" + month
		}
		d2 := day
		if len(d2) == 1 {
			d2 = "0" + d2
		}
		t, ok := jsDateParse(year + "-" + month + "-" + d2 + "T00:00:00.000Z")
		if !ok {
			return false
		}
		want := jsStringToNumber(day)
		return float64(t.UTC().Day()) == want
	}, nil
}

// jsSplit is String.prototype.split with a string separator.
func jsSplit(s, sep string) []string {
	if sep == "" {
		out := []string{}
		for _, r := range s {
			out = append(out, string(r))
		}
		return out
	}
	return strings.Split(s, sep)
}

var timeFormats = map[string]map[string]*lazyRE{
	"hour24": {
		"default":             re(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`),
		"withSeconds":         re(`^([01]?[0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])$`),
		"withOptionalSeconds": re(`^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$`),
	},
	"hour12": {
		"default":             re(`^(0?[1-9]|1[0-2]):([0-5][0-9]) (A|P)M$`),
		"withSeconds":         re(`^(0?[1-9]|1[0-2]):([0-5][0-9]):([0-5][0-9]) (A|P)M$`),
		"withOptionalSeconds": re(`^(0?[1-9]|1[0-2]):([0-5][0-9])(?::([0-5][0-9]))? (A|P)M$`),
	},
}

func compileIsTime(a args) (Func, error) {
	o, err := a.opts(0, "hourFormat", "mode")
	if err != nil {
		return nil, err
	}
	hf, mode := o.str("hourFormat", "hour24"), o.str("mode", "default")
	m, ok := timeFormats[hf][mode]
	if !ok {
		return nil, optErr("unknown isTime format %q/%q", hf, mode)
	}
	return m.MatchString, nil
}

// compileCompareDate is isAfter (sign 1) and isBefore (sign -1).
func compileCompareDate(a args, sign int) (Func, error) {
	var cmp any = a.at(0)
	if o, ok := cmp.(*Object); ok {
		if _, err := a.opts(0, "comparisonDate"); err != nil {
			return nil, err
		}
		cmp, _ = o.Get("comparisonDate")
	}
	var fixed *time.Time
	invalid := false
	if truthy(cmp) {
		var t time.Time
		var ok bool
		if d, isDate := cmp.(time.Time); isDate {
			t, ok = d, true
		} else {
			t, ok = jsDateParse(ToString(cmp))
		}
		if !ok {
			invalid = true
		}
		fixed = &t
	}
	return func(s string) bool {
		if invalid {
			return false
		}
		var ref time.Time
		if fixed != nil {
			ref = *fixed
		} else {
			// Date().toString() has second precision.
			ref = nowFunc().Truncate(time.Second)
		}
		t, ok := jsDateParse(s)
		if !ok {
			return false
		}
		if sign > 0 {
			return t.After(ref)
		}
		return t.Before(ref)
	}, nil
}

var isoDateTime = re(`^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$`)

// jsDateParse is the subset of Date.parse that validator.js's callers meet:
// ISO 8601 (date-only and zone-less date-times are UTC here), the
// Date.prototype.toString / toUTCString forms, "MM/DD/YYYY", "YYYY/MM/DD",
// "YYYY-MM-DD hh:mm[:ss]" and month-name dates.
func jsDateParse(s string) (time.Time, bool) {
	s = jsTrim(s)
	if m := isoDateTime.compiled().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, d := atoiDefault(m[2], 1), atoiDefault(m[3], 1)
		h, mi, sec := atoiDefault(m[4], 0), atoiDefault(m[5], 0), atoiDefault(m[6], 0)
		ns := 0
		if m[7] != "" {
			frac := (m[7] + "000000000")[:9]
			ns, _ = strconv.Atoi(frac)
			ns = ns / 1e6 * 1e6 // JS dates have millisecond precision
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59 || h == 24 && (mi != 0 || sec != 0 || ns != 0) {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC)
		if z := m[8]; z != "" && z != "Z" {
			zh, _ := strconv.Atoi(z[1:3])
			zm, _ := strconv.Atoi(z[4:6])
			off := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
			if z[0] == '+' {
				t = t.Add(-off)
			} else {
				t = t.Add(off)
			}
		}
		return t, true
	}
	return legacyDateParse(s)
}

func atoiDefault(s string, def int) int {
	if s == "" {
		return def
	}
	n, _ := strconv.Atoi(s)
	return n
}

var (
	monthNames    = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	weekdayNames  = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	legacyComment = re(`\([^)]*\)`)
	legacySlash   = re(`^(\d{1,4})[/-](\d{1,2})[/-](\d{1,4})$`)
	legacyTime    = re(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$`)
	legacyOffset  = re(`^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})$`)
	legacyNumber  = re(`^\d{1,6}$`)
)

// legacyDateParse reads V8's non-ISO date strings, token by token.
func legacyDateParse(s string) (time.Time, bool) {
	s = legacyComment.compiled().ReplaceAllString(s, " ")
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	year, month, day := -1, -1, -1
	h, mi, sec, ms := 0, 0, 0, 0
	offset := time.Duration(0)
	var nums []int
	for _, f := range fields {
		lf := strings.ToLower(f)
		switch {
		case lf == "gmt" || lf == "utc" || lf == "z":
		case legacyOffset.MatchString(f):
			m := legacyOffset.compiled().FindStringSubmatch(f)
			zh, _ := strconv.Atoi(m[2])
			zm, _ := strconv.Atoi(m[3])
			offset = time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
			if m[1] == "-" {
				offset = -offset
			}
		case legacyTime.MatchString(f):
			m := legacyTime.compiled().FindStringSubmatch(f)
			h, mi, sec = atoiDefault(m[1], 0), atoiDefault(m[2], 0), atoiDefault(m[3], 0)
			if m[4] != "" {
				ms, _ = strconv.Atoi((m[4] + "00")[:3])
			}
			if h > 24 || mi > 59 || sec > 59 {
				return time.Time{}, false
			}
		case legacySlash.MatchString(f):
			m := legacySlash.compiled().FindStringSubmatch(f)
			a, b, c := atoiDefault(m[1], 0), atoiDefault(m[2], 0), atoiDefault(m[3], 0)
			if len(m[1]) >= 3 {
				year, month, day = a, b, c
			} else {
				month, day, year = a, b, c
			}
		case legacyNumber.MatchString(f):
			n, _ := strconv.Atoi(f)
			nums = append(nums, n)
		case len(lf) >= 3 && indexOf(monthNames, lf[:3]) >= 0:
			month = indexOf(monthNames, lf[:3]) + 1
		case len(lf) >= 3 && indexOf(weekdayNames, lf[:3]) >= 0:
		default:
			return time.Time{}, false
		}
	}
	for _, n := range nums {
		switch {
		case day < 0 && n >= 1 && n <= 31 && month >= 0:
			day = n
		case year < 0:
			year = n
		default:
			return time.Time{}, false
		}
	}
	if year < 0 || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	if year < 50 {
		year += 2000
	} else if year < 100 {
		year += 1900
	}
	t := time.Date(year, time.Month(month), day, h, mi, sec, ms*1e6, time.UTC).Add(-offset)
	return t, true
}

func indexOf(l []string, s string) int {
	for i, e := range l {
		if e == s {
			return i
		}
	}
	return -1
}
