package headers

import "testing"

func TestCrossOriginResourcePolicy(t *testing.T) {
	runHeaderCases(t, "Cross-Origin-Resource-Policy", []headerCase{
		{name: "default", options: `{}`, want: "same-origin"},
		{name: "same-site", options: `{"crossOriginResourcePolicy":{"policy":"same-site"}}`, want: "same-site"},
		{name: "bad type", options: `{"crossOriginResourcePolicy":{"policy":["same-site"]}}`, wantErr: `Cross-Origin-Resource-Policy does not support the ["same-site"] policy`},
		{name: "string option", options: `{"crossOriginResourcePolicy":"same-site"}`, wantErr: `crossOriginResourcePolicy must be true, false or an options object, not "same-site"`},
	})
}
