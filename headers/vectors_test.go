package headers_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgeguard/edgeguard/dispatch"
)

// TestVectors runs tests/vectors/headers.json through the dispatch table
// natively, so the vectors are checked with `go test ./headers` too; the
// cross-runtime suite (tests/) runs the same file in all seven hosts.
func TestVectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "tests", "vectors", "headers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Name   string          `json:"name"`
			Kind   string          `json:"kind"`
			Config json.RawMessage `json:"config"`
			Op     string          `json:"op"`
			Input  string          `json:"input"`
			Output *string         `json:"output"`
			Error  *string         `json:"error"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	table := dispatch.NewTable()
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			cfg := []byte(v.Config)
			if len(cfg) == 0 {
				cfg = []byte("null")
			}
			var out []byte
			h, err := table.Open(v.Kind, cfg)
			if err == nil {
				out, _, err = table.Call(h, v.Op, []byte(v.Input))
				_ = table.Close(h)
			}
			if v.Error != nil {
				if err == nil {
					t.Fatalf("want error %s, got output %s", *v.Error, out)
				}
				if code := dispatch.AsError(err, "").Code; code != *v.Error {
					t.Fatalf("want error %s, got %s: %v", *v.Error, code, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("want %s\ngot error %v", *v.Output, err)
			}
			if string(out) != *v.Output {
				t.Fatalf("\n got %s\nwant %s", out, *v.Output)
			}
		})
	}
	t.Logf("%d vectors", len(file.Vectors))
}
