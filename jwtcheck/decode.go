package jwtcheck

import (
	"bytes"
	"encoding/json"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// Unverified is what a token says about itself, with nothing checked: no
// signature, key, algorithm, issuer, audience or expiry. It is a type of its
// own, not a Token, so that it cannot be handed to code that expects a
// verified token. Its maps hold the same shapes as Token's.
type Unverified struct {
	Header map[string]any // the protected header, as written
	Claims map[string]any // the claims set, as written
}

// JSON returns {"header":{…},"claims":{…}}, encoded exactly as Token.JSON
// encodes a verified token.
func (u *Unverified) JSON() []byte { return headerClaimsJSON(u.Header, u.Claims) }

// Decoder reads the header and claims of compact JWS tokens without
// verifying them, for debugging and display (jose's decodeJwt and
// decodeProtectedHeader). It parses exactly as a Verifier does: a token it
// refuses, every Verifier refuses for the same reason and with the same
// code. It is immutable and safe for concurrent use.
type Decoder struct {
	maxSize int
}

// NewDecoder returns a Decoder with a size cap of maxTokenBytes (0 means
// DefaultMaxTokenBytes; at most MaxMaxTokenBytes).
func NewDecoder(maxTokenBytes int) (*Decoder, error) {
	n, err := tokenSizeLimit(maxTokenBytes)
	if err != nil {
		return nil, err
	}
	return &Decoder{maxSize: n}, nil
}

// decoderMembers are the accepted decoder configuration member names: the
// verifier's name for the same cap.
var decoderMembers = []string{"max_token_bytes"}

// CompileDecoder builds a Decoder from its JSON configuration, an object
// with an optional "max_token_bytes" ({} for the defaults). Unknown,
// duplicate and case-variant member names are refused (bad_config).
func CompileDecoder(config []byte) (*Decoder, error) {
	top, err := strictjson.ParseObject(config)
	if err != nil {
		return nil, errorf(CodeBadConfig, "decoder config: %v", err)
	}
	if err := onlyMembers(top, decoderMembers, "decoder config"); err != nil {
		return nil, err
	}
	var c struct {
		MaxTokenBytes int `json:"max_token_bytes"`
	}
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, errorf(CodeBadConfig, "decoder config: %v", err)
	}
	return NewDecoder(c.MaxTokenBytes)
}

var defaultDecoder = &Decoder{maxSize: DefaultMaxTokenBytes}

// Decode returns the header and claims of token WITHOUT verifying it, with
// the default size cap. Decoding is not verification: anyone can write any
// claims into a token, so nothing may be decided on the result (use a
// Verifier for that). See Decoder.Decode for what is checked.
func Decode(token string) (*Unverified, error) { return defaultDecoder.Decode(token) }

// Decode returns the header and claims of token without verifying it. It
// checks what a Verifier checks before choosing a key, and the encoding of
// every segment, with the same code and message for the same fault:
//
//   - the size cap (too_large), then exactly three segments (malformed: a JWE
//     has five and cannot be read without its key);
//   - each segment, the signature's included, canonical unpadded base64url;
//   - header and claims each one strict JSON object: valid UTF-8, no
//     duplicate or case-variant member names, no lone surrogates, nesting
//     at most 64 (malformed);
//   - a header "b64" other than true (crit): the payload would then not be
//     the encoded claims.
//
// It does not look at alg, typ, kid or crit, nor at the claims' types and
// times: those are verification, and verification needs a key.
func (d *Decoder) Decode(token string) (*Unverified, error) {
	dot1, dot2, err := splitCompact(token, d.maxSize)
	if err != nil {
		return nil, err
	}
	header, buf, err := parseHeader(token[:dot1], segmentBuffer(token, dot1, dot2))
	if err != nil {
		return nil, err
	}
	if err := checkB64(header); err != nil {
		return nil, err
	}
	_, payload, err := decodeSigAndPayload(token, dot1, dot2, buf)
	if err != nil {
		return nil, err
	}
	claims, err := parseClaims(payload)
	if err != nil {
		return nil, err
	}
	return &Unverified{Header: header, Claims: claims}, nil
}

// DecodeJSON is Decode returning Unverified.JSON(): the dispatch operation.
func (d *Decoder) DecodeJSON(token string) ([]byte, error) {
	u, err := d.Decode(token)
	if err != nil {
		return nil, err
	}
	return u.JSON(), nil
}
