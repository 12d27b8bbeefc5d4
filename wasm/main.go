// Command wasm is edgeguard's WebAssembly module: a WASI preview1 reactor
// (GOOS=wasip1, -buildmode=c-shared) whose exports are thin glue over the
// dispatch table. The ABI is specified in docs/abi.md.
package main

// main is never run: a reactor's host calls _initialize, then the exports.
func main() {}
