package headers

import (
	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// unit describes one header of helmet's set: its option name, its legacy
// alias, whether helmet sets it when the option is absent, and how its value
// is made from the option object (nil for defaults).
type unit struct {
	option, alias    string
	header           string
	enabledByDefault bool
	value            func(opts *jsopt.Map) (string, error)
}

// resolve applies helmet's per-option switch: absent (or, for options with a
// legacy alias, null: helmet reads `option ?? alias`) means the default, true
// enables with default options, false disables, an object is the options.
// Anything else is refused; helmet throws a TypeError for null and applies
// its defaults to other values (docs/headers.md). It returns whether the
// header is set and its options.
func (u unit) resolve(top *jsopt.Map) (bool, *jsopt.Map, error) {
	v := top.Get(u.option)
	if u.alias != "" {
		if top.Has(u.option) && top.Has(u.alias) {
			return false, nil, configErrorf("%s option was specified twice. Remove the `%s` option to fix this error.", u.header, u.alias)
		}
		// helmet reads `option ?? alias`: a null option falls through to
		// the alias, and what comes out (maybe null) is used as is.
		if v.Kind == jsopt.Absent || v.Kind == jsopt.Null {
			v = top.Get(u.alias)
		}
	}
	switch {
	case v.Kind == jsopt.Absent:
		return u.enabledByDefault, nil, nil
	case v.IsTrue():
		return true, nil, nil
	case v.IsFalse():
		return false, nil, nil
	case v.Kind == jsopt.Object:
		m, err := jsopt.ParseMap(v.Raw)
		if err != nil {
			return false, nil, configErrorf("%s options: %v", u.option, err)
		}
		return true, m, nil
	}
	return false, nil, configErrorf("%s must be true, false or an options object, not %s", u.option, v.Stringify())
}

// noUnknown rejects option keys the header does not have. helmet ignores
// them; a misspelt option silently falling back to a default is how weak
// headers ship, so we refuse (docs/headers.md).
func noUnknown(header string, opts *jsopt.Map, allowed ...string) error {
	if k := opts.Unknown(allowed...); k != "" {
		return configErrorf("%s received an unknown option %s", header, jsopt.Quote(k))
	}
	return nil
}

// fixedValue is the value function of the headers helmet gives no options.
// helmet only warns when options are passed; we refuse non-empty ones.
func fixedValue(header, value string) func(*jsopt.Map) (string, error) {
	return func(opts *jsopt.Map) (string, error) {
		if opts != nil && len(opts.Keys) > 0 {
			return "", configErrorf("%s does not take options; remove %s", header, jsopt.Quote(opts.Keys[0]))
		}
		return value, nil
	}
}

// oneOf is the value function of headers whose only option picks one of a
// fixed set of values (Cross-Origin-*-Policy, X-Permitted-Cross-Domain-Policies).
func oneOf(header, key, def string, allowed []string, message func(got string) string) func(*jsopt.Map) (string, error) {
	return func(opts *jsopt.Map) (string, error) {
		v := opts.Get(key)
		if v.Kind == jsopt.Absent {
			return def, noUnknown(header, opts, key)
		}
		if s, ok := v.String(); ok {
			for _, a := range allowed {
				if s == a {
					return s, noUnknown(header, opts, key)
				}
			}
		}
		return "", configErrorf("%s", message(v.Stringify()))
	}
}
