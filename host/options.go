package host

import (
	"io"
	"runtime"
	"time"
)

// Options configure an Engine. The zero value is a wazero engine that finds
// the module on disk (see FindModule), with no disk cache.
type Options struct {
	// Native runs the dispatch table in-process instead of the module.
	// Native calls cannot be interrupted: deadlines are checked before a
	// call starts, and a memory ceiling does not apply.
	Native bool

	// Module is the wasm binary. When nil, ModulePath is read.
	Module []byte
	// ModulePath is where to read the module when Module is nil; when both
	// are empty, FindModule decides.
	ModulePath string

	// CacheDir, when set, keeps compiled machine code on disk so that the
	// next process start skips the multi-second compile.
	CacheDir string

	// Instances caps the instance pool (per deadline mode, see RATIONALE.md).
	// Zero means GOMAXPROCS.
	Instances int

	// MemoryLimit caps one instance's linear memory, in bytes (rounded down
	// to 64 KiB pages). Zero means 128 MiB. An instance that reaches it
	// fails its call with out_of_memory and is replaced.
	MemoryLimit uint64

	// CallTimeout bounds every call. Zero means only the caller's context
	// deadline, if any, applies.
	CallTimeout time.Duration

	// Env is passed to the module's environment (for example
	// EDGEGUARD_FAULTS=1 in tests). GOMEMLIMIT is derived from MemoryLimit
	// unless set here.
	Env map[string]string

	// Log receives what the module writes to stdout and stderr (only
	// runtime crash reports). Nil discards it; crash text is still attached
	// to the returned error.
	Log io.Writer
}

const defaultMemoryLimit = 128 << 20

func (o Options) withDefaults() Options {
	if o.Instances <= 0 {
		o.Instances = runtime.GOMAXPROCS(0)
	}
	if o.MemoryLimit == 0 {
		o.MemoryLimit = defaultMemoryLimit
	}
	return o
}
