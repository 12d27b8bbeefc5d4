package validate_test

import (
	"testing"

	"github.com/edgeguard/edgeguard/internal/vectortest"
)

// TestVectors runs tests/vectors/validate.json through the dispatch table
// natively; the cross-runtime suite (tests/) runs the same file in every host.
func TestVectors(t *testing.T) { vectortest.Run(t, "validate", 40) }
