package headers_test

import (
	"testing"

	"github.com/edgeguard/edgeguard/internal/vectortest"
)

// TestVectors runs tests/vectors/headers.json through the dispatch table
// natively, so the vectors are checked with `go test ./headers` too; the
// cross-runtime suite (tests/) runs the same file in all seven hosts.
func TestVectors(t *testing.T) { vectortest.Run(t, "headers", 40) }
