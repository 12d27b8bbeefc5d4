// Package testmodule finds the built module for tests in any package.
package testmodule

import (
	"os"
	"testing"

	"github.com/edgeguard/edgeguard/internal/modpath"
)

// RequireEnv names the variable `make test` sets so that a missing module
// fails the suite instead of silently skipping half of it.
const RequireEnv = "EDGEGUARD_REQUIRE_WASM"

// Path returns the path of edgeguard.wasm, or skips the test when it has not
// been built (plain `go test ./...` on a fresh checkout) — unless RequireEnv
// is 1, where it fails.
func Path(t testing.TB) string {
	t.Helper()
	p, tried := modpath.Find()
	if p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		tried = append(tried, p)
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("module required (%s=1), tried %v", RequireEnv, tried)
	}
	t.Skipf("edgeguard.wasm not built (run `make build`); tried %v", tried)
	return ""
}
