//go:build wasip1

package main

import (
	"os"
	"runtime/debug"
)

// Collector settings for the guest. Go's wasm port has one thread and no
// background mark worker that runs while an export is executing: all marking
// is done by allocation assists inside the call, and while a cycle is marking
// every pointer store pays the write barrier. With the default GOGC=100, a
// sanitize call of a 100 KB document spent ~17% of its time in the collector
// (V8 CPU profile, Node 20); at 400 it is 5–10%, and the call 5–20% faster,
// with every other kind of operation unchanged or faster (docs/performance.md,
// "Sanitize speed (issue 3)").
//
// The soft memory limit keeps what that buys from turning into memory: heap
// goals stay at or below 32 MiB until the live heap itself is larger (inputs
// of more than ~1.5 MB), so linear memory, which never shrinks, stays well
// under the wazero host's retirement threshold (half of its 128 MiB default
// ceiling). For such large inputs the limit makes the heap smaller than
// GOGC=100 alone would (a 2 MB document: ~50 MB of linear memory instead of
// ~98 MB).
const (
	guestGCPercent   = 400
	guestMemoryLimit = 32 << 20
)

func init() { tuneCollector() }

// tuneCollector applies the guest's collector settings unless the host chose
// its own: a GOGC variable in the environment leaves both settings to the
// runtime's reading of GOGC and GOMEMLIMIT, and a GOMEMLIMIT below 32 MiB (the
// wazero host sets 70% of its memory ceiling) is kept, never raised.
func tuneCollector() {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return
	}
	debug.SetGCPercent(guestGCPercent)
	if debug.SetMemoryLimit(-1) > guestMemoryLimit {
		debug.SetMemoryLimit(guestMemoryLimit)
	}
}
