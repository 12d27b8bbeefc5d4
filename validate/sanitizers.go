package validate

import (
	"math"
	"strings"
)

// validator.js's sanitizers. Each maps the string form of a value to the new
// value.

func init() {
	for k, v := range map[string]sanitizerCompileFunc{
		"trim":           func(a args) (SanitizerFunc, error) { return trimSanitizer(a, true, true) },
		"ltrim":          func(a args) (SanitizerFunc, error) { return trimSanitizer(a, true, false) },
		"rtrim":          func(a args) (SanitizerFunc, error) { return trimSanitizer(a, false, true) },
		"escape":         stringSanitizer(htmlEscaper.Replace),
		"unescape":       stringSanitizer(unescapeHTML),
		"blacklist":      func(a args) (SanitizerFunc, error) { return classSanitizer(ToString(a.at(0)), false) },
		"whitelist":      func(a args) (SanitizerFunc, error) { return classSanitizer(ToString(a.at(0)), true) },
		"stripLow":       compileStripLow,
		"toBoolean":      compileToBoolean,
		"toInt":          compileToInt,
		"toFloat":        func(args) (SanitizerFunc, error) { return func(s string) any { return jsToFloat(s) }, nil },
		"toDate":         func(args) (SanitizerFunc, error) { return toDate, nil },
		"toString":       stringSanitizer(func(s string) string { return s }),
		"normalizeEmail": compileNormalizeEmail,
	} {
		sanitizerTable[k] = v
	}
}

func stringSanitizer(f func(string) string) sanitizerCompileFunc {
	return func(args) (SanitizerFunc, error) { return func(s string) any { return f(s) }, nil }
}

