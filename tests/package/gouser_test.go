// Package pkgtest holds the packaging tests of the Go module: a program in
// an empty module outside the repository, depending on
// github.com/edgeguard/edgeguard as `go get` would (a replace to this
// checkout stands in for the proxy), must build and find the wasm module the
// way the README says. The npm package's tests are package.test.mjs.
package pkgtest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gouserRun is one line of testdata/gouser's output.
type gouserRun struct {
	Mode   string `json:"mode"`
	Output string `json:"output"`
	Code   string `json:"code"`
	Error  string `json:"error"`
}

// sanitized is the ugc policy's verdict on the program's input.
const sanitized = "<b>hi</b>"

func TestGoUserFindsTheModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgeguard.wasm from source with go generate")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if strings.HasPrefix(dir, repo+string(filepath.Separator)) {
		t.Fatalf("temporary module %s is inside the repository: js/dist would be found by walking up", dir)
	}
	copyFile(t, filepath.Join("testdata", "gouser", "main.go"), filepath.Join(dir, "main.go"))
	// The repository's go.sum covers every module edgeguard needs, so the
	// build runs with no proxy at all, from the local module cache.
	copyFile(t, filepath.Join(repo, "go.sum"), filepath.Join(dir, "go.sum"))
	goMod := "module example.com/gouser\n\ngo 1.26.0\n\nrequire github.com/edgeguard/edgeguard v0.0.0\n\nreplace github.com/edgeguard/edgeguard => " + repo + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(withoutVar(os.Environ(), "EDGEGUARD_WASM"),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	// The README's way: go generate builds the module, go:embed carries it.
	goCmd("generate", "./...")
	wasm, err := os.ReadFile(filepath.Join(dir, "edgeguard.wasm"))
	if err != nil || !bytes.HasPrefix(wasm, []byte("\x00asm")) {
		t.Fatalf("go generate did not write a WebAssembly module: %v", err)
	}
	exe := filepath.Join(dir, "bin", "gouser")
	goCmd("build", "-o", exe, ".")

	run := func(mode string, extraEnv ...string) gouserRun {
		t.Helper()
		cmd := exec.Command(exe, mode)
		cmd.Dir, cmd.Env = dir, append(withoutVar(os.Environ(), "EDGEGUARD_WASM"), extraEnv...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("gouser %s: %v", mode, err)
		}
		var r gouserRun
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("gouser %s printed %q: %v", mode, out, err)
		}
		return r
	}
	wantOK := func(what string, r gouserRun) {
		t.Helper()
		if r.Output != sanitized || r.Code != "" {
			t.Errorf("%s: got %+v, want output %q", what, r, sanitized)
		}
	}
	wantOK("embedded module", run("embed"))
	wantOK("native mode", run("native"))

	// Nothing to find: the error must say how to get the module.
	r := run("find")
	if r.Code != "unavailable" || !strings.Contains(r.Error, "cmd/edgeguard-wasm") {
		t.Errorf("no module anywhere: got %+v, want unavailable naming cmd/edgeguard-wasm", r)
	}
	wantOK("$EDGEGUARD_WASM", run("find", "EDGEGUARD_WASM="+filepath.Join(dir, "edgeguard.wasm")))
	copyFile(t, filepath.Join(dir, "edgeguard.wasm"), filepath.Join(dir, "bin", "edgeguard.wasm"))
	wantOK("beside the executable", run("find"))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// withoutVar drops one variable, so that a developer's $EDGEGUARD_WASM
// cannot make the program find a module it should not.
func withoutVar(environ []string, name string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
