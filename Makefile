# edgeguard — one WebAssembly module, written in Go, every host.
#   make build   the module (js/dist/edgeguard.wasm) and the CLI (bin/edgeguard)
#   make test    everything: lint, Go tests (native + wazero), JS tests, the 7-host conformance suite
#   make demo    build, then serve the demo page on http://$(ADDR)/
#   make bench   benchmarks against the peers (docs/performance.md)

GO      ?= go
ADDR    ?= 127.0.0.1:8080
WASM    := js/dist/edgeguard.wasm
GOFILES := $(shell find . -name '*.go' -not -path '*/node_modules/*') go.mod go.sum
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build test lint go-test js-test conformance demo bench setup clean

build: $(WASM) bin/edgeguard

$(WASM): $(GOFILES)
	@mkdir -p $(dir $@)
	GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -trimpath -ldflags='-s -w' -o $@ ./wasm

bin/edgeguard: $(GOFILES) $(WASM) $(shell find demo/static -type f)
	$(GO) build -trimpath -o $@ ./cmd/edgeguard
	cp $(WASM) bin/edgeguard.wasm

# Installs every runtime the tests need (Chromium, Deno, Bun, workerd, peers);
# a satisfied step costs nothing.
setup:
	bash scripts/setup.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOFLAGS=-buildvcs=false $(GO) run $(STATICCHECK) ./...

go-test: build setup
	EDGEGUARD_REQUIRE_WASM=1 EDGEGUARD_REQUIRE_REDIS=1 $(GO) test -count=1 ./...

js-test: build setup
	cd js && node --test test/
	cd tests && npm test
	cd tests/jose && npm test
	cd tests/express-validator && npm test
	cd tests/express && EDGEGUARD_REQUIRE_REDIS=1 npm test
	cd tests/worker && node --test
	cd tests/package && npm test

conformance: build setup go-test
	bash tests/run-js-hosts.sh
	node tests/compare.mjs

test: lint go-test js-test conformance

demo: build
	bin/edgeguard demo --addr $(ADDR)

bench: build setup
	bash bench/run.sh

# Known vulnerabilities in the Go module (govulncheck) and every npm project
# (npm audit). Needs vuln.go.dev and the npm advisory API: when either cannot
# be reached it says so and fails (exit 2); it never passes silently. Not
# part of `make test`.
.PHONY: audit
audit:
	bash scripts/audit.sh

clean:
	rm -rf js/dist bin tests/out bench/out
