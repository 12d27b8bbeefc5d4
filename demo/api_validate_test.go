package demo

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/validate"
)

func TestValidateAPI(t *testing.T) {
	for _, native := range []bool{false, true} {
		eng, srv := serveDemo(t, host.Options{Native: native, CallTimeout: 2 * time.Second})
		testValidateAPI(t, srv.URL, eng.Mode())
	}
}

func testValidateAPI(t *testing.T, url, mode string) {
	res, err := http.Get(url + "/api/validate/schema")
	if err != nil {
		t.Fatal(err)
	}
	schema, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Type") != "application/json" || string(schema) != signupSchema {
		t.Fatalf("%s: GET schema: %q %s", mode, res.Header.Get("Content-Type"), schema)
	}
	// The reference: the same schema run by the validate package in this
	// process, minus the password in data.
	native, err := validate.CompileConfig([]byte(signupSchema))
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name, form string
		// The error codes in express-validator 7.3.2's order (checked with
		// it: chains with fewer rules report first); nil for a bad request.
		codes   []string
		errCode string
	}{
		{"valid", `{"email":" Ada@Example.com ","password":"Analytical-Engine-1843","age":"36","website":"https://ada.example","tags":[" Maths ","Engines"]}`,
			[]string{}, ""},
		{"invalid", `{"email":"ada@","password":"analytical","age":"17.5","website":"javascript:alert(1)","tags":["ok","","poetical science"]}`,
			[]string{"is_strong_password", "is_int", "is_url", "is_email", "is_length", "is_alphanumeric", "is_alphanumeric"}, ""},
		{"optional fields blank", `{"email":"ada@example.com","password":"Analytical-Engine-1843","age":"","website":""}`,
			[]string{}, ""},
		{"too many tags", `{"email":"ada@example.com","password":"Analytical-Engine-1843","tags":["a","b","c","d","e","f"]}`,
			[]string{"is_array"}, ""},
		{"not JSON", `email=ada`, nil, "bad_request"},
	} {
		res, err := http.Post(url+"/api/validate", "application/json", strings.NewReader(c.form))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var reply struct {
			Output json.RawMessage `json:"output"`
			Error  *host.Error     `json:"error"`
			Mode   string          `json:"mode"`
		}
		if err := json.Unmarshal(body, &reply); err != nil {
			t.Fatalf("%s %s: %s: %v", mode, c.name, body, err)
		}
		if c.errCode != "" {
			if reply.Error == nil || reply.Error.Code != c.errCode {
				t.Errorf("%s %s: %s, want error %s", mode, c.name, body, c.errCode)
			}
			continue
		}
		var out struct {
			Errors []struct {
				Path, Code string
				Value      any
			}
			Data map[string]any
		}
		if err := json.Unmarshal(reply.Output, &out); err != nil || reply.Error != nil || reply.Mode != mode {
			t.Fatalf("%s %s: %s (%v)", mode, c.name, body, err)
		}
		codes := []string{}
		for _, e := range out.Errors {
			codes = append(codes, e.Code)
			if e.Path == "password" && e.Value != "[REDACTED]" {
				t.Errorf("%s %s: password not redacted: %v", mode, c.name, e.Value)
			}
		}
		if strings.Join(codes, ",") != strings.Join(c.codes, ",") {
			t.Errorf("%s %s: codes %v, want %v", mode, c.name, codes, c.codes)
		}
		if _, echoed := out.Data["password"]; echoed {
			t.Errorf("%s %s: the password is sent back in data", mode, c.name)
		}
		want, err := native.ValidateJSON([]byte(`{"body":` + c.form + `}`))
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := validate.DecodeJSON(want)
		data, _ := doc.(*validate.Object).Get("data")
		data.(*validate.Object).Delete("password")
		if got, want := string(reply.Output), string(validate.EncodeJSON(doc)); got != want {
			t.Errorf("%s %s: server\n %s\nwant (validate package)\n %s", mode, c.name, got, want)
		}
	}
}
