package jwtcheck

import (
	"errors"
	"fmt"
)

// Code is a stable error code. Hosts, tests and users match on these strings;
// messages may be reworded, codes never change meaning (docs/jwt.md).
type Code string

// The fixed set of codes a Verifier, a KeySet or a Policy reports.
const (
	CodeMalformed         Code = "malformed"          // not a compact JWS: segments, base64url, JSON, UTF-8, header types
	CodeTooLarge          Code = "too_large"          // the token is longer than max_token_bytes
	CodeAlgNotAllowed     Code = "alg_not_allowed"    // header alg is none, unknown, or not in the allowlist
	CodeCrit              Code = "crit"               // a crit extension we do not implement, or b64:false
	CodeTyp               Code = "typ"                // header typ does not match the configured one
	CodeKeyNotFound       Code = "key_not_found"      // no configured key fits the header's alg and kid
	CodeKeyAmbiguous      Code = "key_ambiguous"      // more than one configured key fits
	CodeKeyWeak           Code = "key_weak"           // a configured key is too short for its algorithm
	CodeSignature         Code = "signature"          // the signature does not verify
	CodeExpired           Code = "expired"            // exp has passed, or iat is older than max_age_s
	CodeNotYetValid       Code = "not_yet_valid"      // nbf or iat is in the future
	CodeIssuer            Code = "issuer"             // iss is not one of the accepted issuers
	CodeAudience          Code = "audience"           // aud names none of the accepted audiences
	CodeClaimMissing      Code = "claim_missing"      // a required claim is absent (or null)
	CodeClaimInvalid      Code = "claim_invalid"      // a claim has the wrong type or value (sub mismatch included)
	CodeBadConfig         Code = "bad_config"         // the verifier or policy configuration is unusable
	CodeInsufficientScope Code = "insufficient_scope" // authorization: the claims do not satisfy the policy
)

// The codes of the hosts' remote JWKS helpers (the module never does I/O, so
// it never reports these itself; they are here so that the set of JWT codes
// and their RFC 6750 mapping live in one place).
const (
	CodeJWKSUnavailable Code = "jwks_unavailable" // the JWKS could not be fetched: network error, HTTP status, oversized body
	CodeJWKSTimeout     Code = "jwks_timeout"     // fetching the JWKS took longer than the helper's timeout
	CodeJWKSInvalid     Code = "jwks_invalid"     // the fetched document is not a usable JWK Set
)

// Error is the error type of this package. Every error returned by Verify,
// the key parsers and Compile is an *Error.
type Error struct {
	code  Code
	msg   string
	claim string
}

// Error returns the human-readable message.
func (e *Error) Error() string { return e.msg }

// Code returns the stable error code as a string (the dispatch.Coded
// interface).
func (e *Error) Code() string { return string(e.code) }

// Claim names the claim at fault, or "" when the error is not about a claim.
func (e *Error) Claim() string { return e.claim }

// ErrorDetail is the machine-readable part of an Error.
type ErrorDetail struct {
	Claim string `json:"claim"`
}

// Detail returns {"claim": name} for claim errors and nil otherwise (the
// dispatch.Detailed interface).
func (e *Error) Detail() any {
	if e.claim == "" {
		return nil
	}
	return ErrorDetail{Claim: e.claim}
}

// CodeOf returns the code of err if it is (or wraps) an *Error or a
// *DeniedError, else "".
func CodeOf(err error) Code {
	var c interface{ Code() string }
	if errors.As(err, &c) {
		return Code(c.Code())
	}
	return ""
}

func errorf(code Code, format string, args ...any) *Error {
	return &Error{code: code, msg: fmt.Sprintf(format, args...)}
}

func claimError(code Code, claim, format string, args ...any) *Error {
	return &Error{code: code, claim: claim, msg: fmt.Sprintf(format, args...)}
}