func trimSanitizer(a args, left, right bool) (SanitizerFunc, error) {
	cut := isJSSpace
	if a.present(0) {
		if chars := ToString(a.at(0)); chars != "" {
			cut = func(r rune) bool { return strings.ContainsRune(chars, r) }
		}
	}
	return func(s string) any {
		if left {
			s = strings.TrimLeftFunc(s, cut)
		}
		if right {
			s = strings.TrimRightFunc(s, cut)
		}
		return s
	}, nil
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", `"`, "&quot;", "'", "&#x27;", "<", "&lt;", ">", "&gt;",
	"/", "&#x2F;", `\`, "&#x5C;", "`", "&#96;")

// unescapeHTML undoes escape in validator.js's order (&amp; last, so that
// "&amp;lt;" becomes "&lt;", not "<").
func unescapeHTML(s string) string {
	for _, p := range [][2]string{{"&quot;", `"`}, {"&#x27;", "'"}, {"&lt;", "<"}, {"&gt;", ">"},
		{"&#x2F;", "/"}, {"&#x5C;", `\`}, {"&#96;", "`"}, {"&amp;", "&"}} {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

// classSanitizer removes runs of characters in (blacklist) or not in
// (whitelist) a character-class body, written as in validator.js (the body
// goes into [...] unescaped, so ranges like "\x00-\x1F" work).
func classSanitizer(chars string, keep bool) (SanitizerFunc, error) {
	neg := ""
	if keep {
		neg = "^"
	}
	rx, _, err := compileJSRegExp("["+neg+chars+"]+", "g")
	if err != nil {
		return nil, err
	}
	return func(s string) any { return rx.ReplaceAllLiteralString(s, "") }, nil
}

func compileStripLow(a args) (SanitizerFunc, error) {
	if truthy(a.at(0)) {
		return classSanitizer(`\x00-\x09\x0B\x0C\x0E-\x1F\x7F`, false)
	}
	return classSanitizer(`\x00-\x1F\x7F`, false)
}

func compileToBoolean(a args) (SanitizerFunc, error) {
	strict := truthy(a.at(0))
	return func(s string) any {
		if strict {
			return s == "1" || strings.EqualFold(s, "true")
		}
		return s != "0" && !strings.EqualFold(s, "false") && s != ""
	}, nil
}

func compileToInt(a args) (SanitizerFunc, error) {
	radix := 10
	if truthy(a.at(0)) {
		f, ok := toNumber(a.at(0))
		if !ok || f != math.Trunc(f) {
			return nil, optErr("radix must be an integer")
		}
		radix = int(f)
	}
	return func(s string) any { return jsParseInt(s, radix) }, nil
}

func toDate(s string) any {
	if t, ok := jsDateParse(s); ok {
		return t
	}
	return InvalidDate
}

var normalizeEmailKeys = []string{"all_lowercase", "gmail_lowercase", "gmail_remove_dots", "gmail_remove_subaddress",
	"gmail_convert_googlemaildotcom", "outlookdotcom_lowercase", "outlookdotcom_remove_subaddress", "yahoo_lowercase",
	"yahoo_remove_subaddress", "yandex_lowercase", "yandex_convert_yandexru", "icloud_lowercase", "icloud_remove_subaddress"}

var (
	icloudDomains  = wordSet("icloud.com me.com")
	outlookDomains = wordSet("hotmail.at hotmail.be hotmail.ca hotmail.cl hotmail.co.il hotmail.co.nz hotmail.co.th hotmail.co.uk hotmail.com hotmail.com.ar hotmail.com.au hotmail.com.br hotmail.com.gr hotmail.com.mx hotmail.com.pe hotmail.com.tr hotmail.com.vn hotmail.cz hotmail.de hotmail.dk hotmail.es hotmail.fr hotmail.hu hotmail.id hotmail.ie hotmail.in hotmail.it hotmail.jp hotmail.kr hotmail.lv hotmail.my hotmail.ph hotmail.pt hotmail.sa hotmail.sg hotmail.sk live.be live.co.uk live.com live.com.ar live.com.mx live.de live.es live.eu live.fr live.it live.nl msn.com outlook.at outlook.be outlook.cl outlook.co.il outlook.co.nz outlook.co.th outlook.com outlook.com.ar outlook.com.au outlook.com.br outlook.com.gr outlook.com.pe outlook.com.tr outlook.com.vn outlook.cz outlook.de outlook.dk outlook.es outlook.fr outlook.hu outlook.id outlook.ie outlook.in outlook.it outlook.jp outlook.kr outlook.lv outlook.my outlook.ph outlook.pt outlook.sa outlook.sg outlook.sk passport.com")
	yahooDomains   = wordSet("rocketmail.com yahoo.ca yahoo.co.uk yahoo.com yahoo.de yahoo.fr yahoo.in yahoo.it ymail.com")
	yandexDomains  = wordSet("yandex.ru yandex.ua yandex.kz yandex.com yandex.by ya.ru")
	singleDots     = re(`\.+`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// compileNormalizeEmail is validator.js's normalizeEmail. Like validator.js
// it returns false (a bool) when the local part becomes empty.
func compileNormalizeEmail(a args) (SanitizerFunc, error) {
	o, err := a.opts(0, normalizeEmailKeys...)
	if err != nil {
		return nil, err
	}
	f := func(k string) bool { return o.flag(k, true) }
	lower := f("all_lowercase")
	return func(s string) any {
		at := strings.LastIndexByte(s, '@')
		user, domain := "", s
		if at >= 0 {
			user, domain = s[:at], s[at+1:]
		}
		domain = strings.ToLower(domain)
		beforePlus := func(u string) string { b, _, _ := strings.Cut(u, "+"); return b }
		switch {
		case domain == "gmail.com" || domain == "googlemail.com":
			if f("gmail_remove_subaddress") {
				user = beforePlus(user)
			}
			if f("gmail_remove_dots") {
				user = singleDots.compiled().ReplaceAllStringFunc(user, func(m string) string {
					if len(m) > 1 {
						return m
					}
					return ""
				})
			}
			if user == "" {
				return false
			}
			if lower || f("gmail_lowercase") {
				user = strings.ToLower(user)
			}
			if f("gmail_convert_googlemaildotcom") {
				domain = "gmail.com"
			}
		case icloudDomains[domain]:
			if f("icloud_remove_subaddress") {
				user = beforePlus(user)
			}
			if user == "" {
				return false
			}
			if lower || f("icloud_lowercase") {
				user = strings.ToLower(user)
			}
		case outlookDomains[domain]:
			if f("outlookdotcom_remove_subaddress") {
				user = beforePlus(user)
			}
			if user == "" {
				return false
			}
			if lower || f("outlookdotcom_lowercase") {
				user = strings.ToLower(user)
			}
		case yahooDomains[domain]:
			if f("yahoo_remove_subaddress") {
				if i := strings.LastIndexByte(user, '-'); i >= 0 {
					user = user[:i]
				}
			}
			if user == "" {
				return false
			}
			if lower || f("yahoo_lowercase") {
				user = strings.ToLower(user)
			}
		case yandexDomains[domain]:
			if lower || f("yandex_lowercase") {
				user = strings.ToLower(user)
			}
			if f("yandex_convert_yandexru") {
				domain = "yandex.ru"
			}
		case lower:
			user = strings.ToLower(user)
		}
		return user + "@" + domain
	}, nil
}
