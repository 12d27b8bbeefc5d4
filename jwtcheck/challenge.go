package jwtcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// Challenge is the HTTP response RFC 6750 §3 prescribes for a failed bearer
// token request.
type Challenge struct {
	// Status is 401 for a missing or invalid token, 403 for a valid token
	// without the required scope, 500 for a server-side configuration error,
	// 503 when a remote JWKS cannot be fetched.
	Status int `json:"status"`
	// Error is the RFC 6750 §3.1 error code: "invalid_token",
	// "insufficient_scope", or "" (no token was sent, or a server error).
	Error string `json:"error,omitempty"`
	// Description is a fixed, non-sensitive text per code: it never echoes
	// token content or claim values.
	Description string `json:"error_description,omitempty"`
	// Scope lists the scopes that would have been sufficient (403 only).
	Scope string `json:"scope,omitempty"`
}

// descriptions are deliberately generic: error_description reaches the
// client, and telling an attacker which check failed (signature or issuer)
// only helps them.
var descriptions = map[Code]string{
	CodeMalformed:     "the token is malformed",
	CodeTooLarge:      "the token is too large",
	CodeAlgNotAllowed: "the token algorithm is not accepted",
	CodeCrit:          "the token uses an unsupported extension",
	CodeTyp:           "the token type is not accepted",
	CodeKeyNotFound:   "the token signing key is unknown",
	CodeKeyAmbiguous:  "the token signing key is ambiguous",
	CodeSignature:     "the token signature is invalid",
	CodeExpired:       "the token expired",
	CodeNotYetValid:   "the token is not valid yet",
	CodeIssuer:        "the token issuer is not accepted",
	CodeAudience:      "the token audience is not accepted",
	CodeClaimMissing:  "the token lacks a required claim",
	CodeClaimInvalid:  "the token has an invalid claim",
}

// ChallengeFor maps a verification or authorization outcome to its RFC 6750
// response. err == nil means no token was presented (401 with a bare
// challenge, RFC 6750 §3.1: no error code when the request had no
// credentials). An insufficient_scope error (Decision.Err) gives 403; bad_config and key_weak are
// the server's fault and give 500 without a challenge.
func ChallengeFor(err error) Challenge {
	if err == nil {
		return Challenge{Status: http.StatusUnauthorized}
	}
	var missing []string
	var d *DeniedError
	if errors.As(err, &d) {
		missing = d.Decision.Missing
	}
	code := CodeOf(err)
	if code == "" {
		return Challenge{Status: http.StatusInternalServerError}
	}
	return ChallengeForCode(code, missing)
}

// ChallengeForCode is ChallengeFor from an error code, as hosts receive it
// across the module boundary. code "" means no token was presented; missing
// is a denied Decision's Missing, whose scopes fill the scope attribute.
func ChallengeForCode(code Code, missing []string) Challenge {
	switch code {
	case "":
		return Challenge{Status: http.StatusUnauthorized}
	case CodeInsufficientScope:
		return Challenge{Status: http.StatusForbidden, Error: "insufficient_scope",
			Description: "the token does not grant access to this resource",
			Scope:       strings.Join(Decision{Missing: missing}.Scopes(), " ")}
	case CodeBadConfig, CodeKeyWeak, CodeJWKSInvalid:
		return Challenge{Status: http.StatusInternalServerError}
	case CodeJWKSUnavailable, CodeJWKSTimeout:
		// The token may well be fine: the keys to check it are out of reach
		// for now, and the client may retry.
		return Challenge{Status: http.StatusServiceUnavailable}
	}
	desc, ok := descriptions[code]
	if !ok {
		desc = "the token is invalid"
	}
	return Challenge{Status: http.StatusUnauthorized, Error: "invalid_token", Description: desc}
}

// ChallengeRequest is the input of the dispatch "challenge" operation.
type ChallengeRequest struct {
	Code    Code     `json:"code"`    // "" when no token was presented
	Realm   string   `json:"realm"`   // optional
	Missing []string `json:"missing"` // a denied Decision's Missing, optional
}

// ChallengeJSON answers a ChallengeRequest (JSON) with the challenge and its
// rendered header: {"status":401,"error":…,"error_description":…,
// "scope":…,"www_authenticate":…}. It exists so that every host renders
// RFC 6750 responses with this one implementation.
func ChallengeJSON(request []byte) ([]byte, error) {
	req, err := parseChallengeRequest(request)
	if err != nil {
		return nil, err
	}
	c := ChallengeForCode(req.Code, req.Missing)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		Challenge
		Header string `json:"www_authenticate,omitempty"`
	}{c, c.WWWAuthenticate(req.Realm)})
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// WWWAuthenticate renders the WWW-Authenticate header value for c, or ""
// when the response carries none (a 5xx: the server is at fault, not the
// credentials). realm may be empty.
func (c Challenge) WWWAuthenticate(realm string) string {
	if c.Status >= http.StatusInternalServerError {
		return ""
	}
	var params []string
	if realm != "" {
		params = append(params, `realm=`+quote(realm))
	}
	if c.Error != "" {
		params = append(params, `error=`+quote(c.Error))
	}
	if c.Description != "" {
		params = append(params, `error_description=`+quote(c.Description))
	}
	if c.Scope != "" {
		params = append(params, `scope=`+quote(c.Scope))
	}
	if len(params) == 0 {
		return "Bearer"
	}
	return "Bearer " + strings.Join(params, ", ")
}

// quote renders an RFC 7230 quoted-string. Characters that cannot appear in
// a header (controls, non-ASCII) are dropped rather than risking header
// injection; '"' and '\' are escaped.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// parseChallengeRequest reads a ChallengeRequest as strictly as every other
// JSON edgeguard reads: exact member names, no duplicates, right types.
func parseChallengeRequest(request []byte) (ChallengeRequest, error) {
	var req ChallengeRequest
	m, err := strictjson.ParseObject(request)
	if err != nil {
		return req, errorf(CodeMalformed, "challenge request: %v", err)
	}
	if err := onlyMembers(m, []string{"code", "realm", "missing"}, "challenge request"); err != nil {
		return req, errorf(CodeMalformed, "%v", err)
	}
	bad := func(name, want string) error {
		return errorf(CodeMalformed, "challenge request: %q must be %s", name, want)
	}
	if v, ok := m["code"]; ok {
		s, isString := v.(string)
		if !isString {
			return req, bad("code", "a string")
		}
		req.Code = Code(s)
	}
	if v, ok := m["realm"]; ok {
		if req.Realm, ok = v.(string); !ok {
			return req, bad("realm", "a string")
		}
	}
	if v, ok := m["missing"]; ok {
		list, isList := v.([]any)
		if !isList {
			return req, bad("missing", "an array of strings")
		}
		for _, item := range list {
			s, isString := item.(string)
			if !isString {
				return req, bad("missing", "an array of strings")
			}
			req.Missing = append(req.Missing, s)
		}
	}
	return req, nil
}
