// Package modpath locates edgeguard.wasm. It is shared by host.FindModule
// and the test helpers, which cannot import host from inside host's tests.
package modpath

import (
	"os"
	"path/filepath"
)

// Env names the environment variable that points at edgeguard.wasm.
const Env = "EDGEGUARD_WASM"

// Find returns the first existing candidate: $EDGEGUARD_WASM, edgeguard.wasm
// beside the executable, then js/dist/edgeguard.wasm in the working
// directory or any parent (a checkout after `make build`). When none exists
// it returns "" and every path it tried.
func Find() (string, []string) {
	if p := os.Getenv(Env); p != "" {
		return p, nil
	}
	var tried []string
	try := func(p string) bool {
		tried = append(tried, p)
		st, err := os.Stat(p)
		return err == nil && st.Mode().IsRegular()
	}
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), "edgeguard.wasm"); try(p) {
			return p, nil
		}
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			if p := filepath.Join(dir, "js", "dist", "edgeguard.wasm"); try(p) {
				return p, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", tried
}
