// Package results holds the JSON records the benchmark programs write into
// bench/out and the report reads back, so that writer and reader share one
// definition.
package results

// WazeroStart is what one process of bench/cmd/startup measured, in
// milliseconds.
type WazeroStart struct {
	// CacheWasWarm reports whether the cache directory held anything when
	// the process started.
	CacheWasWarm bool `json:"cache_was_warm"`
	// NewMs is host.New: compile (or cache load) plus the first instance.
	NewMs float64 `json:"new_ms"`
	// FirstCallMs is the first sanitize: opening the policy on the
	// instance, then sanitizing the fixture.
	FirstCallMs float64 `json:"first_call_ms"`
	// SecondCallMs is the same sanitize again (the policy is open).
	SecondCallMs float64 `json:"second_call_ms"`
	// FirstDeadlineCallMs is the first sanitize with a deadline: the
	// guarded variant's compile (or cache load), its first instance, opening
	// the policy there.
	FirstDeadlineCallMs float64 `json:"first_deadline_call_ms"`
	// CompileWarmMs is CompileModule from the warm cache, measured with
	// wazero directly.
	CompileWarmMs float64 `json:"compile_warm_ms"`
	// InstantiateMs is the median of several instantiate + _initialize.
	InstantiateMs float64 `json:"instantiate_ms"`
	// OutputSHA256 identifies the sanitized fixture, so that the report can
	// check that every host produced the same bytes.
	OutputSHA256 string `json:"output_sha256"`
}

// NodeStart is one cold start measured by bench/node/startup.mjs, in
// milliseconds.
type NodeStart struct {
	Node         string  `json:"node"`
	ReadMs       float64 `json:"read_ms"`
	CompileMs    float64 `json:"compile_ms"`
	InitMs       float64 `json:"init_ms"` // instantiate + _initialize
	FirstCallMs  float64 `json:"first_call_ms"`
	SecondCallMs float64 `json:"second_call_ms"`
	FirstEchoMs  float64 `json:"first_echo_ms"`
	OutputBytes  int     `json:"output_bytes"`
}

// Measurement is one timed function of the Node harness (bench/node).
type Measurement struct {
	NsPerOp  float64 `json:"ns_per_op"` // median of the samples
	MinNs    float64 `json:"min_ns"`
	MaxNs    float64 `json:"max_ns"`
	Calls    int     `json:"calls"`
	InBytes  int     `json:"in_bytes"`
	OutBytes int     `json:"out_bytes"`
}

// Node is the output of bench/node/bench.mjs.
type Node struct {
	Node     string            `json:"node"`
	V8       string            `json:"v8"`
	SampleMs float64           `json:"sample_ms"`
	Samples  int               `json:"samples"`
	Versions map[string]string `json:"versions"` // contender → "pkg@version"
	Echo     *Measurement      `json:"echo"`
	// Sanitize is fixture → contender → measurement.
	Sanitize map[string]map[string]Measurement `json:"sanitize"`
	// EdgeguardOutputSHA256 is fixture → sha256 of edgeguard's output.
	EdgeguardOutputSHA256 map[string]string `json:"edgeguard_output_sha256"`
	// Errors is contender → why it did not run.
	Errors map[string]string `json:"errors"`
}

// Sizes is the module's size, written by bench/run.sh (the compressors are
// the command-line tools, as a server would use them). Brotli is 0 when the
// tool is not installed.
type Sizes struct {
	Module string `json:"module"`
	Raw    int64  `json:"raw"`
	Gzip   int64  `json:"gzip"`
	Brotli int64  `json:"brotli"`
}

// Chromium is the output of bench/node/chromium.mjs: edgeguard and
// DOMPurify measured inside a Chromium page.
type Chromium struct {
	Browser             string  `json:"browser"`
	CrossOriginIsolated bool    `json:"cross_origin_isolated"` // performance.now() at 5 µs rather than 100 µs
	DOMPurify           string  `json:"dompurify"`             // version
	LoadMs              float64 `json:"load_ms"`               // load(): fetch, compile, instantiate, _initialize
	FirstCallMs         float64 `json:"first_call_ms"`
	SampleMs            float64 `json:"sample_ms"`
	Samples             int     `json:"samples"`
	// Sanitize is fixture → "edgeguard" or "dompurify" → measurement.
	Sanitize              map[string]map[string]Measurement `json:"sanitize"`
	EdgeguardOutputSHA256 map[string]string                 `json:"edgeguard_output_sha256"`
	// Error is why the page did not finish, when it did not.
	Error string `json:"error"`
}
