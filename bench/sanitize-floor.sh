#!/usr/bin/env bash
# The floor under edgeguard's sanitize throughput in Node (issue 3): builds
# the module twice from the working tree — as is, and with the sanitize
# operation stopped right after x/net/html's ParseFragment (a Go build
# overlay; nothing in the tree changes) — and times both next to
# sanitize-html in one Node process, interleaved. The second module still
# pays everything else a call costs (the JS API, copying the input in, the
# dispatch table), so its throughput bounds what any policy walk and
# serializer could reach on top of that parser. See docs/performance.md,
# "Sanitize speed (issue 3)".
#
#   bash bench/sanitize-floor.sh        # BENCH_SAMPLE_MS shortens the samples
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

anchor='	w := walker{p: p, markup: markup}'
if ! grep -qxF "$anchor" sanitize/sanitize.go; then
	echo "sanitize-floor: the line after the parse in (*Policy).pass changed; update \$anchor" >&2
	exit 1
fi
awk -v a="$anchor" '$0 == a { print "\tif len(nodes) >= 0 {\n\t\treturn \"\", true, nil\n\t}" } { print }' \
	sanitize/sanitize.go >"$tmp/sanitize.go"
printf '{"Replace": {"%s": "%s"}}\n' "$root/sanitize/sanitize.go" "$tmp/sanitize.go" >"$tmp/overlay.json"

build() { GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -ldflags='-s -w' "$@" ./wasm; }
build -o "$tmp/full.wasm"
build -overlay "$tmp/overlay.json" -o "$tmp/parse-only.wasm"
node bench/node/sanitize-floor.mjs "$tmp/full.wasm" "$tmp/parse-only.wasm"
