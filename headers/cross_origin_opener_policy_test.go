package headers

import "testing"

func TestCrossOriginOpenerPolicy(t *testing.T) {
	runHeaderCases(t, "Cross-Origin-Opener-Policy", []headerCase{
		{name: "default", options: `{}`, want: "same-origin"},
		{name: "popups", options: `{"crossOriginOpenerPolicy":{"policy":"same-origin-allow-popups"}}`, want: "same-origin-allow-popups"},
		{name: "noopener", options: `{"crossOriginOpenerPolicy":{"policy":"noopener-allow-popups"}}`, want: "noopener-allow-popups"},
		{name: "off", options: `{"crossOriginOpenerPolicy":false}`, unset: true},
		{name: "bad", options: `{"crossOriginOpenerPolicy":{"policy":"Same-Origin"}}`, wantErr: `Cross-Origin-Opener-Policy does not support the "Same-Origin" policy`},
	})
}
