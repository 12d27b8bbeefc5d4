// Package jwtcheck verifies JSON Web Tokens (compact JWS, RFC 7519) more
// strictly than any peer library, and authorizes requests on their claims.
//
// The signature primitives are golang-jwt/jwt/v5's signing methods (with the
// PSS salt length pinned); everything around them is this package's own:
// segment splitting, strict base64url, a JSON parser that refuses duplicate
// and case-variant member names, the algorithm↔key binding, header policy
// (alg allowlist, crit, b64, typ), and claims validation. The order is
// fixed: header policy, key selection, signature, and only then the claims,
// so a forged token never gets as far as having its claims read.
//
// docs/jwt.md is the reference: configuration, error codes, RFC 6750
// mapping, and every difference from jose and golang-jwt.
package jwtcheck

import (
	"crypto/sha256"
	"slices"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// Defaults and bounds of the verifier configuration.
const (
	// DefaultMaxTokenBytes is the token size cap when none is configured:
	// large enough for access tokens with many claims, small enough that
	// parsing is cheap (headers in common servers stop near 8–16 KiB anyway).
	DefaultMaxTokenBytes = 16 << 10
	// MaxMaxTokenBytes bounds max_token_bytes.
	MaxMaxTokenBytes = 1 << 20
	// MaxClockTolerance bounds the clock tolerance: more than a few minutes
	// of skew is a broken clock, not skew, and silently extends every token.
	MaxClockTolerance = 5 * time.Minute
)

// Config is the verifier configuration in Go form; Compile builds it from
// JSON. The zero value of every field except Algorithms and Keys is a safe
// default.
type Config struct {
	// Algorithms is the allowlist of header "alg" values; required. Each must
	// be one of Algorithms(), and each must fit the key type of Keys when
	// Keys holds a single key.
	Algorithms []string
	// Keys verifies the signatures; required.
	Keys *KeySet
	// Issuers, if not empty, requires "iss" to equal one of them.
	Issuers []string
	// Audiences, if not empty, requires "aud" to contain at least one of them.
	Audiences []string
	// Subject, if not empty, requires "sub" to equal it.
	Subject string
	// Typ, if not empty, requires the header "typ" to match it, compared
	// case-insensitively with an optional "application/" prefix (RFC 7515
	// §4.1.9, as jose compares).
	Typ string
	// ClockTolerance is the allowed clock skew for exp, nbf and iat, at most
	// MaxClockTolerance.
	ClockTolerance time.Duration
	// MaxAge, if positive, requires "iat" and rejects tokens issued longer
	// ago than MaxAge (plus ClockTolerance).
	MaxAge time.Duration
	// RequiredClaims must be present and not null.
	RequiredClaims []string
	// ExpOptional lets tokens without "exp" through. By default "exp" is
	// required: a token without it never expires (RFC 8725 §3.10 spirit).
	ExpOptional bool
	// MaxTokenBytes caps the token length; 0 means DefaultMaxTokenBytes.
	MaxTokenBytes int
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// CacheSize, if positive, keeps up to that many verified tokens (at most
	// MaxCacheSize), so that a token seen again is answered without parsing
	// or signature check, and never outside its exp/nbf/iat/max-age window.
	CacheSize int
}

// Verifier verifies tokens against one configuration. Its configuration is
// immutable; it is safe for concurrent use (the optional cache locks).
type Verifier struct {
	cfg     Config
	allowed map[string]*algorithm
	typ     string // normalized Typ
	tol     float64
	maxAge  float64
	maxSize int
	cache   *tokenCache // nil when caching is off
}

// Token is a verified token. Its maps hold the shapes encoding/json produces
// with UseNumber (numbers are json.Number with the token's exact text).
type Token struct {
	Alg    string         // the verified algorithm
	Header map[string]any // the protected header
	Claims map[string]any // the claims set
}

// JSON returns {"header":{…},"claims":{…}}: members sorted by name, numbers
// as written in the token, no HTML escaping. The same token always gives the
// same bytes.
func (t *Token) JSON() []byte { return headerClaimsJSON(t.Header, t.Claims) }

// headerClaimsJSON is the one encoding of a token's two documents, shared by
// verify, verify_prepare and decode so that all print the same token alike.
func headerClaimsJSON(header, claims map[string]any) []byte {
	return appendHeaderClaims(make([]byte, 0, 64+16*(len(header)+len(claims))), header, claims)
}

// appendHeaderClaims appends {"header":…,"claims":…} to dst, each document
// in strictjson's canonical form (what encoding/json writes for it, without
// HTML escaping).
func appendHeaderClaims(dst []byte, header, claims map[string]any) []byte {
	dst = append(dst, `{"header":`...)
	dst = strictjson.AppendCanonical(dst, header)
	dst = append(dst, `,"claims":`...)
	dst = strictjson.AppendCanonical(dst, claims)
	return append(dst, '}')
}

// New checks cfg and returns a Verifier for it.
func New(cfg Config) (*Verifier, error) {
	if cfg.Keys == nil {
		return nil, errorf(CodeBadConfig, "keys are required")
	}
	if len(cfg.Algorithms) == 0 {
		return nil, errorf(CodeBadConfig, "algorithms is required: list the algorithms your issuer signs with")
	}
	// Own copies, so that a caller changing its slices later cannot change
	// a verifier that is already in use.
	cfg.Algorithms = slices.Clone(cfg.Algorithms)
	cfg.Issuers = slices.Clone(cfg.Issuers)
	cfg.Audiences = slices.Clone(cfg.Audiences)
	cfg.RequiredClaims = slices.Clone(cfg.RequiredClaims)
	v := &Verifier{cfg: cfg, allowed: map[string]*algorithm{}}
	for _, name := range cfg.Algorithms {
		a, ok := algorithms[name]
		if !ok {
			return nil, errorf(CodeBadConfig, "algorithm %q is not supported (supported: %s)", name, strings.Join(Algorithms(), ", "))
		}
		if v.allowed[name] != nil {
			return nil, errorf(CodeBadConfig, "algorithm %q is listed twice", name)
		}
		v.allowed[name] = a
		if err := checkKeysFor(cfg.Keys, a); err != nil {
			return nil, err
		}
	}
	if err := checkNonEmpty("issuer", cfg.Issuers); err != nil {
		return nil, err
	}
	if err := checkNonEmpty("audience", cfg.Audiences); err != nil {
		return nil, err
	}
	if err := checkNonEmpty("required_claims", cfg.RequiredClaims); err != nil {
		return nil, err
	}
	if cfg.ClockTolerance < 0 || cfg.ClockTolerance > MaxClockTolerance {
		return nil, errorf(CodeBadConfig, "clock tolerance must be between 0 and %v", MaxClockTolerance)
	}
	if cfg.MaxAge < 0 {
		return nil, errorf(CodeBadConfig, "max age must not be negative")
	}
	var err error
	if v.maxSize, err = tokenSizeLimit(cfg.MaxTokenBytes); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		v.cfg.Now = time.Now
	}
	if cfg.CacheSize < 0 || cfg.CacheSize > MaxCacheSize {
		return nil, errorf(CodeBadConfig, "cache size must be between 0 and %d", MaxCacheSize)
	}
	if cfg.CacheSize > 0 {
		v.cache = newTokenCache(cfg.CacheSize)
	}
	v.typ = normalizeTyp(cfg.Typ)
	v.tol = cfg.ClockTolerance.Seconds()
	v.maxAge = cfg.MaxAge.Seconds()
	return v, nil
}

