package dispatch

import (
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"

	"github.com/edgeguard/edgeguard/secret"
)

func init() {
	Register("aead", `AES-256-GCM envelopes with key ids; configuration: {"keys":[{"id","key_b64url"}],"primary"} (docs/practices.md)`,
		compileAEAD,
		map[string]TypedOp[*secret.Keyring]{
			"seal": {Doc: `{"plaintext"|"plaintext_b64url","ad"?|"ad_b64url"?,"nonce_b64url"?} in; {"envelope"} out (nonce only for test vectors)`,
				In: JSON, Out: JSON, Run: sealAEAD},
			"open": {Doc: `{"envelope","ad"?|"ad_b64url"?} in; {"plaintext_b64url","plaintext"?} out`,
				In: JSON, Out: JSON, Run: openAEAD},
		})
	Register("kdf", `HKDF (RFC 5869); configuration: {"hash"?: "sha256"|"sha384"|"sha512"} (docs/practices.md)`,
		compileKDF,
		map[string]TypedOp[string]{
			"derive": {Doc: `{"secret_b64url","salt_b64url"?,"info"?|"info_b64url"?,"length"} in; {"key_b64url"} out`,
				In: JSON, Out: JSON, Run: deriveKDF},
		})
	Register("password", `argon2id/bcrypt password hashing; configuration: {"algorithm"?,"argon2"?,"bcrypt_cost"?,"max_*"?} (docs/practices.md)`,
		compilePassword,
		map[string]TypedOp[*secret.Hasher]{
			"hash": {Doc: `{"password","salt_b64url"?} in; {"hash"} out (salt only for test vectors; argon2id)`,
				In: JSON, Out: JSON, Run: hashPassword},
			"verify": {Doc: `{"password","hash"} in; {"ok","needs_rehash"} out`,
				In: JSON, Out: JSON, Run: verifyPassword},
			"needs_rehash": {Doc: `{"hash"} in; {"needs_rehash"} out`,
				In: JSON, Out: JSON, Run: needsRehash},
		})
}

var b64url = base64.RawURLEncoding.Strict()

// textOrB64 reads a byte string given either as UTF-8 text or as
// base64url (for binary data): at most one of the two may be set.
func textOrB64(what string, text, b64 *string) ([]byte, error) {
	switch {
	case text != nil && b64 != nil:
		return nil, Errorf(CodeBadRequest, "give %s or %s_b64url, not both", what, what)
	case b64 != nil:
		b, err := b64url.DecodeString(*b64)
		if err != nil {
			return nil, Errorf(CodeBadRequest, "%s_b64url is not unpadded base64url", what)
		}
		return b, nil
	case text != nil:
		return []byte(*text), nil
	}
	return nil, nil
}

func compileAEAD(config []byte) (*secret.Keyring, error) {
	var cfg struct {
		Keys []struct {
			ID     string `json:"id"`
			KeyB64 string `json:"key_b64url"`
		} `json:"keys"`
		Primary string `json:"primary"`
	}
	if err := strictDecode(CodeBadConfig, "aead", config, &cfg); err != nil {
		return nil, err
	}
	keys := make([]secret.Key, len(cfg.Keys))
	for i, k := range cfg.Keys {
		raw, err := b64url.DecodeString(k.KeyB64)
		if err != nil {
			return nil, Errorf(CodeBadConfig, "aead: key %d: key_b64url is not unpadded base64url", i)
		}
		keys[i] = secret.Key{ID: k.ID, Key: raw}
	}
	return secret.NewKeyring(cfg.Primary, keys...)
}

func sealAEAD(kr *secret.Keyring, in []byte) ([]byte, error) {
	var req struct {
		Plaintext    *string `json:"plaintext"`
		PlaintextB64 *string `json:"plaintext_b64url"`
		AD           *string `json:"ad"`
		ADB64        *string `json:"ad_b64url"`
		NonceB64     *string `json:"nonce_b64url"`
	}
	if err := strictDecode(CodeBadRequest, "seal", in, &req); err != nil {
		return nil, err
	}
	pt, err := textOrB64("plaintext", req.Plaintext, req.PlaintextB64)
	if err != nil {
		return nil, err
	}
	if pt == nil {
		return nil, Errorf(CodeBadRequest, "seal: give plaintext or plaintext_b64url")
	}
	ad, err := textOrB64("ad", req.AD, req.ADB64)
	if err != nil {
		return nil, err
	}
	var env string
	if req.NonceB64 != nil {
		nonce, derr := b64url.DecodeString(*req.NonceB64)
		if derr != nil {
			return nil, Errorf(CodeBadRequest, "seal: nonce_b64url is not unpadded base64url")
		}
		env, err = kr.SealWithNonce(pt, ad, nonce)
	} else {
		env, err = kr.Seal(pt, ad)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Envelope string `json:"envelope"`
	}{env})
}

func openAEAD(kr *secret.Keyring, in []byte) ([]byte, error) {
	var req struct {
		Envelope string  `json:"envelope"`
		AD       *string `json:"ad"`
		ADB64    *string `json:"ad_b64url"`
	}
	if err := strictDecode(CodeBadRequest, "open", in, &req); err != nil {
		return nil, err
	}
	ad, err := textOrB64("ad", req.AD, req.ADB64)
	if err != nil {
		return nil, err
	}
	pt, err := kr.Open(req.Envelope, ad)
	if err != nil {
		return nil, err
	}
	out := struct {
		PlaintextB64 string  `json:"plaintext_b64url"`
		Plaintext    *string `json:"plaintext,omitempty"`
	}{PlaintextB64: b64url.EncodeToString(pt)}
	if utf8.Valid(pt) {
		s := string(pt)
		out.Plaintext = &s
	}
	return json.Marshal(out)
}

