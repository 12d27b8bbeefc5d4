package host

import (
	"errors"
	"os"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/internal/modpath"
)

// ModuleEnv names the environment variable that points at edgeguard.wasm.
const ModuleEnv = modpath.Env

// FindModule locates edgeguard.wasm: $EDGEGUARD_WASM, then edgeguard.wasm
// beside the executable, then js/dist/edgeguard.wasm in the working directory
// or any parent (a checkout of this repository after `make build`).
func FindModule() (string, error) {
	p, tried := modpath.Find()
	if p != "" {
		return p, nil
	}
	return "", &Error{Code: dispatch.CodeUnavailable,
		Message: "edgeguard.wasm not found: build it with `go run github.com/edgeguard/edgeguard/cmd/edgeguard-wasm` " +
			"(`make build` in a checkout) and set " + ModuleEnv + " or put it beside the executable, " +
			"or pass Options.Module, or use Options.Native",
		Detail: map[string]any{"tried": tried}}
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
