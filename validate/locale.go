package validate

import "strings"

// Locale-table validators. The tables themselves are generated from
// validator.js (tables_gen.go); the few entries RE2 cannot express are in
// locale_hand.go.

func init() {
	registerValidators(map[string]compileFunc{
		"isMobilePhone": compileMobilePhone,
		"isPostalCode": func(a args) (Func, error) {
			return compileLocaleTable(a, postalCodes(), postalCodesAny, "isPostalCode")
		},
		"isLicensePlate": func(a args) (Func, error) {
			return compileLocaleTable(a, licensePlates(), licensePlatesAny, "isLicensePlate")
		},
		"isPassportNumber": compilePassport,
		"isVAT":            compileVAT,
	})
}

func compileMobilePhone(a args) (Func, error) {
	o, err := a.opts(1, "strictMode")
	if err != nil {
		return nil, err
	}
	strict := o.flag("strictMode", false)
	var match func(string) bool
	switch loc := a.at(0).(type) {
	case []any:
		var ms []matcher
		for _, l := range stringList(loc) {
			// validator.js skips unknown locales inside an array.
			if m, ok := mobilePhones()[l]; ok {
				ms = append(ms, m)
			}
		}
		match = func(s string) bool {
			for _, m := range ms {
				if m.MatchString(s) {
					return true
				}
			}
			return false
		}
	default:
		name := ""
		if truthy(loc) {
			name = ToString(loc)
		}
		if m, ok := mobilePhones()[name]; ok {
			match = m.MatchString
		} else if name == "" || name == "any" {
			match = func(s string) bool { return isAnyOf(mobilePhonesAny, s) }
		} else {
			return nil, optErr("invalid locale %q", name)
		}
	}
	return func(s string) bool {
		if strict && !strings.HasPrefix(s, "+") {
			return false
		}
		return match(s)
	}, nil
}

// compileLocaleTable is the shape of isPostalCode and isLicensePlate: one
// locale, or "any".
func compileLocaleTable(a args, table map[string]matcher, anyT anyTable, name string) (Func, error) {
	loc := ToString(a.at(0))
	if m, ok := table[loc]; ok {
		return m.MatchString, nil
	}
	if loc == "any" {
		return func(s string) bool { return isAnyOf(anyT, s) }, nil
	}
	return nil, optErr("invalid locale %q for %s", loc, name)
}

func compilePassport(a args) (Func, error) {
	cc := ToString(a.at(0))
	m, ok := passportNumbers()[strings.ToUpper(cc)]
	if !ok || passportNumbers()[cc] == nil {
		// validator.js returns false for unknown (and for lower-case) codes.
		return nil, optErr("invalid country code %q", cc)
	}
	return func(s string) bool {
		s = strings.ToUpper(strings.Map(func(r rune) rune {
			if isJSSpace(r) {
				return -1
			}
			return r
		}, s))
		return m.MatchString(s)
	}, nil
}

func compileVAT(a args) (Func, error) {
	cc, isString := a.at(0).(string)
	if !isString {
		return nil, optErr("country code must be a string")
	}
	m, ok := vatNumbers()[cc]
	if !ok {
		return nil, optErr("invalid country code %q", cc)
	}
	return m.MatchString, nil
}
