package jwtcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// configMembers and keysMembers are the accepted configuration member names,
// matched exactly: encoding/json alone would also accept "ALGORITHMS".
var (
	configMembers = []string{"algorithms", "keys", "issuer", "audience", "subject", "typ",
		"clock_tolerance_s", "max_age_s", "required_claims", "require_exp", "max_token_bytes",
		"allow_symmetric_jwks", "cache_size", "now"}
	keysMembers = []string{"jwks", "jwk", "pem", "secret_b64url"}
)

// stringOrList is a JSON string or array of strings.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("must be a string or an array of strings")
	}
	if len(many) == 0 {
		return errors.New("must not be an empty array")
	}
	*s = many
	return nil
}

type configJSON struct {
	Algorithms         []string     `json:"algorithms"`
	Keys               *keysJSON    `json:"keys"`
	Issuer             stringOrList `json:"issuer"`
	Audience           stringOrList `json:"audience"`
	Subject            string       `json:"subject"`
	Typ                string       `json:"typ"`
	ClockToleranceS    int          `json:"clock_tolerance_s"`
	MaxAgeS            int64        `json:"max_age_s"`
	RequiredClaims     []string     `json:"required_claims"`
	RequireExp         *bool        `json:"require_exp"`
	MaxTokenBytes      int          `json:"max_token_bytes"`
	AllowSymmetricJWKS bool         `json:"allow_symmetric_jwks"`
	CacheSize          int          `json:"cache_size"`
	Now                *int64       `json:"now"`
}

type keysJSON struct {
	JWKS         json.RawMessage `json:"jwks"`
	JWK          json.RawMessage `json:"jwk"`
	PEM          *string         `json:"pem"`
	SecretB64URL *string         `json:"secret_b64url"`
}

// Compile builds a Verifier from its JSON configuration (docs/jwt.md):
//
//	{"algorithms": ["RS256"], "keys": {"jwks": {"keys": [...]}},
//	 "issuer": "https://issuer.example/", "audience": ["api"], "clock_tolerance_s": 5}
//
// Unknown, duplicate and case-variant member names are refused, naming the
// member. Every error is an *Error with code bad_config or key_weak.
func Compile(config []byte) (*Verifier, error) {
	top, err := strictjson.ParseObject(config)
	if err != nil {
		return nil, errorf(CodeBadConfig, "verifier config: %v", err)
	}
	if err := onlyMembers(top, configMembers, "verifier config"); err != nil {
		return nil, err
	}
	if k, ok := top["keys"].(map[string]any); ok {
		if err := onlyMembers(k, keysMembers, "verifier config: keys"); err != nil {
			return nil, err
		}
	}
	var c configJSON
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, errorf(CodeBadConfig, "verifier config: %v", err)
	}
	if c.Keys == nil {
		return nil, errorf(CodeBadConfig, `verifier config: "keys" is required`)
	}
	keys, err := c.Keys.keySet(c.AllowSymmetricJWKS)
	if err != nil {
		return nil, err
	}
	if c.ClockToleranceS < 0 || c.MaxAgeS < 0 || c.MaxTokenBytes < 0 {
		return nil, errorf(CodeBadConfig, "verifier config: clock_tolerance_s, max_age_s and max_token_bytes must not be negative")
	}
	if c.ClockToleranceS > int(MaxClockTolerance/time.Second) {
		return nil, errorf(CodeBadConfig, "verifier config: clock_tolerance_s must be at most %d", int(MaxClockTolerance/time.Second))
	}
	if c.MaxAgeS > 100*365*24*3600 {
		return nil, errorf(CodeBadConfig, "verifier config: max_age_s is over a century")
	}
	cfg := Config{
		Algorithms:     c.Algorithms,
		Keys:           keys,
		Issuers:        c.Issuer,
		Audiences:      c.Audience,
		Subject:        c.Subject,
		Typ:            c.Typ,
		ClockTolerance: time.Duration(c.ClockToleranceS) * time.Second,
		MaxAge:         time.Duration(c.MaxAgeS) * time.Second,
		RequiredClaims: c.RequiredClaims,
		ExpOptional:    c.RequireExp != nil && !*c.RequireExp,
		MaxTokenBytes:  c.MaxTokenBytes,
		CacheSize:      c.CacheSize,
	}
	if c.Now != nil {
		// A fixed clock, for tests and conformance vectors only: a verifier
		// with it accepts expired tokens forever.
		fixed := time.Unix(*c.Now, 0)
		cfg.Now = func() time.Time { return fixed }
	}
	return New(cfg)
}

func (k *keysJSON) keySet(allowSymmetric bool) (*KeySet, error) {
	n := 0
	for _, set := range []bool{k.JWKS != nil, k.JWK != nil, k.PEM != nil, k.SecretB64URL != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, errorf(CodeBadConfig, "verifier config: keys must have exactly one of jwks, jwk, pem, secret_b64url")
	}
	switch {
	case k.JWKS != nil:
		return ParseJWKS(k.JWKS, allowSymmetric)
	case k.JWK != nil:
		return ParseJWK(k.JWK)
	case k.PEM != nil:
		return ParsePEM([]byte(*k.PEM))
	}
	secret, ok := decodeB64URL(*k.SecretB64URL)
	if !ok {
		return nil, errorf(CodeBadConfig, "verifier config: secret_b64url is not unpadded base64url")
	}
	return NewSecretKey(secret), nil
}

// onlyMembers refuses any member of obj not named in allowed.
func onlyMembers(obj map[string]any, allowed []string, where string) error {
	var unknown []string
	for name := range obj {
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return errorf(CodeBadConfig, "%s: unknown member %q (known: %v)", where, clip(unknown[0]), allowed)
}
