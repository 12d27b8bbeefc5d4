// Package ratelimit is edgeguard's rate limiter: the generic cell rate
// algorithm (GCRA) as a pure function, the IETF RateLimit and
// RateLimit-Policy header fields (draft-ietf-httpapi-ratelimit-headers-10),
// the legacy X-RateLimit-* fields, Retry-After, RFC 9457 problem bodies, and
// request keys (client IP with IPv6 grouped by prefix, user, route).
//
// The algorithm keeps one int64 per key and policy, the theoretical arrival
// time (TAT). Nothing in this package reads a clock or does I/O on the
// decision path: the caller passes now and the stored state, and gets back the
// verdict and the state to store. That is what lets the same decision run in a
// WebAssembly module, in a Durable Object, or next to Redis, with identical
// results. Limiter.Allow adds the store loop (compare-and-swap) for Go hosts;
// MemoryStore is a bounded in-process store and the redisstore sub-package a
// Redis one.
package ratelimit
