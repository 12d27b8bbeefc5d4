// Package headers builds the security response headers helmet 8 sets, from
// helmet's own options in JSON form, plus what helmet lacks: a
// Permissions-Policy builder, Reporting-Endpoints, Trusted Types, per-response
// CSP nonces, hashes of inline scripts and styles, a strict CSP preset and
// 'wasm-unsafe-eval' for pages that run edgeguard's WebAssembly module.
//
// Options are compiled once (Compile) and the header set is then built per
// response (Build with a given nonce, for tests and for callers that manage
// nonces; BuildFresh to draw one from crypto/rand). Every header lives in its
// own file, named after its helmet option, with its defaults, validation and
// helmet's error messages; differences from helmet are in docs/headers.md.
package headers
