package headers

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/edgeguard/edgeguard/csp"
)

// parseNonceRequest reads the input of a build call: empty, null or {} to
// draw a fresh nonce, {"nonce": "…"} to use the given one.
func parseNonceRequest(in []byte) (nonce string, fresh bool, err error) {
	in = bytes.TrimSpace(in)
	if len(in) == 0 || string(in) == "null" {
		return "", true, nil
	}
	// Fast path for the exact form hosts send, {"nonce":"<base64>"}: it is
	// what encoding/json would decode, since base64 needs no unescaping.
	const prefix, suffix = `{"nonce":"`, `"}`
	if v, ok := bytes.CutPrefix(in, []byte(prefix)); ok && bytes.HasSuffix(v, []byte(suffix)) {
		if v = v[:len(v)-len(suffix)]; isBase64Text(v) {
			return string(v), false, nil
		}
	}
	var req struct {
		Nonce *string `json:"nonce"`
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return "", false, &Error{CodeBadRequest, `build input must be {"nonce": "<base64>"} or empty: ` + err.Error()}
	}
	if req.Nonce == nil {
		return "", true, nil
	}
	return *req.Nonce, false, nil
}

// BuildRequest is Build for a JSON request: empty input, null or {} build
// with a fresh nonce (BuildFresh), {"nonce": "…"} with that nonce.
func (p *Policy) BuildRequest(in []byte) (*Result, error) {
	nonce, fresh, err := parseNonceRequest(in)
	if err != nil {
		return nil, err
	}
	if fresh {
		return p.BuildFresh()
	}
	return p.Build(nonce)
}

// CSPResult is one response's Content-Security-Policy header.
type CSPResult struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Nonce string `json:"nonce,omitempty"`
}

// Build returns the header for one response; nonce as for Policy.Build.
func (c *CSP) Build(nonce string) (*CSPResult, error) {
	if !c.UsesNonce() {
		nonce = ""
	}
	v, err := c.Value(nonce)
	if err != nil {
		return nil, err
	}
	return &CSPResult{Name: c.header, Value: v, Nonce: nonce}, nil
}

// BuildRequest is Build for a JSON request, as Policy.BuildRequest.
func (c *CSP) BuildRequest(in []byte) (*CSPResult, error) {
	nonce, fresh, err := parseNonceRequest(in)
	if err != nil {
		return nil, err
	}
	if fresh && c.UsesNonce() {
		nonce = csp.NewNonce()
	}
	return c.Build(nonce)
}

// HashRequest hashes an inline script or style for a JSON request
// {"algorithm": "sha256", "content": "…"} (algorithm defaults to sha256)
// and returns the source expression, e.g. 'sha256-…'.
func HashRequest(in []byte) (string, error) {
	var req struct {
		Algorithm string  `json:"algorithm"`
		Content   *string `json:"content"`
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Content == nil {
		msg := `hash input must be {"algorithm": "sha256", "content": "<inline script or style text>"}`
		if err != nil {
			msg += ": " + err.Error()
		}
		return "", &Error{CodeBadRequest, msg}
	}
	if req.Algorithm == "" {
		req.Algorithm = "sha256"
	}
	src, err := csp.Hash(strings.ToLower(req.Algorithm), *req.Content)
	if err != nil {
		return "", &Error{CodeBadRequest, err.Error()}
	}
	return src, nil
}

// isBase64Text reports whether b is non-empty and only base64/base64url
// characters and '=', none of which JSON escapes.
func isBase64Text(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_' || c == '=') {
			return false
		}
	}
	return len(b) > 0
}