// tokenSizeLimit is the size cap for a configured maximum: 0 means
// DefaultMaxTokenBytes, and anything outside 1…MaxMaxTokenBytes is refused.
func tokenSizeLimit(maxTokenBytes int) (int, error) {
	switch {
	case maxTokenBytes == 0:
		return DefaultMaxTokenBytes, nil
	case maxTokenBytes < 0 || maxTokenBytes > MaxMaxTokenBytes:
		return 0, errorf(CodeBadConfig, "max token bytes must be between 1 and %d", MaxMaxTokenBytes)
	}
	return maxTokenBytes, nil
}

// checkKeysFor enforces the key rules that depend on the algorithm: a single
// key must fit every allowed algorithm (a PEM key with "HS256" allowed is the
// algorithm-confusion setup, refused here rather than at verify time), and
// every HMAC key that could serve an allowed HS algorithm must be long enough.
func checkKeysFor(ks *KeySet, a *algorithm) error {
	if ks.static && !ks.keys[0].fits(a) {
		k := ks.keys[0]
		return errorf(CodeBadConfig, "algorithm %s needs a %s key; the configured key is %s", a.name, describeKty(a.kty, a.crv), describeKty(k.kty, k.crv))
	}
	for _, k := range ks.keys {
		if k.kty == ktyOct && k.fits(a) {
			if n := len(k.material.([]byte)); n < a.minSecret {
				return errorf(CodeKeyWeak, "%s needs a secret of at least %d bytes; the key has %d", a.name, a.minSecret, n)
			}
		}
	}
	return nil
}

