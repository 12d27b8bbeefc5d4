// Command edgeguard-wasm builds edgeguard.wasm from the edgeguard version
// your go.mod requires. A Go program that `go get`s edgeguard receives its
// sources, not the 10 MB module a checkout builds into js/dist/, so
// host.New, which looks for that file, has nothing to load. This command
// builds it with your own Go toolchain (GOOS=wasip1, nothing downloaded),
// from exactly the version your program links against, so the module and
// the host always speak the same ABI.
//
// Usage, from inside your module:
//
//	go run github.com/edgeguard/edgeguard/cmd/edgeguard-wasm [-o edgeguard.wasm]
//
// The usual way is a go:generate line beside a go:embed, which puts the
// module inside your binary (keep the .wasm out of version control):
//
//	//go:generate go run github.com/edgeguard/edgeguard/cmd/edgeguard-wasm -o edgeguard.wasm
//	//go:embed edgeguard.wasm
//	var edgeguardWasm []byte
//
//	eng, err := host.New(ctx, host.Options{Module: edgeguardWasm})
//
// Or build it once and point $EDGEGUARD_WASM at it, or put it beside your
// executable: host.FindModule looks in both places.
//
// The build follows your environment (GOFLAGS, GOPROXY, GOTOOLCHAIN). A
// module that vendors its dependencies has no vendored copy of the reactor's
// package (nothing of yours imports it): run this with GOFLAGS=-mod=mod.
//
// Exit status: 0 built, 1 the build failed, 2 usage error.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
)

// wasmPackage is the reactor's main package; `go build` resolves it through
// the caller's go.mod, which is what ties the module to the host's version.
const wasmPackage = "github.com/edgeguard/edgeguard/wasm"

// wasmMagic starts every WebAssembly binary.
var wasmMagic = []byte("\x00asm")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stderr)
	stop()
	os.Exit(code)
}

// run parses args, builds the module and returns the exit status.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("edgeguard-wasm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "edgeguard.wasm", "where to write the module")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run github.com/edgeguard/edgeguard/cmd/edgeguard-wasm [-o edgeguard.wasm]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *out == "" {
		fs.Usage()
		return 2
	}
	if err := build(ctx, *out, stderr); err != nil {
		fmt.Fprintf(stderr, "edgeguard-wasm: %v\n", err)
		return 1
	}
	return 0
}

// build compiles the reactor into a temporary file beside out and renames it
// into place once it is a WebAssembly binary, so that a failed or
// interrupted build never leaves a truncated module for go:embed to pick up.
func build(ctx context.Context, out string, stderr io.Writer) error {
	out, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".edgeguard-*.wasm")
	if err != nil {
		return err
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) // no-op after the rename

	goTool, err := goCommand()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, goTool, buildArgs(tmp.Name())...)
	cmd.Env = buildEnv(os.Environ())
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", wasmPackage, err)
	}
	head := make([]byte, len(wasmMagic))
	f, err := os.Open(tmp.Name())
	if err != nil {
		return err
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, wasmMagic) {
		return errors.New("go build wrote something that is not a WebAssembly module")
	}
	return os.Rename(tmp.Name(), out)
}

// buildArgs are the Makefile's flags for js/dist/edgeguard.wasm: a reactor
// (c-shared), no local paths in the binary, no symbol tables.
func buildArgs(out string) []string {
	return []string{"build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", out, wasmPackage}
}

// buildEnv is the caller's environment (GOFLAGS, GOPROXY, caches) with the
// target set to WASI preview 1; later entries win in os/exec.
func buildEnv(environ []string) []string {
	return append(environ, "GOOS=wasip1", "GOARCH=wasm")
}

// goCommand finds the go tool: go run and go generate put the running
// toolchain first on PATH; $GOROOT/bin/go is the fallback for a copied
// binary run by hand.
func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no go command on PATH (this builds the module with your Go toolchain)")
}
