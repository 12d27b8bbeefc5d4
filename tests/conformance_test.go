package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// run executes one vector on an engine, the way every JS runner does: open
// the kind (an error there is the result), then call.
func run(ctx context.Context, e *host.Engine, v Vector) Record {
	rec := Record{Name: v.Name}
	fail := func(err error) Record {
		var he *host.Error
		if !errors.As(err, &he) {
			he = &host.Error{Code: "host_error", Message: err.Error()}
		}
		rec.Error = &RecordError{Code: he.Code, Message: he.Message}
		return rec
	}
	h := e.Module()
	if v.Kind != "" {
		cfg := []byte(v.Config)
		if len(cfg) == 0 {
			cfg = []byte("null")
		}
		var err error
		if h, err = e.Open(ctx, v.Kind, cfg); err != nil {
			return fail(err)
		}
		defer h.Close()
	}
	in, _ := v.Bytes()
	r, err := h.Call(ctx, v.Op, in)
	if err != nil {
		return fail(err)
	}
	out := string(r.Data)
	rec.Output = &out
	return rec
}

// TestConformance runs every vector natively and on wazero, checks each
// result against the vector, and writes out/native.jsonl and
// out/wazero.jsonl for compare.mjs to hold against the JS hosts.
func TestConformance(t *testing.T) {
	vectors, err := LoadVectors("vectors")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, mode := range []string{"native", "wazero"} {
		t.Run(mode, func(t *testing.T) {
			opts := host.Options{Native: mode == "native"}
			if !opts.Native {
				opts.ModulePath = testmodule.Path(t)
				opts.CacheDir = host.DefaultCacheDir()
			}
			e, err := host.New(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close(ctx)
			var out bytes.Buffer
			enc := json.NewEncoder(&out)
			enc.SetEscapeHTML(false)
			passed := 0
			for _, v := range vectors {
				rec := run(ctx, e, v)
				if msg := Check(v, rec); msg != "" {
					t.Errorf("%s: %s", v.Name, msg)
				} else {
					passed++
				}
				enc.Encode(rec)
			}
			t.Logf("%s: %d/%d vectors passed", mode, passed, len(vectors))
			if err := os.MkdirAll("out", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("out", mode+".jsonl"), out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Check compares a record with its vector's expectation; "" means it passed.
func Check(v Vector, r Record) string {
	switch {
	case v.Error != nil && r.Error == nil:
		return "want error " + *v.Error + ", got output " + quote(r.Output)
	case v.Error != nil && r.Error.Code != *v.Error:
		return "want error " + *v.Error + ", got " + r.Error.Code + " (" + r.Error.Message + ")"
	case v.Output != nil && r.Error != nil:
		return "want output " + quote(v.Output) + ", got error " + r.Error.Code + " (" + r.Error.Message + ")"
	case v.Output != nil && *r.Output != *v.Output:
		return "want output " + quote(v.Output) + ", got " + quote(r.Output)
	}
	return ""
}

func quote(s *string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
