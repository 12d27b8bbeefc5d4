package host

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/edgeguard/edgeguard/dispatch"
)

// ModuleEnv names the environment variable that points at edgeguard.wasm.
const ModuleEnv = "EDGEGUARD_WASM"

// FindModule locates edgeguard.wasm: $EDGEGUARD_WASM, then edgeguard.wasm
// beside the executable, then js/dist/edgeguard.wasm in the working directory
// or any parent (a checkout of this repository after `make build`).
func FindModule() (string, error) {
	if p := os.Getenv(ModuleEnv); p != "" {
		return p, nil
	}
	var tried []string
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "edgeguard.wasm")
		if fileExists(p) {
			return p, nil
		}
		tried = append(tried, p)
	}
	if dir, err := os.Getwd(); err == nil {
		for {
			p := filepath.Join(dir, "js", "dist", "edgeguard.wasm")
			if fileExists(p) {
				return p, nil
			}
			tried = append(tried, p)
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", &Error{Code: dispatch.CodeUnavailable,
		Message: "edgeguard.wasm not found: run `make build`, or set " + ModuleEnv,
		Detail:  map[string]any{"tried": tried}}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func loadModule(opts Options) ([]byte, error) {
	if opts.Module != nil {
		return opts.Module, nil
	}
	path := opts.ModulePath
	if path == "" {
		var err error
		if path, err = FindModule(); err != nil {
			return nil, err
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, dispatch.Errorf(dispatch.CodeUnavailable, "module %s does not exist: run `make build`", path)
		}
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "reading module: %v", err)
	}
	return b, nil
}
