package demo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/validate"
)

// signupSchema is the validate panel's sign-up form, an express-validator
// checkSchema document. The server owns it: the panel fetches it from
// GET /api/validate/schema to run the same schema in the browser, and the
// server enforces it again on what is posted, whatever the browser did.
const signupSchema = `{
  "email": {"in": ["body"], "trim": true, "isEmail": {"errorMessage": "Enter a valid e-mail address"}, "normalizeEmail": true},
  "password": {"in": ["body"], "isStrongPassword": {"options": {"minLength": 10}, "errorMessage": "At least 10 characters with upper and lower case, a digit and a symbol"}},
  "age": {"in": ["body"], "optional": {"options": {"values": "falsy"}}, "isInt": {"options": {"min": 13, "max": 130}, "errorMessage": "A whole number from 13 to 130"}, "toInt": true},
  "website": {"in": ["body"], "optional": {"options": {"values": "falsy"}}, "trim": true, "isURL": {"options": {"protocols": ["http", "https"], "require_protocol": true}, "errorMessage": "An http(s) address"}},
  "tags": {"in": ["body"], "optional": true, "isArray": {"options": {"max": 5}, "errorMessage": "At most 5 tags"}},
  "tags.*": {"in": ["body"], "trim": true, "isLength": {"options": {"min": 1, "max": 20}, "errorMessage": "1 to 20 characters"}, "isAlphanumeric": {"errorMessage": "Letters and digits only"}, "toLowerCase": true}
}`

// secretFields are left out of the data the server sends back: a real server
// keeps (hashes) the password and never echoes it. Errors already redact it.
var secretFields = []string{"password"}

func init() {
	registerAPI("GET /api/validate/schema", func(*host.Engine) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, signupSchema)
		})
	})
	registerAPI("POST /api/validate", func(eng *host.Engine) http.Handler {
		return &signupValidator{eng: eng}
	})
}

// signupValidator compiles the schema once, at the first request (a failure
// is reported and retried, not cached), as a server would at start-up.
type signupValidator struct {
	eng    *host.Engine
	mu     sync.Mutex
	schema *host.Handle
}

func (s *signupValidator) handle(ctx context.Context) (*host.Handle, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.schema != nil {
		return s.schema, nil
	}
	h, err := s.eng.Open(ctx, "schema", []byte(signupSchema))
	if err == nil {
		s.schema = h
	}
	return h, err
}

// ServeHTTP validates the posted form (a JSON object, the request body) and
// replies with the errors and the sanitized data without secrets.
func (s *signupValidator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, maxBody, "body too large")
	if !ok {
		return
	}
	// The output is {"errors", "data"}: the module's JSON, secrets left out of data.
	writeJSON(w, runTimed(s.eng, "", func() ([]byte, error) {
		return s.validate(r.Context(), body)
	}))
}

func (s *signupValidator) validate(ctx context.Context, body []byte) ([]byte, error) {
	h, err := s.handle(ctx)
	if err != nil {
		return nil, err
	}
	if !json.Valid(body) {
		return nil, &host.Error{Code: "bad_request", Message: "the form must be posted as JSON"}
	}
	// The posted JSON is the request's body.
	res, err := h.Call(ctx, "validate", append(append([]byte(`{"body":`), body...), '}'))
	if err != nil {
		return nil, err
	}
	// Edited with the validate package's order-keeping JSON, so that the
	// bytes stay comparable with the browser's result.
	doc, err := validate.DecodeJSON(res.Data)
	if err != nil {
		return nil, err
	}
	result, ok := doc.(*validate.Object)
	if !ok {
		return nil, errors.New("the module's result is not a JSON object")
	}
	if data, ok := result.Get("data"); ok {
		if o, ok := data.(*validate.Object); ok {
			for _, f := range secretFields {
				o.Delete(f)
			}
		}
	}
	return validate.EncodeJSON(result), nil
}