func compileKDF(config []byte) (string, error) {
	var cfg struct {
		Hash string `json:"hash"`
	}
	if err := strictDecode(CodeBadConfig, "kdf", config, &cfg); err != nil {
		return "", err
	}
	if cfg.Hash == "" {
		cfg.Hash = "sha256"
	}
	// Validate the name now, with the same error the derivation would give.
	if _, err := secret.DeriveKey(cfg.Hash, []byte{0}, nil, "", 1); err != nil {
		return "", err
	}
	return cfg.Hash, nil
}

func deriveKDF(hash string, in []byte) ([]byte, error) {
	var req struct {
		SecretB64 string  `json:"secret_b64url"`
		SaltB64   string  `json:"salt_b64url"`
		Info      *string `json:"info"`
		InfoB64   *string `json:"info_b64url"`
		Length    int     `json:"length"`
	}
	if err := strictDecode(CodeBadRequest, "derive", in, &req); err != nil {
		return nil, err
	}
	ikm, err1 := b64url.DecodeString(req.SecretB64)
	salt, err2 := b64url.DecodeString(req.SaltB64)
	if err1 != nil || err2 != nil {
		return nil, Errorf(CodeBadRequest, "derive: secret_b64url and salt_b64url must be unpadded base64url")
	}
	info, err := textOrB64("info", req.Info, req.InfoB64)
	if err != nil {
		return nil, err
	}
	key, err := secret.DeriveKey(hash, ikm, salt, string(info), req.Length)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Key string `json:"key_b64url"`
	}{b64url.EncodeToString(key)})
}

func compilePassword(config []byte) (*secret.Hasher, error) {
	var cfg struct {
		Algorithm      string          `json:"algorithm"`
		Argon2         json.RawMessage `json:"argon2"`
		BcryptCost     int             `json:"bcrypt_cost"`
		MaxMemoryKiB   uint32          `json:"max_memory_kib"`
		MaxTime        uint32          `json:"max_time"`
		MaxParallelism uint8           `json:"max_parallelism"`
		MaxBcryptCost  int             `json:"max_bcrypt_cost"`
	}
	if err := strictDecode(CodeBadConfig, "password", config, &cfg); err != nil {
		return nil, err
	}
	var a2 secret.Argon2Params
	if cfg.Argon2 != nil {
		var p struct {
			MemoryKiB   uint32 `json:"memory_kib"`
			Time        uint32 `json:"time"`
			Parallelism uint8  `json:"parallelism"`
			SaltLen     uint32 `json:"salt_len"`
			KeyLen      uint32 `json:"key_len"`
		}
		if err := strictDecode(CodeBadConfig, "password: argon2", cfg.Argon2, &p); err != nil {
			return nil, err
		}
		a2 = secret.Argon2Params(p)
	}
	return secret.NewHasher(secret.HasherConfig{Algorithm: cfg.Algorithm, Argon2: a2, BcryptCost: cfg.BcryptCost,
		MaxMemoryKiB: cfg.MaxMemoryKiB, MaxTime: cfg.MaxTime, MaxParallelism: cfg.MaxParallelism, MaxBcryptCost: cfg.MaxBcryptCost})
}

func hashPassword(h *secret.Hasher, in []byte) ([]byte, error) {
	var req struct {
		Password string  `json:"password"`
		SaltB64  *string `json:"salt_b64url"`
	}
	if err := strictDecode(CodeBadRequest, "hash", in, &req); err != nil {
		return nil, err
	}
	var enc string
	var err error
	if req.SaltB64 != nil {
		salt, derr := b64url.DecodeString(*req.SaltB64)
		if derr != nil {
			return nil, Errorf(CodeBadRequest, "hash: salt_b64url is not unpadded base64url")
		}
		enc, err = h.HashWithSalt(req.Password, salt)
	} else {
		enc, err = h.Hash(req.Password)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Hash string `json:"hash"`
	}{enc})
}

func verifyPassword(h *secret.Hasher, in []byte) ([]byte, error) {
	var req struct {
		Password string `json:"password"`
		Hash     string `json:"hash"`
	}
	if err := strictDecode(CodeBadRequest, "verify", in, &req); err != nil {
		return nil, err
	}
	ok, err := h.Verify(req.Password, req.Hash)
	if err != nil {
		return nil, err
	}
	rehash, err := h.NeedsRehash(req.Hash)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		OK          bool `json:"ok"`
		NeedsRehash bool `json:"needs_rehash"`
	}{ok, rehash})
}

func needsRehash(h *secret.Hasher, in []byte) ([]byte, error) {
	var req struct {
		Hash string `json:"hash"`
	}
	if err := strictDecode(CodeBadRequest, "needs_rehash", in, &req); err != nil {
		return nil, err
	}
	rehash, err := h.NeedsRehash(req.Hash)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		NeedsRehash bool `json:"needs_rehash"`
	}{rehash})
}
