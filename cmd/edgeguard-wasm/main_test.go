package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRunUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"extra argument", []string{"x"}, "usage:"},
		{"unknown flag", []string{"-x"}, "flag provided but not defined"},
		{"empty output", []string{"-o", ""}, "usage:"},
		{"help", []string{"-h"}, "usage:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), tc.args, &stderr); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tc.want)
			}
		})
	}
}

// A build that cannot even start (the output folder does not exist) exits 1
// with a message and leaves nothing behind.
func TestRunFailsCleanly(t *testing.T) {
	out := filepath.Join(t.TempDir(), "missing", "edgeguard.wasm")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", out}, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, stderr.String())
	}
	if !strings.HasPrefix(stderr.String(), "edgeguard-wasm: ") {
		t.Errorf("stderr %q lacks the command's prefix", stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after a failed build", out)
	}
}

// A canceled build exits 1 and leaves neither the output nor its temporary file.
func TestRunCanceled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	if code := run(ctx, []string{"-o", filepath.Join(dir, "edgeguard.wasm")}, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, stderr.String())
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left %v behind", left)
	}
}

// The flags must stay those of the Makefile's js/dist/edgeguard.wasm, so a
// user's module is the one the conformance suite tested.
func TestBuildArgs(t *testing.T) {
	got := buildArgs("/tmp/x.wasm")
	want := []string{"build", "-buildmode=c-shared", "-trimpath", "-ldflags=-s -w", "-o", "/tmp/x.wasm", "github.com/edgeguard/edgeguard/wasm"}
	if !slices.Equal(got, want) {
		t.Errorf("buildArgs = %q, want %q", got, want)
	}
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(makefile, []byte("GOOS=wasip1 GOARCH=wasm $(GO) build -buildmode=c-shared -trimpath -ldflags='-s -w'")) {
		t.Error("the Makefile's module build changed: update buildArgs to match")
	}
}

// The target wins over a GOOS/GOARCH the caller's environment has.
func TestBuildEnv(t *testing.T) {
	env := buildEnv([]string{"GOOS=linux", "GOARCH=amd64", "GOFLAGS=-mod=mod"})
	last := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		last[k] = v
	}
	if last["GOOS"] != "wasip1" || last["GOARCH"] != "wasm" || last["GOFLAGS"] != "-mod=mod" {
		t.Errorf("effective environment %v", last)
	}
}
