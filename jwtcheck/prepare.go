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
		return done(v.remember(key, tok).json), nil
	}
	out := make([]byte, 0, 256)
	out = append(out, `{"key":`...)
	out = strconv.AppendInt(out, int64(v.cfg.Keys.indexOf(p.key)), 10)
	// Algorithm names come from the fixed table: nothing to escape.
	out = append(out, `,"alg":"`...)
	out = append(out, p.alg.name...)
	out = append(out, `","signed":`...)
	out = strconv.AppendInt(out, int64(len(p.signed)), 10)
	tok, err := v.tokenOf(p, t)
	if err != nil {
		out = append(out, `,"error":`...)
		out = append(out, preparedErrorJSON(err)...)
	} else {
		out = append(out, `,"then":`...)
		out = append(out, tok.JSON()...)
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
	var r struct {
		Done   json.RawMessage `json:"done"`
		Key    *int            `json:"key"`
		Alg    string          `json:"alg"`
		Signed int             `json:"signed"`
		Then   json.RawMessage `json:"then"`
		Error  *preparedError  `json:"error"`
	}
	if err := json.Unmarshal(prepared, &r); err != nil {
		return nil, errorf(CodeBadConfig, "host signature: unreadable prepare answer: %v", err)
	}
	if r.Done != nil {
		return r.Done, nil
	}
	if r.Key == nil || (r.Then == nil) == (r.Error == nil) {
		return nil, errorf(CodeBadConfig, "host signature: the prepare answer has neither done nor key with then or error")
	}
	if r.Signed <= 0 || r.Signed >= len(token) || token[r.Signed] != '.' {
		return nil, errorf(CodeBadConfig, "host signature: signed length %d does not fit the token", r.Signed)
	}
	if keys == nil {
		return nil, errorf(CodeBadConfig, "host signature: no keys for a %s token", clip(r.Alg))
	}
	sig, ok := decodeB64URL(token[r.Signed+1:])
	if !ok {
		// The module checked it; a mismatch means answer and token differ.
		return nil, errorf(CodeBadConfig, "host signature: the prepare answer does not belong to this token")
	}
	if err := keys.VerifySignature(*r.Key, r.Alg, token[:r.Signed], sig); err != nil {
		return nil, err
	}
	if r.Error != nil {
		e := &Error{code: r.Error.Code, msg: r.Error.Message}
		if r.Error.Detail != nil {
			e.claim = r.Error.Detail.Claim
		}
		return nil, e
	}
	return r.Then, nil
}