func describeKty(kty, crv string) string {
	switch {
	case kty == ktyOct:
		return "secret (oct)"
	case crv != "":
		return kty + " " + crv
	}
	return kty
}

func checkNonEmpty(what string, list []string) error {
	for _, s := range list {
		if s == "" {
			return errorf(CodeBadConfig, "%s must not contain an empty string", what)
		}
	}
	return nil
}

// normalizeTyp lower-cases a media type and drops an "application/" prefix
// when the rest has no '/', as RFC 7515 §4.1.9 recommends comparing them.
func normalizeTyp(s string) string {
	s = strings.ToLower(s)
	if rest, ok := strings.CutPrefix(s, "application/"); ok && !strings.Contains(rest, "/") {
		return rest
	}
	return s
}

// Verify checks token and returns its header and claims. Every failure is an
// *Error with one of the documented codes. The Token is the caller's own,
// even when it comes from the cache.
func (v *Verifier) Verify(token string) (*Token, error) {
	return v.VerifyAt(token, v.cfg.Now())
}

// VerifyAt is Verify with an explicit current time.
func (v *Verifier) VerifyAt(token string, now time.Time) (*Token, error) {
	e, err := v.verifyCached(token, now)
	if err != nil {
		return nil, err
	}
	if v.cache != nil {
		return e.token.clone(), nil
	}
	return e.token, nil
}

// VerifyJSON is Verify returning Token.JSON(): the dispatch operation, and
// the cheapest path on a cache hit.
func (v *Verifier) VerifyJSON(token string) ([]byte, error) {
	now := v.cfg.Now()
	if v.cache == nil {
		// Without a cache the JSON is the caller's alone: no entry, no copy.
		tok, err := v.verify(token, unixSeconds(now))
		if err != nil {
			return nil, err
		}
		return tok.JSON(), nil
	}
	e, err := v.verifyCached(token, now)
	if err != nil {
		return nil, err
	}
	return append([]byte(nil), e.json...), nil
}

// verifyCached answers from the cache when it can, else verifies fully and
// remembers a success.
func (v *Verifier) verifyCached(token string, now time.Time) (*cacheEntry, error) {
	t := unixSeconds(now)
	key, e := v.lookup(token, t)
	if e != nil {
		return e, nil
	}
	tok, err := v.verify(token, t)
	if err != nil {
		return nil, err
	}
	return v.remember(key, tok), nil
}

func unixSeconds(now time.Time) float64 { return float64(now.UnixNano()) / 1e9 }

// lookup returns the cache key of token and its entry, if the cache holds
// one still valid at t. The key is zero when the cache is off.
func (v *Verifier) lookup(token string, t float64) (key [32]byte, e *cacheEntry) {
	if v.cache == nil || len(token) > v.maxSize {
		return key, nil
	}
	key = sha256.Sum256([]byte(token))
	return key, v.cache.get(key, t)
}

// remember wraps a token verified in full (signature included) as a cache
// entry, and stores it when the cache is on.
func (v *Verifier) remember(key [32]byte, tok *Token) *cacheEntry {
	e := &cacheEntry{token: tok, json: tok.JSON()}
	if v.cache != nil {
		e.from, e.expLimit, e.ageLimit = v.window(tok.Claims)
		v.cache.put(key, e)
	}
	return e
}

// verify is the full verification at time t (Unix seconds).
func (v *Verifier) verify(token string, t float64) (*Token, error) {
	p, err := v.pending(token)
	if err != nil {
		return nil, err
	}
	return v.finish(p, t)
}

// finish verifies the signature of p in this process and then, with the
// signature good, parses and checks the claims.
func (v *Verifier) finish(p *pendingJWS, t float64) (*Token, error) {
	if err := p.verifySignature(); err != nil {
		return nil, err
	}
	return v.tokenOf(p, t)
}

