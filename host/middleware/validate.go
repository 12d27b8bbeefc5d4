package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// Validate checks requests against an express-validator checkSchema
// document (or the wrapper of docs/validate.md), as JSON or a Go value that
// marshals to it. The engine sees the request as Express 5 shows it to
// express-validator: body (the JSON body, read as described for the body
// limit), query (a value, or a list when repeated), params (the ServeMux
// pattern's wildcards), headers (lower-case names) and cookies. A valid
// request goes on with the validated, sanitized data in Validated(r); an
// invalid one is answered 400 with express-validator's error array in
// errors, the Express adapter's exact document.
func (g *Guard) Validate(schema any) (Middleware, error) {
	h, err := g.open(context.Background(), "schema", schema)
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, body, f := g.jsonBody(w, r)
			if f != nil {
				g.refuse(w, r, f)
				return
			}
			doc, err := json.Marshal(expressRequest(r, body))
			if err != nil {
				g.fail(w, r, err)
				return
			}
			var out struct {
				Errors json.RawMessage `json:"errors"`
				Data   json.RawMessage `json:"data"`
			}
			if err := callJSON(r, h, "validate", doc, &out); err != nil {
				g.refuseEngine(w, r, err)
				return
			}
			if out.Errors == nil { // fail closed on an answer without a verdict
				g.fail(w, r, dispatch.Errorf(dispatch.CodeInternal, "schema validate: no errors member"))
				return
			}
			// The array goes out as the engine wrote it (re-encoding with
			// encoding/json would escape <, > and &, unlike the Express adapter).
			if !bytes.Equal(bytes.TrimSpace(out.Errors), []byte("[]")) {
				g.event(r, eventInput{Event: "input_validation_fail", Reason: "validation_failed"})
				writeProblem(w, http.StatusBadRequest, textMember("detail", "The request failed validation."),
					member{"errors", out.Errors})
				return
			}
			next.ServeHTTP(w, with(r, validatedKey{}, out.Data))
		})
	}, nil
}

// refuseEngine answers an engine error about the request's own content
// (too large, invalid UTF-8, bad request) as 400; anything else is a
// failure of ours.
func (g *Guard) refuseEngine(w http.ResponseWriter, r *http.Request, err error) {
	var e *host.Error
	if errors.As(err, &e) {
		switch e.Code {
		case "too_large", "invalid_utf8", "bad_request":
			g.refuse(w, r, &refusal{status: http.StatusBadRequest, code: e.Code,
				detail: "The request cannot be checked.", event: "input_validation_fail"})
			return
		}
	}
	g.fail(w, r, err)
}

// request is the document the schema kind validates.
type request struct {
	Body    json.RawMessage   `json:"body,omitempty"`
	Query   map[string]any    `json:"query"`
	Params  map[string]string `json:"params"`
	Headers map[string]string `json:"headers"`
	Cookies map[string]string `json:"cookies"`
}

// nodeSingleHeaders are the headers Node's http module keeps only the first
// of when a request repeats them (IncomingMessage.headers); the others are
// joined with ", ", and cookie with "; ".
var nodeSingleHeaders = map[string]bool{
	"age": true, "authorization": true, "content-length": true, "content-type": true, "etag": true,
	"expires": true, "from": true, "host": true, "if-modified-since": true, "if-unmodified-since": true,
	"last-modified": true, "location": true, "max-forwards": true, "proxy-authorization": true,
	"referer": true, "retry-after": true, "server": true, "user-agent": true,
}

// expressRequest describes r as Express 5 hands it to express-validator.
func expressRequest(r *http.Request, body []byte) request {
	doc := request{Body: body, Query: map[string]any{}, Params: pathParams(r),
		Headers: make(map[string]string, len(r.Header)+1), Cookies: map[string]string{}}
	for k, vs := range r.URL.Query() {
		if len(vs) == 1 {
			doc.Query[k] = vs[0]
		} else {
			doc.Query[k] = vs
		}
	}
	doc.Headers["host"] = r.Host // net/http moves Host out of the header map
	for k, vs := range r.Header {
		name := strings.ToLower(k)
		switch {
		case len(vs) == 0: // only in a request built by hand
		case nodeSingleHeaders[name]:
			doc.Headers[name] = vs[0]
		case name == "cookie":
			doc.Headers[name] = strings.Join(vs, "; ")
		default:
			doc.Headers[name] = strings.Join(vs, ", ")
		}
	}
	for _, c := range r.Cookies() {
		if _, seen := doc.Cookies[c.Name]; !seen { // cookie-parser keeps the first
			doc.Cookies[c.Name] = c.Value
		}
	}
	return doc
}

// pathParams returns the values of the wildcards of the ServeMux pattern
// that matched r ({id}, {path...}), Express's req.params.
func pathParams(r *http.Request) map[string]string {
	params := map[string]string{}
	p := r.Pattern
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			return params
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			return params
		}
		name := strings.TrimSuffix(p[i+1:i+j], "...")
		if name != "$" && name != "" {
			params[name] = r.PathValue(name)
		}
		p = p[i+j+1:]
	}
}
