package tests

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Vector is one conformance case (format: tests/README.md).
type Vector struct {
	Name     string          `json:"name"`
	Kind     string          `json:"kind"`
	Config   json.RawMessage `json:"config,omitempty"`
	Op       string          `json:"op"`
	Input    *string         `json:"input,omitempty"`
	InputB64 *string         `json:"input_b64,omitempty"`
	Output   *string         `json:"output,omitempty"`
	Error    *string         `json:"error,omitempty"`
}

// Bytes returns the vector's input.
func (v Vector) Bytes() ([]byte, error) {
	switch {
	case v.InputB64 != nil:
		return base64.StdEncoding.DecodeString(*v.InputB64)
	case v.Input != nil:
		return []byte(*v.Input), nil
	}
	return nil, nil
}

// Record is one host's result for one vector: the line format of
// out/<host>.jsonl, shared with the JS runners.
type Record struct {
	Name   string       `json:"name"`
	Output *string      `json:"output,omitempty"`
	Error  *RecordError `json:"error,omitempty"`
}

// RecordError is the part of an error that must match across hosts.
type RecordError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// LoadVectors reads every vectors/*.json file under dir, in file-name order,
// and rejects malformed or duplicate vectors: a broken vector must fail the
// suite, not drop out of it.
func LoadVectors(dir string) ([]Vector, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no vector files in %s", dir)
	}
	seen := map[string]string{}
	var all []Vector
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Vectors []Vector `json:"vectors"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		for i, v := range doc.Vectors {
			switch {
			case v.Name == "":
				return nil, fmt.Errorf("%s: vector %d has no name", f, i)
			case seen[v.Name] != "":
				return nil, fmt.Errorf("%s: vector %q also in %s", f, v.Name, seen[v.Name])
			case (v.Output == nil) == (v.Error == nil):
				return nil, fmt.Errorf("%s: vector %q needs exactly one of output and error", f, v.Name)
			case v.Input != nil && v.InputB64 != nil:
				return nil, fmt.Errorf("%s: vector %q has both input and input_b64", f, v.Name)
			}
			if _, err := v.Bytes(); err != nil {
				return nil, fmt.Errorf("%s: vector %q: input_b64: %v", f, v.Name, err)
			}
			seen[v.Name] = filepath.Base(f)
			all = append(all, v)
		}
	}
	return all, nil
}
