package headers

import "testing"

// fixedHeader names a header helmet gives no options.
type fixedHeader struct{ option, alias, header, value string }

// testFixedHeader checks a header helmet gives no options
// (Origin-Agent-Cluster, X-Content-Type-Options, X-Download-Options,
// X-XSS-Protection).
func testFixedHeader(t *testing.T, h fixedHeader) {
	t.Helper()
	cases := []headerCase{
		{name: "default", options: `{}`, want: h.value},
		{name: "true", options: `{"` + h.option + `":true}`, want: h.value},
		{name: "empty object", options: `{"` + h.option + `":{}}`, want: h.value},
		{name: "false", options: `{"` + h.option + `":false}`, unset: true},
		{name: "options refused", options: `{"` + h.option + `":{"x":1}}`, wantErr: h.header + ` does not take options; remove "x"`},
	}
	if h.alias != "" {
		cases = append(cases,
			headerCase{name: "alias false", options: `{"` + h.alias + `":false}`, unset: true},
			headerCase{name: "twice", options: `{"` + h.option + `":true,"` + h.alias + `":true}`,
				wantErr: h.header + " option was specified twice. Remove the `" + h.alias + "` option to fix this error."})
	}
	runHeaderCases(t, h.header, cases)
}
