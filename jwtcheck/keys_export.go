package jwtcheck

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/edgeguard/edgeguard/jwtcheck/internal/strictjson"
)

// exportedKey is one entry of the keys operation's answer. Member order is
// fixed by the structs, so every host gets the same bytes.
type exportedKey struct {
	Kid string      `json:"kid,omitempty"`
	Alg string      `json:"alg,omitempty"`
	JWK exportedJWK `json:"jwk"`
}

// exportedJWK holds public members only: RSA kty,n,e; EC kty,crv,x,y; OKP
// kty,crv,x; and for an HMAC key just kty, because the secret never leaves
// the module.
type exportedJWK struct {
	Kty string `json:"kty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
}

// KeysJSON is the keys operation: every key of the verifier's set, in index
// order (the "key" of a verify_prepare answer indexes this list), as
//
//	{"keys":[{"kid":"…","alg":"…","jwk":{…}}, …]}
//
// with kid present when the key has a non-empty one, alg when the JWK pins
// one, and jwk its public members. EC coordinates are always the curve's
// full length (RFC 7518 §6.2.1.2), RSA n and e have no leading zeros
// (§6.3.1.1). A host builds its native keys from it with ParseExportedKeys.
func (v *Verifier) KeysJSON() []byte {
	out := struct {
		Keys []exportedKey `json:"keys"`
	}{Keys: make([]exportedKey, len(v.cfg.Keys.keys))}
	for i, k := range v.cfg.Keys.keys {
		out.Keys[i] = exportedKey{Kid: k.kid, Alg: k.alg, JWK: publicJWK(k)}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Strings and structs only: encoding cannot fail.
	_ = enc.Encode(out)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func publicJWK(k *verificationKey) exportedJWK {
	j := exportedJWK{Kty: k.kty, Crv: k.crv}
	switch pub := k.material.(type) {
	case *rsa.PublicKey:
		j.N = b64.EncodeToString(pub.N.Bytes())
		j.E = b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes())
	case *ecdsa.PublicKey:
		// Bytes is the uncompressed point 0x04‖x‖y, both coordinates at
		// full length; a point from a parsed key always encodes.
		point, _ := pub.Bytes()
		size := (len(point) - 1) / 2
		j.X, j.Y = b64.EncodeToString(point[1:1+size]), b64.EncodeToString(point[1+size:])
	case ed25519.PublicKey:
		j.X = b64.EncodeToString(pub)
	}
	return j
}

// exportedMembers are the members of one entry of the keys answer.
var exportedMembers = []string{"kid", "alg", "jwk"}

// ParseExportedKeys parses the answer of the keys operation (KeysJSON) into
// a KeySet whose indexes are the answer's, for KeySet.VerifySignature. Each
// public key is checked as ParseJWK checks it (size, exponent, point on the
// curve, alg fitting the key), so a host never runs a primitive on a key the
// module would refuse. An HMAC entry keeps its index but holds no secret:
// it verifies nothing outside the module.
func ParseExportedKeys(doc []byte) (*KeySet, error) {
	m, err := strictjson.ParseObject(doc)
	if err != nil {
		return nil, errorf(CodeBadConfig, "exported keys: %v", err)
	}
	if err := onlyMembers(m, []string{"keys"}, "exported keys"); err != nil {
		return nil, err
	}
	list, ok := m["keys"].([]any)
	if !ok {
		return nil, errorf(CodeBadConfig, `exported keys: "keys" must be an array`)
	}
	ks := &KeySet{keys: make([]*verificationKey, len(list))}
	for i, item := range list {
		where := fmt.Sprintf("exported keys: keys[%d]", i)
		if ks.keys[i], err = parseExportedKey(item, where); err != nil {
			return nil, err
		}
	}
	return ks, nil
}

func parseExportedKey(item any, where string) (*verificationKey, error) {
	entry, ok := item.(map[string]any)
	if !ok {
		return nil, errorf(CodeBadConfig, "%s: not an object", where)
	}
	if err := onlyMembers(entry, exportedMembers, where); err != nil {
		return nil, err
	}
	jwk, ok := entry["jwk"].(map[string]any)
	if !ok {
		return nil, errorf(CodeBadConfig, `%s: "jwk" must be an object`, where)
	}
	if jwk["kty"] == ktyOct {
		if err := onlyMembers(jwk, []string{"kty"}, where+": jwk"); err != nil {
			return nil, err
		}
		kid, _ := entry["kid"].(string)
		alg, _ := entry["alg"].(string)
		// A typed nil secret: checkKeysFor refuses it as too short should
		// this set ever reach New.
		return &verificationKey{kid: kid, kty: ktyOct, alg: alg, material: []byte(nil)}, nil
	}
	// kid and alg go back into the JWK, where parseJWK checks them as it
	// checks any configured key's.
	full := make(map[string]any, len(jwk)+2)
	for name, val := range jwk {
		full[name] = val
	}
	for _, name := range []string{"kid", "alg"} {
		if val, present := entry[name]; present {
			full[name] = val
		}
	}
	k, usable, err := parseJWK(full, where)
	if err != nil {
		return nil, err
	}
	if !usable {
		return nil, errorf(CodeBadConfig, "%s: not a signature verification key this package supports", where)
	}
	return k, nil
}
