#!/usr/bin/env bash
# One run of every edgeguard benchmark (`make bench` calls it after
# `make build`). Writes the raw results into bench/out/ and the report to
# bench/out/report.md, and prints the report. About 12 minutes on an idle
# 2-core machine (the practices of issues 4–7 take 3 of them); brotli adds
# ~20 s on a new module.
#
# Environment:
#   EDGEGUARD_WASM    the module to measure (default js/dist/edgeguard.wasm)
#   BENCH_COUNT       rounds of the Go benchmarks, the report takes the median (default 5)
#   BENCH_GO_TIME     -benchtime of each Go benchmark run (default 500ms)
#   BENCH_SAMPLE_MS   length of one Node sample (default 1000; 5 samples, median)
#   BENCH_NODE_STARTS Node cold-start processes (default 3)
#   BENCH_PRACTICE_GO_TIME  -benchtime of the practices' Go benchmarks (default 300ms, 3 rounds)
#   BENCH_WARMUP_MS   warm-up of tests/express-validator/bench.mjs (default 2000 here)
#   BENCH_ROUNDS, BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_CONNECTIONS, BENCH_ALGS
#                     the wrk runs of bench/express/bench.mjs (see there)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out
log() { printf 'bench [%3ds]: %s\n' "$SECONDS" "$*" >&2; }

wasm=${EDGEGUARD_WASM:-js/dist/edgeguard.wasm}
[ -f "$wasm" ] || { log "$wasm not found: run \`make build\` first"; exit 1; }
wasm=$(cd "$(dirname "$wasm")" && pwd)/$(basename "$wasm")
export EDGEGUARD_WASM=$wasm # every Go process measures this very file

rm -rf "$out"
mkdir -p "$out/bin"
cat /proc/loadavg >"$out/loadavg-start.txt"
git describe --always --dirty >"$out/commit.txt" 2>/dev/null || echo unknown >"$out/commit.txt"

log "module size"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=0
if command -v brotli >/dev/null 2>&1; then
	# brotli -q 11 takes ~20 s of CPU on this module: remember the size per
	# module content (builds are reproducible, so an unchanged tree hits).
	brcache=${XDG_CACHE_HOME:-$HOME/.cache}/edgeguard/bench/brotli-$(sha256sum "$wasm" | cut -d' ' -f1)
	if [ ! -s "$brcache" ]; then
		mkdir -p "$(dirname "$brcache")"
		brotli -q 11 -c "$wasm" | wc -c >"$brcache"
	fi
	br=$(cat "$brcache")
else
	log "brotli not installed: skipping its size (Debian: apt-get install brotli)"
fi
printf '{"module": "%s", "raw": %d, "gzip": %d, "brotli": %d}\n' \
	"${wasm#"$root"/}" "$raw" "$gz" "$br" >"$out/sizes.json"

