package validate

import (
	"strconv"
	"strings"
	"sync"
)

// isTaxID: tax identification numbers, ported from validator.js
// src/lib/isTaxID.js. Each locale has a format pattern and, for most, a
// check function; both are kept step for step, including JavaScript's
// string/number mixing where it decides a verdict (e.g. "20"+5 = "205",
// padded to "2005").

func init() {
	registerValidators(map[string]compileFunc{
		"isTaxID": func(a args) (Func, error) {
			loc := "en-US"
			if a.present(0) {
				loc = ToString(a.at(0))
			}
			format, ok := taxIDFormats[loc]
			if !ok {
				return nil, optErr("invalid locale %q", loc)
			}
			check := taxIDChecks[loc]
			clean := taxIDSanitize[loc]
			return func(s string) bool {
				if clean != nil {
					s = clean.compiled().ReplaceAllString(s, "")
				}
				if !format.MatchString(s) {
					return false
				}
				return check == nil || check(s)
			}, nil
		},
	})
}

var (
	taxAllSymbols = re(`[-\\\/!@#$%\^&\*\(\)\+\=\[\]]+`)
	taxSlashes    = re(`[\/\\]`)
	taxIDSanitize = map[string]*lazyRE{"de-AT": taxAllSymbols, "de-DE": taxSlashes, "fr-BE": taxAllSymbols, "nl-BE": taxAllSymbols}
)

var taxIDFormats = func() map[string]matcher {
	m := map[string]matcher{
		"bg-BG": re(`^\d{10}$`),
		"cs-CZ": re(`^\d{6}\/{0,1}\d{3,4}$`),
		"de-AT": re(`^\d{9}$`),
		"de-DE": re(`^[1-9]\d{10}$`),
		"dk-DK": re(`^\d{6}-{0,1}\d{4}$`),
		"el-CY": re(`^[09]\d{7}[A-Z]$`),
		"el-GR": re(`^([0-4]|[7-9])\d{8}$`),
		"en-CA": re(`^\d{9}$`),
		// ^\d{10}$|^(?!GB|NK|TN|ZZ)(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z]\d{6}[ABCD ]$ (i)
		"en-GB": matchFunc(func(s string) bool {
			if taxGBDigits.MatchString(s) {
				return true
			}
			if !taxGBLetters.MatchString(s) {
				return false
			}
			switch strings.ToUpper(s[:2]) {
			case "GB", "NK", "TN", "ZZ":
				return false
			}
			return true
		}),
		"en-IE": re(`(?i)^\d{7}[A-W][A-IW]{0,1}$`),
		// ^[A-Z]{3}[ABCFGHLJPT][A-Z](?!0000)[0-9]{4}[A-Z]$
		"en-IN": both(re(`^[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z]$`), matchFunc(func(s string) bool { return s[5:9] != "0000" })),
		"en-US": re(`^\d{2}[- ]{0,1}\d{7}$`),
		"es-AR": re(`(20|23|24|27|30|33|34)[0-9]{8}[0-9]`),
		"es-ES": re(`(?i)^(\d{0,8}|[XYZKLM]\d{7})[A-HJ-NP-TV-Z]$`),
		"et-EE": re(`^[1-6]\d{6}(00[1-9]|0[1-9][0-9]|[1-6][0-9]{2}|70[0-9]|710)\d$`),
		"fi-FI": re(`(?i)^\d{6}[-+A]\d{3}[0-9A-FHJ-NPR-Y]$`),
		"fr-BE": re(`^\d{11}$`),
		"fr-FR": re(`^[0-3]\d{12}$|^[0-3]\d[` + jsSpace + `]\d{2}([` + jsSpace + `]\d{3}){3}$`),
		"fr-LU": re(`^\d{13}$`),
		"hr-HR": re(`^\d{11}$`),
		"hu-HU": re(`^8\d{9}$`),
		"it-IT": re(`(?i)^[A-Z]{6}[L-NP-V0-9]{2}[A-EHLMPRST][L-NP-V0-9]{2}[A-ILMZ][L-NP-V0-9]{3}[A-Z]$`),
		"lv-LV": re(`^\d{6}-{0,1}\d{5}$`),
		// ^\d{3,7}[APMGLHBZ]$|^([1-8])\1\d{7}$ (i): the back-reference is "the first two digits are equal".
		"mt-MT": matchFunc(func(s string) bool {
			return taxMTLetter.MatchString(s) || taxMTDigits.MatchString(s) && s[0] == s[1]
		}),
		"nl-NL": re(`^\d{9}$`),
		"pl-PL": re(`^\d{10,11}$`),
		"pt-BR": re(`(?i)(?:^\d{3}\.\d{3}\.\d{3}-\d{2}$)|(?:^\d{11}$)|(?:^[A-Z0-9]{12}\d{2}$)`),
		"pt-PT": re(`^\d{9}$`),
		"ro-RO": re(`^\d{13}$`),
		"sk-SK": re(`^\d{6}\/{0,1}\d{3,4}$`),
		"sl-SI": re(`^[1-9]\d{7}$`),
		"sv-SE": re(`^(\d{6}[-+]{0,1}\d{4}|(18|19|20)\d{6}[-+]{0,1}\d{4})$`),
		"uk-UA": re(`^\d{10}$`),
	}
	m["lb-LU"] = m["fr-LU"]
	m["lt-LT"] = m["et-EE"]
	m["nl-BE"] = m["fr-BE"]
	m["fr-CA"] = m["en-CA"]
	return m
}()

