// A program as a user of github.com/edgeguard/edgeguard writes it after
// `go get`: gouser_test.go copies this folder into an empty module outside
// the repository, runs `go generate` (which builds edgeguard.wasm with
// cmd/edgeguard-wasm) and `go build`, then runs it in each of the ways the
// README gives for finding the module. One JSON line per run on stdout.
//
//	gouser embed    host.Options{Module: the go:embed copy}
//	gouser find     host.Options{}: $EDGEGUARD_WASM, beside the executable, …
//	gouser native   host.Options{Native: true}: no module at all
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/edgeguard/edgeguard/host"
)

//go:generate go run github.com/edgeguard/edgeguard/cmd/edgeguard-wasm -o edgeguard.wasm

//go:embed edgeguard.wasm
var edgeguardWasm []byte

// result is what one run prints.
type result struct {
	Mode   string `json:"mode"`
	Output string `json:"output,omitempty"`
	Code   string `json:"code,omitempty"`
	Error  string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gouser embed|find|native")
		os.Exit(2)
	}
	var opts host.Options
	switch os.Args[1] {
	case "embed":
		opts.Module = edgeguardWasm
	case "find":
	case "native":
		opts.Native = true
	default:
		fmt.Fprintln(os.Stderr, "usage: gouser embed|find|native")
		os.Exit(2)
	}
	out, err := sanitize(context.Background(), opts)
	r := result{Output: out}
	var herr *host.Error
	if errors.As(err, &herr) {
		r.Code, r.Error = herr.Code, herr.Message
	} else if err != nil {
		r.Code, r.Error = "not_a_host_error", err.Error()
	}
	r.Mode = os.Args[1]
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		os.Exit(1)
	}
}

// sanitize is the README's Go example.
func sanitize(ctx context.Context, opts host.Options) (string, error) {
	eng, err := host.New(ctx, opts)
	if err != nil {
		return "", err
	}
	defer eng.Close(ctx)
	s, err := eng.Sanitizer(ctx, "ugc")
	if err != nil {
		return "", err
	}
	defer s.Close()
	return s.Sanitize(ctx, `<b onclick="x()">hi</b><script>x</script>`)
}
