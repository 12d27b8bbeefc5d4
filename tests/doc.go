// Package tests holds edgeguard's cross-runtime conformance suite: the
// vectors in vectors/*.json run in every host (native Go, wazero, Node, Deno,
// Bun, workerd, Chromium), each host writes out/<host>.jsonl, and
// compare.mjs requires every host to match the vectors and each other byte
// for byte. The Go hosts run here; the JS hosts run from runners/.
package tests