var (
	taxGBDigits  = re(`^\d{10}$`)
	taxGBLetters = re(`(?i)^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[ABCD ]$`)
	taxMTLetter  = re(`(?i)^\d{3,7}[APMGLHBZ]$`)
	taxMTDigits  = re(`^[1-8]\d{8}$`)
)

var taxIDChecks = func() map[string]func(string) bool {
	m := map[string]func(string) bool{
		"bg-BG": bgBgCheck, "cs-CZ": csCzCheck, "de-AT": luhnValid, "de-DE": deDeCheck, "dk-DK": dkDkCheck,
		"el-CY": elCyCheck, "el-GR": elGrCheck, "en-CA": luhnValid, "en-IE": enIeCheck, "en-US": enUsCheck,
		"es-AR": esArCheck, "es-ES": esEsCheck, "et-EE": etEeCheck, "fi-FI": fiFiCheck, "fr-BE": frBeCheck,
		"fr-FR": frFrCheck, "fr-LU": frLuCheck, "hr-HR": iso7064Check, "hu-HU": huHuCheck, "it-IT": itItCheck,
		"lv-LV": lvLvCheck, "mt-MT": mtMtCheck, "nl-NL": nlNlCheck, "pl-PL": plPlCheck, "pt-BR": ptBrCheck,
		"pt-PT": ptPtCheck, "ro-RO": roRoCheck, "sk-SK": skSkCheck, "sl-SI": slSiCheck, "sv-SE": svSeCheck,
		"uk-UA": ukUaCheck,
	}
	m["lb-LU"] = m["fr-LU"]
	m["lt-LT"] = m["et-EE"]
	m["nl-BE"] = m["fr-BE"]
	m["fr-CA"] = m["en-CA"]
	return m
}()

var (
	isDateYMD = lazyDate("YYYY/MM/DD")
	isDateYY  = lazyDate("YY/MM/DD")
)

// lazyDate is isDate with a fixed, valid format, compiled on first use:
// compiling it compiles a regular expression, which every instance start
// would otherwise pay for, tax IDs or not.
func lazyDate(format string) Func {
	compiled := sync.OnceValue(func() Func {
		f, err := compileIsDate(args{format})
		if err != nil {
			panic(err) // a constant format: a bug, caught by the tax ID tests
		}
		return f
	})
	return func(s string) bool { return compiled()(s) }
}

// jsYear is `${prefix}${n}` for a parsed two-digit year, padded as
// validator.js pads it ("19"+5 = "195" → "1905").
func jsYear(prefix string, n int) string {
	y := prefix + strconv.Itoa(n)
	if len(y) == 3 {
		y = y[:2] + "0" + y[2:]
	}
	return y
}

// pad2 is `month < 10 ? "0"+month : month`.
func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// removeFirstNonWord is str.replace(/\W/, ”).
func removeFirstNonWord(s string) string {
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return s[:i] + s[i+1:]
		}
	}
	return s
}

func iso7064Check(s string) bool {
	check := 10
	for i := 0; i < len(s)-1; i++ {
		v := (int(s[i]-'0') + check) % 10
		if v == 0 {
			check = 10 * 2 % 11
		} else {
			check = v * 2 % 11
		}
	}
	if check == 1 {
		check = 0
	} else {
		check = 11 - check
	}
	return len(s) > 10 && check == int(s[10]-'0')
}

