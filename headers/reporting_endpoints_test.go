package headers

import "testing"

func TestReportingEndpoints(t *testing.T) {
	runHeaderCases(t, "Reporting-Endpoints", []headerCase{
		{name: "off by default", options: `{}`, unset: true},
		{name: "two endpoints in order", options: `{"reportingEndpoints":{"csp-endpoint":"https://r.example/csp","default":"/reports"}}`,
			want: `csp-endpoint="https://r.example/csp", default="/reports"`},
		{name: "true has no endpoint", options: `{"reportingEndpoints":true}`, wantErr: `Reporting-Endpoints needs at least one endpoint, e.g. {"csp-endpoint": "https://example.com/csp-reports"}`},
		{name: "http refused", options: `{"reportingEndpoints":{"csp":"http://r.example/"}}`, wantErr: `Reporting-Endpoints endpoint "csp" must be an https: URL or an absolute path`},
		{name: "protocol-relative refused", options: `{"reportingEndpoints":{"csp":"//r.example/"}}`, wantErr: `Reporting-Endpoints endpoint "csp" must be an https: URL or an absolute path`},
		{name: "quote refused", options: `{"reportingEndpoints":{"csp":"/a\", x=\"/b"}}`, wantErr: `Reporting-Endpoints endpoint "csp" must be an https: URL or an absolute path`},
		{name: "bad name", options: `{"reportingEndpoints":{"CSP":"/r"}}`, wantErr: `Reporting-Endpoints received an invalid endpoint name "CSP" (lower-case letters, digits, _-.*)`},
	})
}
