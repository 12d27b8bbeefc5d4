// Package csrf is edgeguard's cross-site request forgery protection, in two
// independent layers:
//
//   - Protection: token-less protection from the browser's Fetch Metadata
//     (Sec-Fetch-Site) and Origin headers, with the semantics of Go's
//     net/http.CrossOriginProtection (safe methods, trusted origins, bypass
//     patterns), plus a log-only rollout mode and the Vary header it needs.
//   - Tokens: signed double-submit tokens (OWASP's "signed double-submit
//     cookie"), HMAC-SHA256 over the session identifier and a random value,
//     in the wire format of csrf-csrf 4, so that tokens minted by either
//     verify in the other; compared in constant time.
//
// Neither layer reads a clock, keeps state or links net/http: a request is
// described by a Request value, so the same verdict runs in a WebAssembly
// module and in a Go server.
package csrf
