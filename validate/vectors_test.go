package validate_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgeguard/edgeguard/dispatch"
)

// TestVectors runs tests/vectors/validate.json through the dispatch table
// natively; the cross-runtime suite (tests/) runs the same file in every host.
func TestVectors(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "tests", "vectors", "validate.json"))
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
	if len(file.Vectors) < 40 {
		t.Errorf("only %d vectors", len(file.Vectors))
	}
	table := dispatch.NewTable()
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			if (v.Output == nil) == (v.Error == nil) {
				t.Fatal("a vector needs exactly one of output and error")
			}
			h, err := table.Open(v.Kind, v.Config)
			var out []byte
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
				t.Fatalf("error %v, want %s", err, *v.Output)
			}
			if string(out) != *v.Output {
				t.Errorf("\n got %s\nwant %s", out, *v.Output)
			}
		})
	}
}
