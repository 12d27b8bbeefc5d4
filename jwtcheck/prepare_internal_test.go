package jwtcheck

import "testing"

// verifyJWS checks everything up to and including the signature of a
// compact JWS and returns its header and the payload bytes, unparsed: the
// pure path without the claims, for tests at the JWS level.
func (v *Verifier) verifyJWS(token string) (header map[string]any, payload []byte, alg *algorithm, err error) {
	p, err := v.pending(token)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := p.verifySignature(); err != nil {
		return nil, nil, nil, err
	}
	return p.header, p.payload, p.alg, nil
}

// assertJWSPathsAgree checks, at the JWS level (for tests whose payloads
// are not claims sets), that the pure path and the host path refuse or
// accept token alike: verifyJWS against pending plus the host's
// KeySet.VerifySignature on keys exported and parsed back.
func assertJWSPathsAgree(t *testing.T, v *Verifier, token string) {
	t.Helper()
	_, _, _, pureErr := v.verifyJWS(token)
	hostErr := func() error {
		keys, err := ParseExportedKeys(v.KeysJSON())
		if err != nil {
			t.Fatalf("ParseExportedKeys: %v", err)
		}
		p, err := v.pending(token)
		if err != nil {
			return err
		}
		if p.alg.kty == ktyOct { // HMAC never leaves the module
			return p.verifySignature()
		}
		return keys.VerifySignature(v.cfg.Keys.indexOf(p.key), p.alg.name, p.signed, p.sig)
	}()
	if (pureErr == nil) != (hostErr == nil) || (pureErr != nil && (CodeOf(pureErr) != CodeOf(hostErr) || pureErr.Error() != hostErr.Error())) {
		t.Errorf("paths disagree on %.60q: pure %v, host %v", token, pureErr, hostErr)
	}
}
