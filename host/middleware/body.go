package middleware

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonBody returns r's JSON body (nil when it has none) and the request
// downstream handlers get: its Body can be read again. The body is read at
// most once per chain: later middleware find it in the context. As
// express.json() (strict), the body is read only up to the Guard's limit
// (413), must be UTF-8 JSON (415 otherwise) whose top level is an object
// or an array (400). Unlike express.json(), which leaves a body of another
// type unparsed and lets the route see no body, a non-empty body that is
// not JSON is refused: a route that validates its body must not run on one
// it cannot read.
func (g *Guard) jsonBody(w http.ResponseWriter, r *http.Request) (*http.Request, []byte, *refusal) {
	if b, ok := r.Context().Value(bodyKey{}).([]byte); ok {
		return r, b, nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return with(r, bodyKey{}, []byte(nil)), nil, nil
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return r, nil, &refusal{status: http.StatusRequestEntityTooLarge, code: "body_too_large",
				detail: "The request body exceeds " + strconv.FormatInt(g.maxBody, 10) + " bytes.", event: "input_validation_fail"}
		}
		return r, nil, &refusal{status: http.StatusBadRequest, code: "body_unreadable",
			detail: "The request body could not be read.", event: "input_validation_fail"}
	}
	if len(data) == 0 {
		data = nil
	} else if f := checkJSON(r.Header.Get("Content-Type"), data); f != nil {
		return r, nil, f
	}
	return withBody(r, data), data, nil
}

// withBody returns r carrying body both in its context (for the next
// middleware) and as a fresh Body (for the handler).
func withBody(r *http.Request, body []byte) *http.Request {
	r = with(r, bodyKey{}, body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return r
}

// checkJSON refuses a body that is not strict UTF-8 JSON under a JSON media
// type (application/json or application/*+json, charset utf-8 if any).
func checkJSON(contentType string, data []byte) *refusal {
	mt, params, err := mime.ParseMediaType(contentType)
	isJSON := err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
	if cs, ok := params["charset"]; isJSON && ok && !strings.EqualFold(cs, "utf-8") {
		isJSON = false
	}
	if !isJSON {
		return &refusal{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			detail: "The request body must be application/json.", event: "input_validation_fail"}
	}
	first := bytes.TrimLeft(data, " \t\r\n")
	if !utf8.Valid(data) || !json.Valid(data) || len(first) == 0 || (first[0] != '{' && first[0] != '[') {
		return &refusal{status: http.StatusBadRequest, code: "malformed_json",
			detail: "The request body is not a JSON object or array.", event: "input_validation_fail"}
	}
	return nil
}
