package jwtcheck

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// maxNumericDate is 9999-12-31T23:59:59Z. NumericDates beyond it, negative
// ones, and anything that is not a JSON number are refused as claim_invalid:
// they are bugs or attacks, never real expiry times.
const maxNumericDate = 253402300799

// numericDate reads a NumericDate claim (RFC 7519 §2): a JSON number, not a
// string, null or boolean (golang-jwt's struct claims accept "exp":"123").
func numericDate(claims map[string]any, name string) (value float64, present bool, err error) {
	v, present := claims[name]
	if !present {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, true, claimError(CodeClaimInvalid, name, "%q must be a number (NumericDate)", name)
	}
	f, perr := strconv.ParseFloat(string(n), 64)
	if perr != nil || math.IsInf(f, 0) || f < 0 || f > maxNumericDate {
		return 0, true, claimError(CodeClaimInvalid, name, "%q is not a NumericDate between 0 and year 9999", name)
	}
	return f, true, nil
}

// checkClaims validates a claims set whose signature has already verified,
// at time t (Unix seconds). window (cache.go) mirrors its time checks.
// Type errors in registered claims come first, then time, then the
// configured values, so that a result never depends on map order.
func (v *Verifier) checkClaims(c map[string]any, t float64) error {
	for _, name := range [...]string{"iss", "sub", "jti"} {
		if val, present := c[name]; present {
			if _, ok := val.(string); !ok {
				return claimError(CodeClaimInvalid, name, "%q must be a string", name)
			}
		}
	}
	aud, hasAud, err := audienceOf(c)
	if err != nil {
		return err
	}
	exp, hasExp, err := numericDate(c, "exp")
	if err != nil {
		return err
	}
	nbf, hasNbf, err := numericDate(c, "nbf")
	if err != nil {
		return err
	}
	iat, hasIat, err := numericDate(c, "iat")
	if err != nil {
		return err
	}

	switch {
	case !hasExp && !v.cfg.ExpOptional:
		return claimError(CodeClaimMissing, "exp", `"exp" is required`)
	case hasExp && t >= exp+v.tol: // exp == now is expired (RFC 7519 §4.1.4: "on or after")
		return claimError(CodeExpired, "exp", "token expired")
	case hasNbf && t+v.tol < nbf:
		return claimError(CodeNotYetValid, "nbf", "token is not valid yet (nbf)")
	case hasIat && t+v.tol < iat:
		return claimError(CodeNotYetValid, "iat", "token was issued in the future (iat)")
	}
	if v.maxAge > 0 {
		if !hasIat {
			return claimError(CodeClaimMissing, "iat", `"iat" is required when a maximum token age is set`)
		}
		if t-iat-v.tol > v.maxAge {
			return claimError(CodeExpired, "iat", "token is older than the maximum age")
		}
	}

	if len(v.cfg.Issuers) > 0 {
		iss, present := c["iss"].(string)
		if !present {
			return claimError(CodeClaimMissing, "iss", `"iss" is required`)
		}
		if !slices.Contains(v.cfg.Issuers, iss) {
			return claimError(CodeIssuer, "iss", "issuer is not accepted")
		}
	}
	if len(v.cfg.Audiences) > 0 {
		if !hasAud {
			return claimError(CodeClaimMissing, "aud", `"aud" is required`)
		}
		if !audienceAccepted(aud, v.cfg.Audiences) {
			return claimError(CodeAudience, "aud", "audience is not accepted")
		}
	}
	if v.cfg.Subject != "" {
		sub, present := c["sub"].(string)
		if !present {
			return claimError(CodeClaimMissing, "sub", `"sub" is required`)
		}
		if sub != v.cfg.Subject {
			return claimError(CodeClaimInvalid, "sub", "subject is not accepted")
		}
	}
	for _, name := range v.cfg.RequiredClaims {
		if val, present := c[name]; !present || val == nil {
			return claimError(CodeClaimMissing, name, "%q is required", clip(name))
		}
	}
	return nil
}

// audienceOf reads "aud": a string, or a non-empty array of strings (RFC 7519
// §4.1.3), returned as found (string or []any). Empty strings are refused so
// that no configuration can match them (the CVE-2020-26160 family).
func audienceOf(c map[string]any) (aud any, present bool, err error) {
	v, present := c["aud"]
	if !present {
		return nil, false, nil
	}
	if !validAudience(v) {
		return nil, true, claimError(CodeClaimInvalid, "aud", `"aud" must be a non-empty string or a non-empty array of non-empty strings`)
	}
	return v, true, nil
}

func validAudience(v any) bool {
	switch a := v.(type) {
	case string:
		return a != ""
	case []any:
		for _, item := range a {
			if s, ok := item.(string); !ok || s == "" {
				return false
			}
		}
		return len(a) > 0
	}
	return false
}

// audienceAccepted reports whether aud, as audienceOf returned it, names
// any of accepted. It reads the claim in place: copying it into a []string
// first cost an allocation per token.
func audienceAccepted(aud any, accepted []string) bool {
	if s, ok := aud.(string); ok {
		return slices.Contains(accepted, s)
	}
	for _, item := range aud.([]any) {
		if slices.Contains(accepted, item.(string)) {
			return true
		}
	}
	return false
}