// tokenOf parses and checks the claims of p at time t. verify calls it once
// the signature has verified; Prepare calls it before the host has checked
// the signature, but hands out nothing the host may use until it has.
func (v *Verifier) tokenOf(p *pendingJWS, t float64) (*Token, error) {
	claims, err := v.claimsOf(p, t)
	if err != nil {
		return nil, err
	}
	return &Token{Alg: p.alg.name, Header: p.header, Claims: claims}, nil
}

// claimsOf parses the claims of p and checks them at time t.
func (v *Verifier) claimsOf(p *pendingJWS, t float64) (map[string]any, error) {
	claims, err := parseClaims(p.payload)
	if err != nil {
		return nil, err
	}
	if err := v.checkClaims(claims, t); err != nil {
		return nil, err
	}
	return claims, nil
}

// pendingJWS is a compact JWS that passed every check short of the
// signature primitive: structure, header policy, key selection, canonical
// encodings and the signature's shape for the key. The pure path runs the
// primitive at once (verifySignature); the prepare path hands it to the host.
// Both get here through pending, so they refuse exactly the same tokens.
type pendingJWS struct {
	header  map[string]any
	payload []byte
	alg     *algorithm
	key     *verificationKey
	signed  string // the signing input: the header and payload segments with their dot
	sig     []byte
}

// pending runs every check of a compact JWS that comes before the signature
// primitive.
func (v *Verifier) pending(token string) (*pendingJWS, error) {
	dot1, dot2, err := splitCompact(token, v.maxSize)
	if err != nil {
		return nil, err
	}
	buf := segmentBuffer(token, dot1, dot2)
	header, buf, err := parseHeader(token[:dot1], buf)
	if err != nil {
		return nil, err
	}
	alg, key, err := v.checkHeader(header)
	if err != nil {
		return nil, err
	}
	sig, payload, err := decodeSigAndPayload(token, dot1, dot2, buf)
	if err != nil {
		return nil, err
	}
	if !signatureShapeOK(alg, key, sig) {
		return nil, signatureError(alg)
	}
	return &pendingJWS{header: header, payload: payload, alg: alg, key: key, signed: token[:dot2], sig: sig}, nil
}

// verifySignature runs the signature primitive in this process.
func (p *pendingJWS) verifySignature() error {
	return verifyPrimitive(p.alg, p.key, p.signed, p.sig)
}

// splitCompact checks the size cap and finds the two dots of a compact JWS.
// It scans rather than splits (no allocation per dot: the CVE-2025-30204
// lesson), so 100 000 dots cost nothing. A JWE (four dots) or a JSON
// serialization is malformed here.
func splitCompact(token string, maxSize int) (dot1, dot2 int, err error) {
	if len(token) > maxSize {
		return 0, 0, errorf(CodeTooLarge, "token is %d bytes, limit %d", len(token), maxSize)
	}
	dot1 = strings.IndexByte(token, '.')
	if dot1 < 0 {
		return 0, 0, errorf(CodeMalformed, "token is not a compact JWS (no '.')")
	}
	dot2 = strings.IndexByte(token[dot1+1:], '.')
	if dot2 < 0 {
		return 0, 0, errorf(CodeMalformed, "token is not a compact JWS (one '.')")
	}
	dot2 += dot1 + 1
	if strings.IndexByte(token[dot2+1:], '.') >= 0 {
		return 0, 0, errorf(CodeMalformed, "token has more than three segments (JWE or nested token?)")
	}
	return dot1, dot2, nil
}

// segmentBuffer returns an empty buffer with room for the three decoded
// segments of a token split at dot1 and dot2, so that decoding a token
// allocates once rather than once per segment.
func segmentBuffer(token string, dot1, dot2 int) []byte {
	return make([]byte, 0, b64.DecodedLen(dot1)+b64.DecodedLen(dot2-dot1-1)+b64.DecodedLen(len(token)-dot2-1))
}

// decodeSigAndPayload decodes the signature and payload segments of a
// token split at dot1 and dot2, appending both to buf. The payload is held
// to canonical base64url like the signature, so that two different token
// strings never verify for (or decode to) the same signed bytes.
func decodeSigAndPayload(token string, dot1, dot2 int, buf []byte) (sig, payload []byte, err error) {
	rest, ok := appendB64URL(buf, token[dot2+1:])
	if !ok {
		return nil, nil, errorf(CodeMalformed, "signature is not canonical unpadded base64url")
	}
	sig = rest[len(buf):]
	end, ok := appendB64URL(rest, token[dot1+1:dot2])
	if !ok {
		return nil, nil, errorf(CodeMalformed, "payload is not canonical unpadded base64url")
	}
	return sig, end[len(rest):], nil
}