# The peers are installed only when a bench project's node_modules does not
# match its lock (and the Node major version), as scripts/setup.sh does for
# tests/. Without them (offline, say) the run goes on: the report marks them
# as not run instead of failing the whole benchmark.
npm_peers() { # dir what
	local stamp=$1/node_modules/.edgeguard-bench.stamp want
	want=$({ cat "$1/package.json" "$1/package-lock.json"; node -p 'process.versions.node.split(".")[0]'; } | sha256sum | cut -d' ' -f1)
	[ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return
	log "npm ci in $1/ ($2)"
	if (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); then
		printf '%s\n' "$want" >"$stamp"
	else
		log "npm ci failed in $1/: its peers will be reported as not run"
	fi
}
npm_peers bench "sanitize-html, xss, dompurify, jsdom, playwright-core"
npm_peers bench/express "express, helmet, express-jwt, express-validator"

log "building the probes"
go build -o "$out/bin/" ./bench/cmd/startup ./bench/cmd/report

log "wazero start-up: a process without a cache, then one with it"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
"$out/bin/startup" -cache "$cache" -module "$wasm" >"$out/wazero-start-cold.json"
"$out/bin/startup" -cache "$cache" -module "$wasm" >"$out/wazero-start-cached.json"

log "Node start-up: ${BENCH_NODE_STARTS:-3} fresh processes"
for i in $(seq "${BENCH_NODE_STARTS:-3}"); do
	node bench/node/startup.mjs >"$out/node-start-$i.json"
done
# What V8's lazy tiering costs at start: the same start with every function
# compiled eagerly by the baseline compiler only (no TurboFan).
node --no-wasm-lazy-compilation --liftoff-only bench/node/startup.mjs >"$out/node-liftoff.json"

# Rounds of the whole Go suite rather than -count N of each benchmark, so
# that benchmarks compared with each other ran at nearby moments of this
# shared machine's load. TestModesAgree runs first in each round; the test
# binary skips the benchmarks when it fails, so a stale module cannot
# produce ratios between different code.
# The core suite only: BenchmarkPasswordHash (hundreds of ms per call) runs
# below with the other practice benchmarks, with a few iterations.
core='^Benchmark(Echo|BareExport|Sanitize|OpenUGC)$'
rounds=${BENCH_COUNT:-5}
log "Go benchmarks ($rounds rounds × ${BENCH_GO_TIME:-500ms} each)"
go test -c -o "$out/bin/bench.test" ./bench/
for r in $(seq "$rounds"); do
	(cd bench && "../$out/bin/bench.test" -test.run '^TestModesAgree$' -test.bench "$core" -test.benchmem \
		-test.benchtime "${BENCH_GO_TIME:-500ms}") | tee -a "$out/go-bench.txt" >&2
done

log "Node benchmarks"
node bench/node/bench.mjs >"$out/node.json"

# Chromium: edgeguard against DOMPurify on the browser's own DOM. Skipped,
# and reported as not run, without Debian's chromium (scripts/setup.sh
# installs it) or playwright-core.
if [ -x /usr/bin/chromium ] && [ -d bench/node_modules/playwright-core ]; then
	log "Chromium benchmarks"
	node bench/node/chromium.mjs >"$out/chromium.json" || log "the Chromium benchmark failed: reported as not run"
else
	log "no /usr/bin/chromium or playwright-core: skipping the Chromium benchmark"
fi

# Issues 4–7: the practices. Go benchmarks as `go test -bench` text (the
# report quotes it), argon2id with a few iterations to keep the run short.
log "practice benchmarks, Go (ratelimit, secret, jwtcheck, argon2id on wazero)"
pt=${BENCH_PRACTICE_GO_TIME:-300ms}
{
	go test -run '^$' -bench '^Benchmark(Decide|AllowMemoryStore)$' -benchtime "$pt" -count 3 ./ratelimit/
	if command -v redis-server >/dev/null 2>&1; then
		go test -run '^$' -bench '^BenchmarkAllowRedis$' -benchtime "$pt" -count 3 ./ratelimit/redisstore/
	else
		echo "BenchmarkAllowRedis: skipped, no redis-server (Debian: apt-get install redis-server)"
	fi
	go test -run '^$' -bench '^BenchmarkAEAD' -benchtime "$pt" -count 3 ./secret/
	go test -run '^$' -bench '^BenchmarkArgon2idOWASP$' -benchtime 5x -count 1 ./secret/
	(cd bench && "../$out/bin/bench.test" -test.run '^$' -test.bench '^BenchmarkPasswordHash$' -test.benchtime 3x -test.count 2)
	go test -run '^$' -bench 'Verify/|GolangJWT/' -benchtime "$pt" -count 3 ./jwtcheck/
} >"$out/go-practices.txt" 2>&1 || log "a practice Go benchmark failed: see $out/go-practices.txt"

log "practice benchmarks, Node (GCRA, envelopes, argon2id)"
node bench/node/practices.mjs >"$out/practices.json" || log "bench/node/practices.mjs failed: reported as not run"

# The peer comparisons of issues 4–6 live next to their differential tests
# in tests/<peer>/ (with the peer pinned there); their text goes into the
# report as printed. scripts/setup.sh installs their node_modules.
peerbench() { # name dir args...
	local name=$1 dir=$2
	shift 2
	if [ -d "$dir/node_modules" ]; then
		log "peer benchmark: $name"
		(cd "$dir" && node bench.mjs "$@") >"$out/peer-$name.txt" 2>&1 || log "$dir/bench.mjs failed: see $out/peer-$name.txt"
	else
		echo "not run: $dir/node_modules missing (scripts/setup.sh installs it)" >"$out/peer-$name.txt"
	fi
}
BENCH_WARMUP_MS=${BENCH_WARMUP_MS:-2000} peerbench express-validator tests/express-validator
peerbench jose tests/jose
peerbench helmet tests/helmet

# Issue 8: one Express route, edgeguard's middleware against the peers', each
# server in its own process, loaded by Debian's wrk (scripts/setup.sh
# installs it), then its middleware alone in process; about 5 minutes.
if ! command -v wrk >/dev/null 2>&1; then
	echo "not run: wrk not installed (Debian: apt-get install wrk)" >"$out/express.txt"
elif [ ! -d bench/express/node_modules/express-jwt ]; then
	echo "not run: bench/express/node_modules missing (npm ci failed above)" >"$out/express.txt"
else
	log "Express route under wrk: edgeguard vs helmet + express-jwt + express-validator"
	(cd bench/express && node bench.mjs && echo && node middleware.mjs) >"$out/express.txt" 2>&1 || log "bench/express failed: see $out/express.txt"
fi

"$out/bin/report" -dir "$out" -testdata bench/testdata >"$out/report.md"
{
	printf '\n## Practices (issues 4–7)\n\n'
	if [ -s "$out/practices.json" ]; then node bench/node/practices.mjs --render "$out/practices.json"; else echo 'Node practices: not run.'; fi
	printf '\n### Practices natively and on wazero (Go): `go test -bench`\n\n```\n'
	grep -E '^(Benchmark|cpu:|pkg:|ok|FAIL|---)' "$out/go-practices.txt" || true
	printf '```\n'
	for p in express-validator jose helmet; do
		printf '\n### %s: `tests/%s/bench.mjs`, as printed\n\n```\n' "$p" "$p"
		cat "$out/peer-$p.txt"
		printf '```\n'
	done
	printf '\nLoad average at the end of the practice benchmarks: %s\n' "$(cat /proc/loadavg)"
	printf '\n## Express route under wrk (issue 8): `bench/express/bench.mjs`, as printed\n\n'
	cat "$out/express.txt"
} >>"$out/report.md"
cat "$out/report.md"
log "report written to $out/report.md"
