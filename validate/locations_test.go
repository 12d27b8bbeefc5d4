package validate

import (
	"slices"
	"strings"
	"testing"
)

// TestSchemaLocations checks which locations a schema reports reading, and
// that dropping every other location from a request changes nothing: the
// result with the whole request and with only the reported locations is
// byte-identical (valid and invalid requests, sanitizers, unknown fields).
func TestSchemaLocations(t *testing.T) {
	// Every location holds a field "a" (valid for isInt in body, invalid
	// elsewhere) and an extra field, so a location wrongly left out shows as
	// a missing error, datum or unknown field.
	requests := []string{
		`{"body":{"a":"1","x":"b"},"query":{"a":"q","x":"q"},"params":{"a":"p"},"headers":{"A":"h","authorization":"Bearer t"},"cookies":{"a":"c"}}`,
		`{"body":{"a":" z ","b":"5"},"query":{"b":"7"},"params":{},"headers":{"b":"x"},"cookies":{"b":"1"}}`,
		`{"body":[1,2],"query":{},"params":{"a":"9"},"headers":{},"cookies":{"a":"2"}}`,
	}
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"body only", `{"a":{"in":["body"],"isInt":true}}`, []string{"body"}},
		{"in as a string", `{"a":{"in":"query","isInt":true}}`, []string{"query"}},
		{"no in: every location", `{"a":{"isInt":true}}`, Locations},
		{"no in, defaultLocations", `{"schema":{"a":{"isInt":true}},"defaultLocations":["params","body"]}`, []string{"body", "params"}},
		{"several fields", `{"a":{"in":["headers"],"trim":true},"b":{"in":["cookies","body"],"isInt":true}}`, []string{"body", "cookies", "headers"}},
		{"if condition", `{"a":{"in":["body"],"trim":true,"isInt":{"if":{"field":"b","in":["query"],"isInt":true}}}}`, []string{"body", "query"}},
		{"if condition without in", `{"a":{"in":["body"],"isInt":{"if":{"field":"b","isInt":true}}}}`, Locations},
		{"nested if", `{"a":{"in":["body"],"isInt":{"if":{"field":"b","in":["query"],"isInt":{"if":{"field":"a","in":["cookies"],"notEmpty":true}}}}}}`, []string{"body", "cookies", "query"}},
		{"oneOf", `{"schema":{"a":{"in":["body"],"isInt":true}},"oneOf":[{"groups":[{"b":{"in":["params"],"isInt":true}},{"b":{"in":["headers"],"notEmpty":true}}]}]}`, []string{"body", "headers", "params"}},
		{"unknown reject", `{"schema":{"a":{"in":["body"],"isInt":true}},"unknown":"reject"}`, []string{"body", "params", "query"}},
		{"unknown allow, locations", `{"schema":{"a":{"in":["body"],"isInt":true}},"unknown":"allow","unknownLocations":["cookies"]}`, []string{"body", "cookies"}},
		{"unknown strip reads nothing more", `{"schema":{"a":{"in":["body"],"isInt":true}},"unknown":"strip","unknownLocations":["cookies"]}`, []string{"body"}},
		{"empty schema", `{}`, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := CompileConfig([]byte(tc.config))
			if err != nil {
				t.Fatal(err)
			}
			got := s.Locations()
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Locations() = %q, want %q", got, tc.want)
			}
			for _, req := range requests {
				whole, err := s.ValidateJSON([]byte(req))
				if err != nil {
					t.Fatal(err)
				}
				part, err := s.ValidateJSON([]byte(onlyLocations(t, req, got)))
				if err != nil {
					t.Fatal(err)
				}
				if string(whole) != string(part) {
					t.Errorf("request %s\nwhole:        %s\nonly %v: %s", req, whole, got, part)
				}
			}
		})
	}
}

// onlyLocations is the request document with only the given locations.
func onlyLocations(t *testing.T, req string, locs []string) string {
	t.Helper()
	doc, err := DecodeJSON([]byte(req))
	if err != nil {
		t.Fatal(err)
	}
	o := doc.(*Object)
	var b strings.Builder
	b.WriteByte('{')
	for _, l := range locs {
		if v, ok := o.Get(l); ok {
			if b.Len() > 1 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + l + `":`)
			b.Write(EncodeJSON(v))
		}
	}
	b.WriteByte('}')
	return b.String()
}