func bgBgCheck(t string) bool {
	year, month := t[:2], atoi(t[2:4])
	switch {
	case month > 40:
		month -= 40
		year = "20" + year
	case month > 20:
		month -= 20
		year = "18" + year
	default:
		year = "19" + year
	}
	if !isDateYMD(year + "/" + pad2(month) + "/" + t[4:6]) {
		return false
	}
	d := digitsOf(t)
	sum := 0
	for i, w := range []int{2, 4, 8, 5, 10, 9, 7, 3, 6} {
		sum += d[i] * w
	}
	sum %= 11
	if sum == 10 {
		sum = 0
	}
	return sum == d[9]
}

func csCzCheck(t string) bool {
	t = removeFirstNonWord(t)
	yy := atoi(t[:2])
	var year string
	if len(t) == 10 {
		if yy < 54 {
			year = jsYear("20", yy)
		} else {
			year = jsYear("19", yy)
		}
	} else {
		if t[6:] == "000" || yy >= 54 {
			return false
		}
		year = jsYear("19", yy)
	}
	month := atoi(t[2:4])
	if month > 50 {
		month -= 50
	}
	if month > 20 {
		if atoi(year) < 2004 {
			return false
		}
		month -= 20
	}
	if !isDateYMD(year + "/" + pad2(month) + "/" + t[4:6]) {
		return false
	}
	if len(t) == 10 {
		n, _ := strconv.ParseInt(t, 10, 64)
		if n%11 != 0 {
			c, _ := strconv.ParseInt(t[:9], 10, 64)
			if atoi(year) < 1986 && c%11 == 10 {
				return atoi(t[9:]) == 0
			}
			return false
		}
	}
	return true
}

func deDeCheck(t string) bool {
	d := digitsOf(t)
	var occ []string
	for i := 0; i < len(d)-1; i++ {
		o := ""
		for j := 0; j < len(d)-1; j++ {
			if d[i] == d[j] {
				o += strconv.Itoa(j)
			}
		}
		if len(o) > 1 {
			occ = append(occ, o)
		}
	}
	if len(occ) != 2 && len(occ) != 3 {
		return false
	}
	if len(occ[0]) == 3 {
		rec := 0
		for i := 0; i < 2; i++ {
			if occ[0][i]+1 == occ[0][i+1] {
				rec++
			}
		}
		if rec == 2 {
			return false
		}
	}
	return iso7064Check(t)
}

func dkDkCheck(t string) bool {
	t = removeFirstNonWord(t)
	yy := atoi(t[4:6])
	var year string
	switch t[6] {
	case '0', '1', '2', '3':
		year = jsYear("19", yy)
	case '4', '9':
		if yy < 37 {
			year = jsYear("20", yy)
		} else {
			year = jsYear("19", yy)
		}
	default:
		if yy < 58 {
			year = jsYear("20", yy)
		} else {
			year = jsYear("18", yy)
		}
	}
	if !isDateYMD(year + "/" + t[2:4] + "/" + t[:2]) {
		return false
	}
	d := digitsOf(t)
	sum, w := 0, 4
	for i := 0; i < 9; i++ {
		sum += d[i] * w
		w--
		if w == 1 {
			w = 7
		}
	}
	sum %= 11
	if sum == 1 {
		return false
	}
	if sum == 0 {
		return d[9] == 0
	}
	return d[9] == 11-sum
}

func elCyCheck(t string) bool {
	d := digitsOf(t[:8])
	sum := 0
	for i := 1; i < 8; i += 2 {
		sum += d[i]
	}
	for i := 0; i < 8; i += 2 {
		if d[i] < 2 {
			sum += 1 - d[i]
		} else {
			sum += 2*(d[i]-2) + 5
			if d[i] > 4 {
				sum += 2
			}
		}
	}
	return byte(sum%26+65) == t[8]
}

func elGrCheck(t string) bool {
	d := digitsOf(t)
	sum := 0
	for i := 0; i < 8; i++ {
		sum += d[i] << (8 - i)
	}
	return sum%11%10 == d[8]
}

func enIeCheck(t string) bool {
	sum := reverseMultiplyAndSum(digitsOf(t[:7]), 8)
	if len(t) == 9 && t[8] != 'W' {
		sum += (int(t[8]) - 64) * 9
	}
	sum %= 23
	c := strings.ToUpper(t[7:8])
	if sum == 0 {
		return c == "W"
	}
	return c == string(rune(64+sum))
}

