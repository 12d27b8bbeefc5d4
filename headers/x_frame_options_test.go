package headers

import "testing"

func TestXFrameOptions(t *testing.T) {
	runHeaderCases(t, "X-Frame-Options", []headerCase{
		{name: "default", options: `{}`, want: "SAMEORIGIN"},
		{name: "deny", options: `{"xFrameOptions":{"action":"deny"}}`, want: "DENY"},
		{name: "mixed case", options: `{"frameguard":{"action":"sAmEoRiGiN"}}`, want: "SAMEORIGIN"},
		{name: "same-origin", options: `{"frameguard":{"action":"SAME-ORIGIN"}}`, want: "SAMEORIGIN"},
		{name: "allow-from gone", options: `{"xFrameOptions":{"action":"ALLOW-FROM https://a.example"}}`, wantErr: `X-Frame-Options received an invalid action "ALLOW-FROM https://a.example"`},
		{name: "null action", options: `{"xFrameOptions":{"action":null}}`, wantErr: `X-Frame-Options received an invalid action null`},
		{name: "alias null", options: `{"frameguard":null}`, wantErr: `xFrameOptions must be true, false or an options object, not null`},
		{name: "option null falls to alias", options: `{"xFrameOptions":null}`, want: "SAMEORIGIN"},
	})
}
