package jwtcheck

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// PrepareJSON is the verify_prepare operation of the host-signature protocol
// (docs/jwt.md, "Host signatures"): it does everything Verify does except
// the RS*/PS*/ES*/EdDSA signature primitive, which it leaves to a host with
// native crypto. The answer is exactly one of
//
//	{"done":{"header":…,"claims":…}}
//	{"key":i,"alg":"ES256","signed":n,"then":{"header":…,"claims":…}}
//	{"key":i,"alg":"ES256","signed":n,"error":{"code":…,"message":…,"detail"?:…}}
//
// "done" is a token verified entirely here: an HMAC one (fast in the
// module, and its secret must not leave it) or a cache hit; its object is
// byte for byte what VerifyJSON returns. Otherwise the host checks the
// signature over token[:n] with key i of KeysJSON under alg (FinishPrepared
// and KeySet.VerifySignature do that in Go): if it verifies, the result is
// "then", or the claims error "error"; if it does not, the token fails with
// code signature, which wins over any claims error as it does in Verify.
// Every failure that comes before the signature in Verify is this call's
// error, the same one Verify returns.
//
// The claims are parsed and checked before the signature is known, but the
// answer releases nothing a host may use before it has checked the
// signature. The cache (Config.CacheSize) is consulted, and filled with
// HMAC tokens, which are verified here in full; a token whose signature the
// host checks is never cached, because the module does not learn the
// host's verdict.
func (v *Verifier) PrepareJSON(token string) ([]byte, error) {
	return v.prepareAt(token, v.cfg.Now())
}

func (v *Verifier) prepareAt(token string, now time.Time) ([]byte, error) {
	t := unixSeconds(now)
	key, e := v.lookup(token, t)
	if e != nil {
		return done(e.json), nil
	}
	p, err := v.pending(token)
	if err != nil {
		return nil, err
	}
	if p.alg.kty == ktyOct {
		tok, err := v.finish(p, t)
		if err != nil {
			return nil, err
		}
		if v.cache == nil { // nothing to remember: write the answer at once
			out := append(make([]byte, 0, 96+len(p.signed)), `{"done":`...)
			return append(appendHeaderClaims(out, tok.Header, tok.Claims), '}'), nil
		}
		return done(v.remember(key, tok).json), nil
	}
	// The answer is the decoded header and claims (3/4 of the signing
	// input) re-encoded, plus a few members: room for all of it at once.
	out := make([]byte, 0, 96+len(p.signed))
	out = append(out, `{"key":`...)
	out = strconv.AppendInt(out, int64(v.cfg.Keys.indexOf(p.key)), 10)
	// Algorithm names come from the fixed table: nothing to escape.
	out = append(out, `,"alg":"`...)
	out = append(out, p.alg.name...)
	out = append(out, `","signed":`...)
	out = strconv.AppendInt(out, int64(len(p.signed)), 10)
	claims, err := v.claimsOf(p, t)
	if err != nil {
		out = append(out, `,"error":`...)
		out = append(out, preparedErrorJSON(err)...)
	} else {
		out = append(out, `,"then":`...)
		out = appendHeaderClaims(out, p.header, claims)
	}
	return append(out, '}'), nil
}

func done(result []byte) []byte {
	out := make([]byte, 0, len(result)+9)
	out = append(out, `{"done":`...)
	out = append(out, result...)
	return append(out, '}')
}

// preparedError is a claims error inside a prepare answer: the same members,
// in the same order, as the error document a failed verify call returns.
type preparedError struct {
	Code    Code         `json:"code"`
	Message string       `json:"message"`
	Detail  *ErrorDetail `json:"detail,omitempty"`
}

