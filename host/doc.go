// Package host runs edgeguard from Go: either the WebAssembly module on
// wazero (the same bytes browsers and edge workers run, sandboxed), or the
// dispatch table natively (the same Go code, 5–20× faster, no sandbox).
//
// Both modes sit behind one API, so every test runs against both:
//
//	eng, err := host.New(ctx, host.Options{})        // wazero, module found on disk
//	eng, err := host.New(ctx, host.Options{Native: true})
//	s, err := eng.Sanitizer(ctx, "ugc")
//	clean, err := s.Sanitize(ctx, dirty)
//
// An Engine is safe for concurrent use. In wazero mode it compiles the module
// once (optionally caching machine code on disk), keeps a bounded pool of
// instances so that concurrent goroutines never share one, enforces per-call
// deadlines and a memory ceiling, and replaces any instance that trapped, ran
// out of memory or timed out. Every error is a *Error with a stable code
// (docs/abi.md).
package host

import "github.com/edgeguard/edgeguard/dispatch"

// Error is the structured error every call returns: a stable Code, a Message
// and an optional Detail. It is the dispatch table's error type, so native and
// wazero modes return identical values.
type Error = dispatch.Error
