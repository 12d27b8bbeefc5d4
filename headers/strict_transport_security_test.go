package headers

import "testing"

func TestStrictTransportSecurity(t *testing.T) {
	runHeaderCases(t, "Strict-Transport-Security", []headerCase{
		{name: "default one year", options: `{}`, want: "max-age=31536000; includeSubDomains"},
		{name: "two years preload", options: `{"strictTransportSecurity":{"maxAge":63072000,"preload":true}}`, want: "max-age=63072000; includeSubDomains; preload"},
		{name: "floored", options: `{"hsts":{"maxAge":99.99}}`, want: "max-age=99; includeSubDomains"},
		{name: "exponent", options: `{"hsts":{"maxAge":1e3}}`, want: "max-age=1000; includeSubDomains"},
		{name: "huge", options: `{"hsts":{"maxAge":1.5e22}}`, want: "max-age=1.5e+22; includeSubDomains"},
		{name: "negative zero", options: `{"hsts":{"maxAge":-0}}`, want: "max-age=0; includeSubDomains"},
		{name: "no subdomains", options: `{"hsts":{"includeSubDomains":false}}`, want: "max-age=31536000"},
		{name: "null subdomains is falsy", options: `{"hsts":{"includeSubDomains":null}}`, want: "max-age=31536000"},
		{name: "negative", options: `{"hsts":{"maxAge":-1}}`, wantErr: "Strict-Transport-Security: -1 is not a valid value for maxAge. Please choose a positive integer."},
		{name: "bool", options: `{"hsts":{"maxAge":true}}`, wantErr: "Strict-Transport-Security: true is not a valid value for maxAge. Please choose a positive integer."},
		{name: "maxage typo", options: `{"hsts":{"maxage":1}}`, wantErr: "Strict-Transport-Security received an unsupported property, `maxage`. Did you mean to pass `maxAge`?"},
		{name: "unknown", options: `{"hsts":{"preLoad":true}}`, wantErr: `Strict-Transport-Security received an unknown option "preLoad"`},
		{name: "off", options: `{"strictTransportSecurity":false}`, unset: true},
	})
}