var usCampusPrefixes = wordSet("10 12 60 67 50 53 01 02 03 04 05 06 11 13 14 16 21 22 23 25 34 51 52 54 55 56 57 58 59 65 " +
	"30 32 35 36 37 38 61 15 24 20 26 27 45 46 47 40 44 94 95 80 90 33 39 41 42 43 46 48 62 63 64 66 68 71 72 73 74 75 76 " +
	"77 81 82 83 84 85 86 87 88 91 92 93 98 99 31")

func enUsCheck(t string) bool { return usCampusPrefixes[t[:2]] }

func esArCheck(t string) bool {
	if len(t) != 11 || !allDigits(t) {
		return false // validator.js's arithmetic turns any other shape into NaN
	}
	d := digitsOf(t)
	acc := 0
	for i := 0; i < 10; i++ {
		acc += d[9-i] * (2 + i%6)
	}
	v := 11 - acc%11
	switch v {
	case 11:
		v = 0
	case 10:
		v = 9
	}
	return d[10] == v
}

func esEsCheck(t string) bool {
	s := strings.ToUpper(t)
	if !isDigit(s[0]) && len(s) > 1 {
		lead := "0"
		switch s[0] {
		case 'Y':
			lead = "1"
		case 'Z':
			lead = "2"
		}
		s = lead + s[1:]
	} else {
		for len(s) < 9 {
			s = "0" + s
		}
	}
	return s[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[atoi(s[:8])%23]
}

func etEeCheck(t string) bool {
	year := t[1:3]
	switch t[0] {
	case '1', '2':
		year = "18" + year
	case '3', '4':
		year = "19" + year
	default:
		year = "20" + year
	}
	if !isDateYMD(year + "/" + t[3:5] + "/" + t[5:7]) {
		return false
	}
	d := digitsOf(t)
	weighted := func(w int) int {
		sum := 0
		for i := 0; i < 10; i++ {
			sum += d[i] * w
			w++
			if w == 10 {
				w = 1
			}
		}
		return sum
	}
	sum := weighted(1)
	if sum%11 == 10 {
		sum = weighted(3)
		if sum%11 == 10 {
			return d[10] == 0
		}
	}
	return sum%11 == d[10]
}

func fiFiCheck(t string) bool {
	year := t[4:6]
	switch t[6] {
	case '+':
		year = "18" + year
	case '-':
		year = "19" + year
	default:
		year = "20" + year
	}
	if !isDateYMD(year + "/" + t[2:4] + "/" + t[:2]) {
		return false
	}
	sum := atoi(t[:6]+t[7:10]) % 31
	if sum < 10 {
		return isDigit(t[10]) && sum == int(t[10]-'0')
	}
	return "ABCDEFHJKLMNPRSTUVWXY"[sum-10] == t[10]
}

func frBeCheck(t string) bool {
	if t[2:4] != "00" || t[4:6] != "00" {
		if !isDateYY(t[:2] + "/" + t[2:4] + "/" + t[4:6]) {
			return false
		}
	}
	n, _ := strconv.ParseInt(t[:9], 10, 64)
	check := int64(atoi(t[9:11]))
	if 97-n%97 != check {
		n2, _ := strconv.ParseInt("2"+t[:9], 10, 64)
		if 97-n2%97 != check {
			return false
		}
	}
	return true
}

var taxJSSpaces = re(`[` + jsSpace + `]`)

func frFrCheck(t string) bool {
	t = taxJSSpaces.compiled().ReplaceAllString(t, "")
	n, _ := strconv.ParseInt(t[:10], 10, 64)
	return n%511 == int64(atoi(t[10:13]))
}

func frLuCheck(t string) bool {
	if !isDateYMD(t[:4] + "/" + t[4:6] + "/" + t[6:8]) {
		return false
	}
	return luhnValid(t[:12]) && verhoeffValid(t[:11]+t[12:13])
}

func huHuCheck(t string) bool {
	d := digitsOf(t)
	sum := 8
	for i := 1; i < 9; i++ {
		sum += d[i] * (i + 1)
	}
	return sum%11 == d[9]
}

func isVowel(c byte) bool { return strings.IndexByte("AEIOU", c) >= 0 }

func itItNameCheck(n string) bool {
	vowel, x := false, false
	for i := 0; i < 3; i++ {
		switch {
		case !vowel && isVowel(n[i]):
			vowel = true
		case !x && vowel && n[i] == 'X':
			x = true
		case i > 0:
			if vowel && !x && !isVowel(n[i]) {
				return false
			}
			if x && n[i] != 'X' {
				return false
			}
		}
	}
	return true
}

func itItCheck(t string) bool {
	c := []byte(strings.ToUpper(t))
	if !itItNameCheck(string(c[:3])) || !itItNameCheck(string(c[3:6])) {
		return false
	}
	for _, i := range []int{6, 7, 9, 10, 12, 13, 14} {
		if k := strings.IndexByte("LMNPQRSTUV", c[i]); k >= 0 {
			c[i] = byte('0' + k)
		}
	}
	months := map[byte]string{'A': "01", 'B': "02", 'C': "03", 'D': "04", 'E': "05", 'H': "06", 'L': "07", 'M': "08",
		'P': "09", 'R': "10", 'S': "11", 'T': "12"}
	month, ok := months[c[8]]
	if !ok {
		return false
	}
	day := atoi(string(c[9:11]))
	if day > 40 {
		day -= 40
	}
	if !isDateYY(string(c[6:8]) + "/" + month + "/" + pad2(day)) {
		return false
	}
	sum := 0
	for i := 1; i < len(c)-1; i += 2 {
		if isDigit(c[i]) {
			sum += int(c[i] - '0')
		} else {
			sum += int(c[i]) - 65
		}
	}
	odd := map[byte]int{'A': 1, 'B': 0, 'C': 5, 'D': 7, 'E': 9, 'F': 13, 'G': 15, 'H': 17, 'I': 19, 'J': 21, 'K': 2,
		'L': 4, 'M': 18, 'N': 20, 'O': 11, 'P': 3, 'Q': 6, 'R': 8, 'S': 12, 'T': 14, 'U': 16, 'V': 10, 'W': 22,
		'X': 25, 'Y': 24, 'Z': 23, '0': 1, '1': 0}
	for i := 0; i < len(c)-1; i += 2 {
		if v, ok := odd[c[i]]; ok {
			sum += v
		} else {
			m := int(c[i] - '0')
			v := 2*m + 1
			if m > 4 {
				v += 2
			}
			sum += v
		}
	}
	return byte(65+sum%26) == c[15]
}

func lvLvCheck(t string) bool {
	t = removeFirstNonWord(t)
	day := t[:2]
	if day == "32" {
		return true // new format: no date or checksum
	}
	if month := t[2:4]; month != "00" {
		year := t[4:6]
		switch t[6] {
		case '0':
			year = "18" + year
		case '1':
			year = "19" + year
		default:
			year = "20" + year
		}
		if !isDateYMD(year + "/" + month + "/" + day) {
			return false
		}
	}
	sum := 1101
	for i, w := range []int{1, 6, 3, 7, 9, 10, 5, 8, 4, 2} {
		sum -= int(t[i]-'0') * w
	}
	return int(t[10]-'0') == sum%11%10
}

func mtMtCheck(t string) bool {
	if len(t) == 9 {
		return true
	}
	c := strings.ToUpper(t)
	for len(c) < 8 {
		c = "0" + c
	}
	var at7 byte
	if len(t) > 7 {
		at7 = t[7]
	}
	switch at7 {
	case 'A', 'P':
		return atoi(c[6:7]) != 0 || !isDigit(c[6])
	}
	first, second := atoi(c[:5]), atoi(c[5:7])
	return first <= 32000 && first != second
}

func nlNlCheck(t string) bool {
	return reverseMultiplyAndSum(digitsOf(t[:8]), 9)%11 == int(t[8]-'0')
}

func plPlCheck(t string) bool {
	if len(t) == 10 {
		sum := 0
		for i, w := range []int{6, 5, 7, 2, 3, 4, 5, 6, 7} {
			sum += int(t[i]-'0') * w
		}
		sum %= 11
		return sum != 10 && sum == int(t[9]-'0')
	}
	year, month := t[:2], atoi(t[2:4])
	switch {
	case month > 80:
		year, month = "18"+year, month-80
	case month > 60:
		year, month = "22"+year, month-60
	case month > 40:
		year, month = "21"+year, month-40
	case month > 20:
		year, month = "20"+year, month-20
	default:
		year = "19" + year
	}
	if !isDateYMD(year + "/" + pad2(month) + "/" + t[4:6]) {
		return false
	}
	sum, m := 0, 1
	for i := 0; i < len(t)-1; i++ {
		sum += int(t[i]-'0') * m % 10
		m += 2
		if m > 10 {
			m = 1
		} else if m == 5 {
			m += 2
		}
	}
	return (10-sum%10)%10 == int(t[10]-'0')
}

var brSeparators = re(`[.\-/]`)

func ptBrCheck(t string) bool {
	t = brSeparators.compiled().ReplaceAllString(t, "")
	if len(t) == 11 {
		if strings.Count(t, t[:1]) == 11 {
			return false // 000.000.000-00 … 999.999.999-99 are known invalid
		}
		d := digitsOf(t)
		for _, n := range []int{9, 10} {
			sum := 0
			for i := 1; i <= n; i++ {
				sum += d[i-1] * (n + 2 - i)
			}
			r := sum * 10 % 11
			if r == 10 {
				r = 0
			}
			if r != d[n] {
				return false
			}
		}
		return true
	}
	return validCNPJ(t)
}

// validCNPJ is the (alphanumeric since 2026) CNPJ check.
func validCNPJ(c string) bool {
	if len(c) < 14 {
		return false
	}
	up := strings.ToUpper(c)
	if strings.Count(up, up[:1]) == len(up) {
		return false
	}
	ids, dv := up[:12], c[12:]
	digit := func(w0 int, extra int) int {
		sum, w := extra, w0
		for i := 0; i < 12; i++ {
			sum += (int(ids[i]) - 48) * w
			if w == 2 {
				w = 9
			} else {
				w--
			}
		}
		r := sum % 11
		if r < 2 {
			return 0
		}
		return 11 - r
	}
	first := digit(5, 0)
	if !isDigit(dv[0]) || first != int(dv[0]-'0') {
		return false
	}
	second := digit(6, first*2)
	return isDigit(dv[1]) && second == int(dv[1]-'0')
}

func ptPtCheck(t string) bool {
	check := 11 - reverseMultiplyAndSum(digitsOf(t[:8]), 9)%11
	if check > 9 {
		return t[8] == '0'
	}
	return check == int(t[8]-'0')
}

func roRoCheck(t string) bool {
	if t[:4] == "9000" {
		return true
	}
	year := t[1:3]
	switch t[0] {
	case '1', '2':
		year = "19" + year
	case '3', '4':
		year = "18" + year
	case '5', '6':
		year = "20" + year
	}
	date := year + "/" + t[3:5] + "/" + t[5:7]
	if len(date) == 8 {
		if !isDateYY(date) {
			return false
		}
	} else if !isDateYMD(date) {
		return false
	}
	d := digitsOf(t)
	sum := 0
	for i, w := range []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9} {
		sum += d[i] * w
	}
	if sum%11 == 10 {
		return d[12] == 1
	}
	return d[12] == sum%11
}

