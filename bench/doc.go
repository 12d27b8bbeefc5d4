// Package bench measures edgeguard: module size, start-up, the cost of a
// call across the wasm boundary, and sanitize throughput natively, on wazero
// and in Node, next to the peer libraries (bluemonday alone in Go;
// sanitize-html, js-xss and DOMPurify+jsdom in Node; DOMPurify on the native
// DOM in Chromium).
//
// `make bench` runs everything once through bench/run.sh and writes the
// report to bench/out/report.md; docs/performance.md discusses a run. The Go
// micro-benchmarks live in this package's tests:
//
//	go test -run '^$' -bench . ./bench/
//
// Start-up is measured by bench/cmd/startup in fresh processes, because a
// benchmark loop cannot observe a cold start. The inputs are the committed,
// generated files in bench/testdata (see bench/internal/fixtures).
package bench
