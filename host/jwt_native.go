package host

import (
	"context"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/jwtcheck"
)

// JWTOption changes how a JWT verifier runs (see InModuleSignatures). No
// option changes a verdict.
type JWTOption func(*jwtOptions)

type jwtOptions struct{ inModule bool }

func jwtOptionsOf(opts []JWTOption) jwtOptions {
	var o jwtOptions
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// InModuleSignatures makes a wazero-mode verifier check every signature
// inside the module, with pure-Go crypto compiled to WebAssembly (5–20×
// slower than native), instead of verify_prepare plus Go's native crypto.
// It is the path of a host without native crypto; tests and benchmarks use
// it to show that both paths give the same verdicts and what the native
// half saves. Native mode ignores it: there the module is Go already.
func InModuleSignatures() JWTOption { return func(o *jwtOptions) { o.inModule = true } }

// nativeKeys fetches the verifier's public keys with the keys operation and
// parses them for Go's crypto. It runs once per opened handle: a handle's
// keys never change (rotation opens a new handle).
func nativeKeys(ctx context.Context, h *Handle) (*jwtcheck.KeySet, error) {
	r, err := h.Call(ctx, "keys", nil)
	if err != nil {
		return nil, err
	}
	keys, err := jwtcheck.ParseExportedKeys(r.Data)
	if err != nil {
		// The module exported keys it had accepted: a refusal here is a
		// disagreement between host and module, not the caller's fault.
		return nil, dispatch.Errorf(dispatch.CodeInternal, "jwt keys answer: %v", err)
	}
	return keys, nil
}

// verifyPrepared is Verify on the host-signature path: one verify_prepare
// call, then, unless the module finished the token itself, the signature
// primitive in Go. The result or error is the one verify would give.
func (v *JWTVerifier) verifyPrepared(ctx context.Context, token string) ([]byte, error) {
	r, err := v.h.Call(ctx, "verify_prepare", []byte(token))
	if err != nil {
		return nil, err
	}
	out, err := jwtcheck.FinishPrepared(v.keys, token, r.Data)
	if err == nil {
		return out, nil
	}
	e := dispatch.AsError(err, dispatch.CodeInternal)
	if e.Code == dispatch.CodeBadConfig {
		// FinishPrepared refuses an answer that does not fit the token or
		// the keys: a host or module bug, never the token's doing.
		e = dispatch.Errorf(dispatch.CodeInternal, "jwt: %s", e.Message)
	}
	return nil, e
}