func skSkCheck(t string) bool {
	if len(t) != 9 {
		return true
	}
	if t[6:] == "000" {
		return false
	}
	yy := atoi(t[:2])
	if yy > 53 {
		return false
	}
	year := "19" + strconv.Itoa(yy)
	if yy < 10 {
		year = "190" + strconv.Itoa(yy)
	}
	month := atoi(t[2:4])
	if month > 50 {
		month -= 50
	}
	return isDateYMD(year + "/" + pad2(month) + "/" + t[4:6])
}

func slSiCheck(t string) bool {
	check := 11 - reverseMultiplyAndSum(digitsOf(t[:7]), 8)%11
	if check == 10 {
		return t[7] == '0'
	}
	return check == int(t[7]-'0')
}

func svSeCheck(t string) bool {
	cp := t
	if len(t) > 11 {
		cp = cp[2:]
	}
	month := cp[2:4]
	day := atoi(cp[4:6])
	var year string
	if len(t) > 11 {
		year = t[:4]
	} else {
		year = t[:2]
		if len(t) == 11 && day < 60 {
			now := nowFunc().UTC().Year()
			century := now / 100
			if t[6] == '-' {
				if atoi(strconv.Itoa(century)+year) > now {
					year = strconv.Itoa(century-1) + year
				} else {
					year = strconv.Itoa(century) + year
				}
			} else {
				year = strconv.Itoa(century-1) + year
				if now-atoi(year) < 100 {
					return false
				}
			}
		}
	}
	if day > 60 {
		day -= 60
	}
	date := year + "/" + month + "/" + pad2(day)
	if len(date) == 8 {
		if !isDateYY(date) {
			return false
		}
	} else if !isDateYMD(date) {
		return false
	}
	return luhnValid(removeFirstNonWord(t))
}

func ukUaCheck(t string) bool {
	d := digitsOf(t)
	sum := 0
	for i, w := range []int{-1, 5, 7, 9, 4, 6, 10, 5, 7} {
		sum += d[i] * w
	}
	if sum%11 == 10 {
		return d[9] == 0
	}
	return d[9] == sum%11
}
