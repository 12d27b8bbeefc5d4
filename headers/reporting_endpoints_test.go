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

func TestReportToMustNameAnEndpoint(t *testing.T) {
	ok := `{"contentSecurityPolicy":{"directives":{"reportTo":"csp"}},"reportingEndpoints":{"default":"/r","csp":"https://r.example/csp"}}`
	if _, err := Compile([]byte(ok)); err != nil {
		t.Fatal(err)
	}
	bad := `{"contentSecurityPolicy":{"directives":{"reportTo":"cps"}},"reportingEndpoints":{"csp":"/r"}}`
	_, err := Compile([]byte(bad))
	if err == nil || err.Error() != `Content-Security-Policy report-to names the endpoint "cps", which reportingEndpoints does not define` {
		t.Fatalf("error %v", err)
	}
	// Without reportingEndpoints the endpoint may be declared elsewhere.
	if _, err := Compile([]byte(`{"contentSecurityPolicy":{"directives":{"reportTo":"cps"}}}`)); err != nil {
		t.Fatal(err)
	}
}
