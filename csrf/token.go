package csrf

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"io"
	"strconv"
	"unicode/utf8"
)

// Tokens mints and verifies signed double-submit tokens.
//
// Wire format (csrf-csrf 4.x with its defaults: messageDelimiter "!",
// csrfTokenDelimiter ".", hmacAlgorithm sha256, size 32):
//
//	random  = lowercase hex of Size random bytes
//	message = len16(sessionID) "!" sessionID "!" len(random) "!" random
//	token   = lowercase hex(HMAC-SHA256(secret, message)) "." random
//
// where len16 is the length in UTF-16 code units (JavaScript's
// String.length, which csrf-csrf uses) in decimal, and secret is the UTF-8
// bytes of the secret string. The same token goes in the cookie and in the
// request (header or form field); the server checks that both are equal and
// that the HMAC verifies for the caller's session under one of the secrets.
type Tokens struct {
	secrets []string
	size    int
	cookie  Cookie
}

// TokenConfig configures Tokens.
type TokenConfig struct {
	// Secrets are the HMAC keys: the first signs, all verify (rotation).
	// Each must be at least 32 bytes.
	Secrets []string
	// Size is the number of random bytes per token, 16 … 128; 0 means 32.
	Size int
	// Cookie describes the cookie carrying the token; the zero value means
	// DefaultCookie.
	Cookie Cookie
}

const (
	minSecretLen = 32
	maxSecrets   = 16
)

// NewTokens validates cfg and returns a token minter and verifier.
func NewTokens(cfg TokenConfig) (*Tokens, error) {
	if len(cfg.Secrets) == 0 || len(cfg.Secrets) > maxSecrets {
		return nil, errorf(CodeBadConfig, "tokens need 1 … 16 secrets")
	}
	for i, s := range cfg.Secrets {
		if len(s) < minSecretLen {
			return nil, errorf(CodeBadConfig, "secret "+strconv.Itoa(i)+" is shorter than 32 bytes")
		}
	}
	if cfg.Size == 0 {
		cfg.Size = 32
	}
	if cfg.Size < 16 || cfg.Size > 128 {
		return nil, errorf(CodeBadConfig, "size must be 16 … 128 bytes")
	}
	c := cfg.Cookie
	if c == (Cookie{}) {
		c = DefaultCookie
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &Tokens{secrets: append([]string(nil), cfg.Secrets...), size: cfg.Size, cookie: c}, nil
}

// Generate mints a token for sessionID with random bytes from r (nil means
// crypto/rand).
func (t *Tokens) Generate(sessionID string, r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, t.size)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return t.GenerateWith(sessionID, b)
}

// GenerateWith mints the token for sessionID and the given random value. It
// is deterministic, for test vectors; in production use Generate.
func (t *Tokens) GenerateWith(sessionID string, random []byte) (string, error) {
	if err := checkSession(sessionID); err != nil {
		return "", err
	}
	if len(random) < 16 || len(random) > 128 {
		return "", errorf(CodeBadConfig, "the random value must be 16 … 128 bytes")
	}
	rnd := hex.EncodeToString(random)
	return t.sign(t.secrets[0], sessionID, rnd) + "." + rnd, nil
}

// Verify checks a request: cookieToken is the value of the token cookie,
// requestToken the one from the request header or form. It returns nil or an
// *Error with CodeTokenMissing, CodeTokenMismatch, CodeTokenInvalid or
// CodeNoSession. Every comparison of secret-derived bytes is constant-time.
func (t *Tokens) Verify(sessionID, cookieToken, requestToken string) error {
	if err := checkSession(sessionID); err != nil {
		return err
	}
	if cookieToken == "" || requestToken == "" {
		return errorf(CodeTokenMissing, "the request has no CSRF token in the cookie or in the request")
	}
	if subtle.ConstantTimeCompare([]byte(cookieToken), []byte(requestToken)) != 1 {
		return errorf(CodeTokenMismatch, "the request's CSRF token differs from the cookie's")
	}
	mac, rnd, ok := t.split(requestToken)
	if !ok {
		return errorf(CodeTokenInvalid, "the CSRF token is malformed")
	}
	valid := 0
	for _, s := range t.secrets {
		// No early exit: the time taken does not say which secret matched.
		valid |= subtle.ConstantTimeCompare([]byte(t.sign(s, sessionID, rnd)), []byte(mac))
	}
	if valid != 1 {
		return errorf(CodeTokenInvalid, "the CSRF token does not verify for this session")
	}
	return nil
}

// split parses "hmac.random": 64 lowercase hex digits, a dot, and the
// random value as even-length lowercase hex of 16 … 128 bytes. csrf-csrf
// splits on every dot and ignores extra parts; this refuses them.
func (t *Tokens) split(tok string) (mac, rnd string, ok bool) {
	if len(tok) < 65 || tok[64] != '.' {
		return "", "", false
	}
	mac, rnd = tok[:64], tok[65:]
	if !isLowerHex(mac) || !isLowerHex(rnd) || len(rnd)%2 != 0 || len(rnd) < 32 || len(rnd) > 256 {
		return "", "", false
	}
	return mac, rnd, true
}

func (t *Tokens) sign(secret, sessionID, rnd string) string {
	m := hmac.New(sha256.New, []byte(secret))
	io.WriteString(m, strconv.Itoa(utf16Len(sessionID)))
	io.WriteString(m, "!")
	io.WriteString(m, sessionID)
	io.WriteString(m, "!")
	io.WriteString(m, strconv.Itoa(len(rnd)))
	io.WriteString(m, "!")
	io.WriteString(m, rnd)
	return hex.EncodeToString(m.Sum(nil))
}

// Cookie returns the cookie settings tokens are sent with.
func (t *Tokens) Cookie() Cookie { return t.cookie }

// SetCookie returns the Set-Cookie header value carrying token.
func (t *Tokens) SetCookie(token string) string { return t.cookie.Header(token) }

func checkSession(id string) error {
	if id == "" {
		return errorf(CodeNoSession, "a CSRF token must be bound to a session identifier (use a pre-session id before login)")
	}
	if !utf8.ValidString(id) {
		return errorf(CodeNoSession, "the session identifier is not valid UTF-8")
	}
	return nil
}

// utf16Len is JavaScript's String.length for s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