func preparedErrorJSON(err error) []byte {
	e, ok := err.(*Error)
	if !ok { // tokenOf returns *Error only; fail closed all the same
		e = errorf(CodeMalformed, "%v", err)
	}
	pe := preparedError{Code: e.code, Message: e.msg}
	if e.claim != "" {
		pe.Detail = &ErrorDetail{Claim: e.claim}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(pe) // strings only: encoding cannot fail
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// indexOf returns the index of k in the set. k always comes from the set.
func (ks *KeySet) indexOf(k *verificationKey) int {
	for i, candidate := range ks.keys {
		if candidate == k {
			return i
		}
	}
	return -1
}

// FinishPrepared completes a verify_prepare answer on the host side: it runs
// the signature primitive natively with keys (ParseExportedKeys of the same
// verifier's keys answer) and returns what VerifyJSON would have returned
// for token: the {"header","claims"} JSON, or the same *Error. A "done"
// answer needs no key. An answer that does not fit the token or the keys
// (a host bug, never a token's doing) fails closed with bad_config.
func FinishPrepared(keys *KeySet, token string, prepared []byte) ([]byte, error) {
	a, err := readPrepared(prepared)
	if err != nil {
		return nil, err
	}
	if a.done != nil {
		return a.done, nil
	}
	if a.signed <= 0 || a.signed >= len(token) || token[a.signed] != '.' {
		return nil, errorf(CodeBadConfig, "host signature: signed length %d does not fit the token", a.signed)
	}
	if keys == nil {
		return nil, errorf(CodeBadConfig, "host signature: no keys for a %s token", clip(a.alg))
	}
	sig, ok := decodeB64URL(token[a.signed+1:])
	if !ok {
		// The module checked it; a mismatch means answer and token differ.
		return nil, errorf(CodeBadConfig, "host signature: the prepare answer does not belong to this token")
	}
	if err := keys.VerifySignature(a.key, a.alg, token[:a.signed], sig); err != nil {
		return nil, err
	}
	if a.err != nil {
		return nil, a.err
	}
	return a.then, nil
}

// preparedAnswer is a verify_prepare answer read back.
type preparedAnswer struct {
	done, then  []byte
	key, signed int
	alg         string
	err         *Error
}

// readPrepared reads an answer of prepareAt. The layout is this package's
// own and fixed, so it is read by position rather than by a JSON decoder:
// the host's share of a verification should cost next to nothing beside
// the primitive. Anything else is refused.
func readPrepared(b []byte) (*preparedAnswer, error) {
	bad := errorf(CodeBadConfig, "host signature: unreadable prepare answer %.40q", b)
	if len(b) == 0 || b[len(b)-1] != '}' {
		return nil, bad
	}
	if inner, ok := bytes.CutPrefix(b, []byte(`{"done":`)); ok {
		return &preparedAnswer{done: inner[:len(inner)-1]}, nil
	}
	var a preparedAnswer
	var ok bool
	rest := b
	if a.key, rest, ok = readInt(rest, `{"key":`); !ok {
		return nil, bad
	}
	if rest, ok = bytes.CutPrefix(rest, []byte(`,"alg":"`)); !ok {
		return nil, bad
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return nil, bad
	}
	a.alg, rest = string(rest[:end]), rest[end+1:]
	if a.signed, rest, ok = readInt(rest, `,"signed":`); !ok {
		return nil, bad
	}
	body := rest[:len(rest)-1]
	if then, ok := bytes.CutPrefix(body, []byte(`,"then":`)); ok {
		a.then = then
		return &a, nil
	}
	errDoc, ok := bytes.CutPrefix(body, []byte(`,"error":`))
	if !ok {
		return nil, bad
	}
	var pe preparedError
	if json.Unmarshal(errDoc, &pe) != nil || pe.Code == "" {
		return nil, bad
	}
	a.err = &Error{code: pe.Code, msg: pe.Message}
	if pe.Detail != nil {
		a.err.claim = pe.Detail.Claim
	}
	return &a, nil
}

// readInt reads prefix and the decimal integer after it.
func readInt(b []byte, prefix string) (int, []byte, bool) {
	rest, ok := bytes.CutPrefix(b, []byte(prefix))
	if !ok {
		return 0, nil, false
	}
	n := 0
	for n < len(rest) && (rest[n] == '-' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	v, err := strconv.Atoi(string(rest[:n]))
	return v, rest[n:], err == nil
}
