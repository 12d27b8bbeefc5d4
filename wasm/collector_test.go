package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// The collector settings (collector_wasip1.go) must keep a large sanitize
// from growing linear memory, which never shrinks, past the point where the
// wazero host retires an instance (half its 128 MiB default ceiling); with
// the runtime's defaults (the host setting GOGC itself) the same calls grow
// it well beyond that, which is what the soft limit is for.
func TestCollectorBoundsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sanitizes 2 MB documents on wazero")
	}
	const retireAt = 64 << 20
	para := `<p>Thanks for the <b>write-up</b>, see <a href="https://example.com/x?a=1&amp;b=2">the guide</a> and <i>this</i> — Zoë 🎉</p>` + "\n"
	doc := strings.Repeat(para, (2<<20-1024)/len(para))
	grown := func(env ...string) uint32 {
		a := instantiate(t, true, env...)
		cfg := a.put(`sanitize"ugc"`)
		status, out := a.result(a.call("eg_open", uint64(cfg), 8, 5))
		var opened struct{ Handle uint64 }
		if status != 1 || json.Unmarshal([]byte(out), &opened) != nil || opened.Handle == 0 {
			t.Fatalf("eg_open = %d %s", status, out)
		}
		in := a.put("sanitize" + doc)
		for range 3 {
			if status, out := a.result(a.call("eg_call", opened.Handle, uint64(in), 8, uint64(len(doc)))); status != 0 || len(out) < len(doc)/2 {
				t.Fatalf("sanitize = %d, %d bytes", status, len(out))
			}
		}
		return a.mod.Memory().Size()
	}
	tuned := grown()
	if tuned >= retireAt {
		t.Errorf("linear memory after 2 MB sanitizes: %d MiB, want < %d MiB", tuned>>20, retireAt>>20)
	}
	if untuned := grown("GOGC=100"); untuned <= tuned {
		t.Errorf("with GOGC=100 from the host: %d MiB, want more than the tuned %d MiB (is the soft limit applied?)", untuned>>20, tuned>>20)
	} else {
		t.Logf("linear memory after three 2 MB sanitizes: %d MiB tuned, %d MiB with GOGC=100", tuned>>20, untuned>>20)
	}
}
