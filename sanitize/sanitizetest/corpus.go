package sanitizetest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Payload is one attack or edge-case input from a shared corpus.
type Payload struct {
	Name  string // "dompurify/12", "mxss/quirk-03#1"
	Input string
	// Expected lists DOMPurify's accepted outputs (default configuration) for
	// dompurify payloads; empty for other corpora.
	Expected []string
}

// CorporaDir returns the shared corpora directory (../shared/corpora
// relative to the repository root, found by walking up from the working
// directory to go.mod), and whether it exists.
func CorporaDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			c := filepath.Join(dir, "..", "shared", "corpora")
			st, err := os.Stat(c)
			return c, err == nil && st.IsDir()
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// CorpusPayloads loads every payload of the shared attack corpora
// (DOMPurifyPayloads, then MXSSPayloads), or skips the test when they are
// not checked out next to the repository.
func CorpusPayloads(tb testing.TB) []Payload {
	tb.Helper()
	dir, ok := CorporaDir()
	if !ok {
		tb.Skip("../shared/corpora is absent; corpus tests skipped")
	}
	dp, err := DOMPurifyPayloads(dir)
	if err != nil {
		tb.Fatal(err)
	}
	mx, err := MXSSPayloads(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return append(dp, mx...)
}

// DOMPurifyPayloads loads dompurify/expect.json from the corpora directory.
func DOMPurifyPayloads(corpora string) ([]Payload, error) {
	var raw []struct {
		ID       int             `json:"id"`
		Payload  string          `json:"payload"`
		Expected json.RawMessage `json:"expected"`
	}
	if err := readJSON(filepath.Join(corpora, "dompurify", "expect.json"), &raw); err != nil {
		return nil, err
	}
	out := make([]Payload, 0, len(raw))
	for _, r := range raw {
		var one string
		var many []string
		if json.Unmarshal(r.Expected, &one) == nil {
			many = []string{one}
		} else if err := json.Unmarshal(r.Expected, &many); err != nil {
			return nil, fmt.Errorf("dompurify %d: expected: %v", r.ID, err)
		}
		out = append(out, Payload{Name: fmt.Sprintf("dompurify/%d", r.ID), Input: r.Payload, Expected: many})
	}
	return out, nil
}

// MXSSPayloads loads every example input of mxss/cases.json.
func MXSSPayloads(corpora string) ([]Payload, error) {
	var raw []struct {
		ID       string `json:"id"`
		Examples []struct {
			Input string `json:"input"`
		} `json:"examples"`
	}
	if err := readJSON(filepath.Join(corpora, "mxss", "cases.json"), &raw); err != nil {
		return nil, err
	}
	var out []Payload
	for _, r := range raw {
		for i, e := range r.Examples {
			out = append(out, Payload{Name: fmt.Sprintf("mxss/%s#%d", r.ID, i+1), Input: e.Input})
		}
	}
	return out, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}