// parseClaims parses a decoded payload as the claims set: one strict JSON
// object.
func parseClaims(payload []byte) (map[string]any, error) {
	claims, err := strictjson.ParseObject(payload)
	if err != nil {
		return nil, errorf(CodeMalformed, "claims: %v", err)
	}
	return claims, nil
}

// parseHeader decodes and parses the header segment: canonical base64url
// holding one strict JSON object. The decoded bytes are appended to buf,
// which is returned extended by them.
func parseHeader(seg string, buf []byte) (map[string]any, []byte, error) {
	out, ok := appendB64URL(buf, seg)
	if !ok {
		return nil, nil, errorf(CodeMalformed, "header is not canonical unpadded base64url")
	}
	h, err := strictjson.ParseObject(out[len(buf):])
	if err != nil {
		return nil, nil, errorf(CodeMalformed, "header: %v", err)
	}
	return h, out, nil
}

// checkHeader applies the header policy and selects the key. The header's
// jku, x5u, x5c and jwk members are never read: a token cannot bring its own
// key or tell us where to fetch one.
func (v *Verifier) checkHeader(h map[string]any) (*algorithm, *verificationKey, error) {
	name, ok := h["alg"].(string)
	if !ok {
		return nil, nil, errorf(CodeMalformed, `header "alg" is missing or not a string`)
	}
	a := v.allowed[name]
	if a == nil {
		if strings.EqualFold(name, "none") {
			return nil, nil, errorf(CodeAlgNotAllowed, "unsecured tokens (alg none) are never accepted")
		}
		return nil, nil, errorf(CodeAlgNotAllowed, "algorithm %q is not allowed", clip(name))
	}
	if err := checkCrit(h); err != nil {
		return nil, nil, err
	}
	if v.typ != "" {
		typ, ok := h["typ"].(string)
		if !ok || normalizeTyp(typ) != v.typ {
			return nil, nil, errorf(CodeTyp, "header typ must be %q", v.cfg.Typ)
		}
	} else if t, present := h["typ"]; present {
		if _, ok := t.(string); !ok {
			return nil, nil, errorf(CodeMalformed, `header "typ" must be a string`)
		}
	}
	kid, hasKid := h["kid"]
	kidStr, ok := kid.(string)
	if hasKid && !ok {
		return nil, nil, errorf(CodeMalformed, `header "kid" must be a string`)
	}
	key, err := v.cfg.Keys.find(a, kidStr, hasKid)
	if err != nil {
		return nil, nil, err
	}
	return a, key, nil
}

// checkCrit implements RFC 7515 §4.1.11 for a verifier that understands no
// extension: any crit is refused, after checking that it is well-formed (so
// that the error says what is wrong). b64 is refused in any form but true,
// with or without crit: JWTs must not use unencoded payloads (RFC 7797 §7).
func checkCrit(h map[string]any) error {
	if err := checkB64(h); err != nil {
		return err
	}
	c, present := h["crit"]
	if !present {
		return nil
	}
	list, ok := c.([]any)
	if !ok || len(list) == 0 {
		return errorf(CodeCrit, `header "crit" must be a non-empty array of names`)
	}
	for _, item := range list {
		name, ok := item.(string)
		if !ok || name == "" {
			return errorf(CodeCrit, `header "crit" must be a non-empty array of names`)
		}
		if name == "b64" {
			// b64 is understood; with b64 absent or true it changes nothing.
			if _, present := h["b64"]; !present {
				return errorf(CodeCrit, `header "crit" lists "b64", which is absent`)
			}
			continue
		}
		return errorf(CodeCrit, "critical header extension %q is not supported", clip(name))
	}
	return nil
}

// checkB64 refuses b64 in any form but true, with or without crit: a JWT's
// payload is its base64url-encoded claims, never an unencoded payload
// (RFC 7797 §7).
func checkB64(h map[string]any) error {
	if b, present := h["b64"]; present && b != true {
		return errorf(CodeCrit, "b64:false (unencoded payload) is not allowed in a JWT")
	}
	return nil
}

// clip bounds token-controlled text echoed in messages.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}
