package headers

import "testing"

func TestReferrerPolicy(t *testing.T) {
	runHeaderCases(t, "Referrer-Policy", []headerCase{
		{name: "default", options: `{}`, want: "no-referrer"},
		{name: "string", options: `{"referrerPolicy":{"policy":"same-origin"}}`, want: "same-origin"},
		{name: "list keeps order", options: `{"referrerPolicy":{"policy":["no-referrer","strict-origin-when-cross-origin"]}}`, want: "no-referrer,strict-origin-when-cross-origin"},
		{name: "empty token", options: `{"referrerPolicy":{"policy":""}}`, want: ""},
		{name: "empty list", options: `{"referrerPolicy":{"policy":[]}}`, wantErr: "Referrer-Policy received no policy tokens"},
		{name: "unknown", options: `{"referrerPolicy":{"policy":"never"}}`, wantErr: `Referrer-Policy received an unexpected policy token "never"`},
		{name: "duplicate", options: `{"referrerPolicy":{"policy":["origin","origin"]}}`, wantErr: `Referrer-Policy received a duplicate policy token "origin"`},
		{name: "object policy", options: `{"referrerPolicy":{"policy":{}}}`, wantErr: `Referrer-Policy policy must be a string or an array of strings, not {}`},
		{name: "off", options: `{"referrerPolicy":false}`, unset: true},
	})
}
