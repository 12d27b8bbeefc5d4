package jwtcheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"math/big"
)

// signatureError is the one error of a signature that fails, whichever check
// refused it (shape or primitive, in the module or in a host): the same
// token always gets the same message on every path.
func signatureError(a *algorithm) *Error {
	return errorf(CodeSignature, "%s signature does not verify", a.name)
}

// signatureShapeOK applies the checks of the host-signature protocol
// (docs/jwt.md) that need only the key, not the signed bytes: an RSA
// signature is exactly as long as the modulus, an ECDSA one is r‖s with
// each half as long as a coordinate and 0 < r, s < N (the "psychic
// signature" r = s = 0 and its multiples of N never reach a primitive), an
// Ed25519 one is 64 bytes. They run before any primitive, so the module
// refuses these signatures itself and a host's crypto library never has to
// be trusted with them. HMAC tags are compared in constant time by the
// primitive, which refuses other lengths.
func signatureShapeOK(a *algorithm, k *verificationKey, sig []byte) bool {
	switch pub := k.material.(type) {
	case *rsa.PublicKey:
		return len(sig) == pub.Size()
	case *ecdsa.PublicKey:
		size := (pub.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false
		}
		n := pub.Curve.Params().N
		return inOpenRange(sig[:size], n) && inOpenRange(sig[size:], n)
	case ed25519.PublicKey:
		return len(sig) == ed25519.SignatureSize
	}
	return a.kty == ktyOct
}

// inOpenRange reports whether the big-endian integer b is in (0, n).
func inOpenRange(b []byte, n *big.Int) bool {
	x := new(big.Int).SetBytes(b)
	return x.Sign() > 0 && x.Cmp(n) < 0
}

// verifyPrimitive runs the signature primitive of a (golang-jwt's method,
// with the parameters of docs/jwt.md: PKCS #1 v1.5, PSS with MGF1 and the
// salt length pinned to the hash size, ECDSA over raw r‖s, Ed25519, HMAC).
// It is the only place a signature is checked: the pure path calls it inside
// the module, KeySet.VerifySignature calls it in a host.
func verifyPrimitive(a *algorithm, k *verificationKey, signed string, sig []byte) error {
	if a.method.Verify(signed, sig, k.material) != nil {
		return signatureError(a)
	}
	return nil
}

// VerifySignature checks sig over signed with the key at index under alg:
// the half of verify_prepare a host runs natively (docs/jwt.md, "Host
// signatures"). ks is the set ParseExportedKeys made from the verifier's
// keys operation, so index is the "key" of the prepare answer.
//
// It applies the same shape checks as the module before the same primitive,
// and fails with the same *Error (code signature, "<alg> signature does not
// verify"). An index out of range, an unknown alg, a key that does not fit
// alg, or an HMAC key (whose secret never leaves the module) is a
// bad_config error: the answer does not belong to this key set.
func (ks *KeySet) VerifySignature(index int, alg string, signed string, sig []byte) error {
	a := algorithms[alg]
	if a == nil {
		return errorf(CodeBadConfig, "host signature: unknown algorithm %q", clip(alg))
	}
	if index < 0 || index >= len(ks.keys) {
		return errorf(CodeBadConfig, "host signature: key %d is not in the set of %d", index, len(ks.keys))
	}
	k := ks.keys[index]
	if k.kty == ktyOct || !k.fits(a) {
		return errorf(CodeBadConfig, "host signature: key %d (%s) cannot verify %s here", index, describeKty(k.kty, k.crv), a.name)
	}
	if !signatureShapeOK(a, k, sig) {
		return signatureError(a)
	}
	return verifyPrimitive(a, k, signed, sig)
}
