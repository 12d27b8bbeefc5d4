package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/jstext"
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
			doc := expressRequest(r, body)
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
		case dispatch.CodeTooLarge, dispatch.CodeInvalidUTF8, dispatch.CodeBadRequest:
			g.refuse(w, r, &refusal{status: http.StatusBadRequest, code: e.Code,
				detail: "The request cannot be checked.", event: "input_validation_fail"})
			return
		}
	}
	g.fail(w, r, err)
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

// expressRequest writes the document the schema kind validates, r as
// Express 5 hands it to express-validator: {"body","query","params",
// "headers","cookies"}, members in sorted order so that the document (and
// anything the module derives from it) does not depend on Go's map order.
// It is written by hand rather than marshaled from maps with encoding/json,
// which cost ≈ 1 µs more per request natively (5% of helmet + validate),
// and strings are quoted as JSON.stringify quotes them.
func expressRequest(r *http.Request, body []byte) []byte {
	var b bytes.Buffer
	b.Grow(256 + len(body))
	b.WriteByte('{')
	if body != nil {
		b.WriteString(`"body":`)
		b.Write(body)
		b.WriteByte(',')
	}

	b.WriteString(`"query":{`)
	query := r.URL.Query()
	for i, k := range slices.Sorted(maps.Keys(query)) {
		writeName(&b, i, k)
		if vs := query[k]; len(vs) == 1 {
			jstext.WriteQuoted(&b, vs[0])
		} else {
			b.WriteByte('[')
			for j, v := range vs {
				if j > 0 {
					b.WriteByte(',')
				}
				jstext.WriteQuoted(&b, v)
			}
			b.WriteByte(']')
		}
	}

	b.WriteString(`},"params":{`)
	names := pathParams(r.Pattern)
	slices.Sort(names)
	for i, name := range slices.Compact(names) {
		writeName(&b, i, name)
		jstext.WriteQuoted(&b, r.PathValue(name))
	}

	b.WriteString(`},"headers":{`)
	headers := make(map[string]string, len(r.Header)+1)
	headers["host"] = r.Host // net/http moves Host out of the header map
	for k, vs := range r.Header {
		name := strings.ToLower(k)
		switch {
		case len(vs) == 0: // only in a request built by hand
		case nodeSingleHeaders[name]:
			if _, seen := headers[name]; !seen {
				headers[name] = vs[0]
			}
		case name == "cookie":
			headers[name] = joinHeader(headers[name], "; ", vs)
		default:
			headers[name] = joinHeader(headers[name], ", ", vs)
		}
	}
	for i, k := range slices.Sorted(maps.Keys(headers)) {
		writeName(&b, i, k)
		jstext.WriteQuoted(&b, headers[k])
	}

	b.WriteString(`},"cookies":{`)
	var cookies []*http.Cookie
	seen := map[string]bool{}
	for _, c := range r.Cookies() {
		if !seen[c.Name] { // cookie-parser keeps the first
			seen[c.Name] = true
			cookies = append(cookies, c)
		}
	}
	slices.SortFunc(cookies, func(x, y *http.Cookie) int { return strings.Compare(x.Name, y.Name) })
	for i, c := range cookies {
		writeName(&b, i, c.Name)
		jstext.WriteQuoted(&b, c.Value)
	}
	b.WriteString(`}}`)
	return b.Bytes()
}

// writeName writes the i-th member name of an object, with its comma.
func writeName(b *bytes.Buffer, i int, name string) {
	if i > 0 {
		b.WriteByte(',')
	}
	jstext.WriteQuoted(b, name)
	b.WriteByte(':')
}

// joinHeader appends vs to prev ("" when none) with sep: a hand-built header
// map may hold one name in two spellings.
func joinHeader(prev, sep string, vs []string) string {
	v := strings.Join(vs, sep)
	if prev == "" {
		return v
	}
	return prev + sep + v
}

// pathParams returns the wildcard names of a ServeMux pattern ({id},
// {path...}; not {$}): Express's req.params are their values.
func pathParams(pattern string) []string {
	var names []string
	for {
		i := strings.IndexByte(pattern, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(pattern[i:], '}')
		if j < 0 {
			return names
		}
		if name := strings.TrimSuffix(pattern[i+1:i+j], "..."); name != "$" && name != "" {
			names = append(names, name)
		}
		pattern = pattern[i+j+1:]
	}
}
