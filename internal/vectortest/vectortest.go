// Package vectortest runs a cross-runtime conformance vector file
// (tests/vectors/<area>.json) through the dispatch table natively, so that a
// practice package's `go test` checks the same vectors the seven hosts run.
package vectortest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgeguard/edgeguard/dispatch"
)

// Vector is one entry of a vector file (format: docs and tests/vectors).
type Vector struct {
	Name   string          `json:"name"`
	Kind   string          `json:"kind"`
	Config json.RawMessage `json:"config"`
	Op     string          `json:"op"`
	Input  string          `json:"input"`
	Output *string         `json:"output"`
	Error  *string         `json:"error"`
}

// Run checks every vector of tests/vectors/<area>.json, read relative to a
// package directory one level below the repository root. It fails when the
// file holds fewer than minVectors vectors, so that a truncated file cannot
// pass by checking nothing.
func Run(t *testing.T, area string, minVectors int) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "tests", "vectors", area+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []Vector `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < minVectors {
		t.Errorf("only %d vectors, want at least %d", len(file.Vectors), minVectors)
	}
	table := dispatch.NewTable()
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) { check(t, table, v) })
	}
	t.Logf("%d vectors", len(file.Vectors))
}

func check(t *testing.T, table *dispatch.Table, v Vector) {
	if (v.Output == nil) == (v.Error == nil) {
		t.Fatal("a vector needs exactly one of output and error")
	}
	cfg := []byte(v.Config)
	if len(cfg) == 0 {
		// An absent config is JSON null, as the hosts serialize it.
		cfg = []byte("null")
	}
	var out []byte
	h, err := table.Open(v.Kind, cfg)
	if err == nil {
		defer table.Close(h)
		out, _, err = table.Call(h, v.Op, []byte(v.Input))
	}
	if v.Error != nil {
		var de *dispatch.Error
		if !errors.As(err, &de) || de.Code != *v.Error {
			t.Fatalf("got %v / %s, want error %s", err, out, *v.Error)
		}
		return
	}
	if err != nil {
		t.Fatalf("want %s\ngot error %v", *v.Output, err)
	}
	if string(out) != *v.Output {
		t.Fatalf("\n got %s\nwant %s", out, *v.Output)
	}
}
