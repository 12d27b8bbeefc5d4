package main

import (
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/bench/internal/fixtures"
	"github.com/edgeguard/edgeguard/bench/internal/results"
)

const sampleGoBench = `goos: linux
goarch: amd64
pkg: github.com/edgeguard/edgeguard/bench
cpu: Intel(R) Xeon(R) Processor
BenchmarkEcho/native-2          	19000000	        60.00 ns/op	       0 B/op	       0 allocs/op
BenchmarkEcho/wazero-deadline-2 	  100000	     10000 ns/op
BenchmarkEcho/native-2          	19000000	        40.00 ns/op
BenchmarkEcho/native-2          	19000000	        50.00 ns/op
BenchmarkSanitize/comment-1k/native    	    5000	    100000 ns/op	  11.55 MB/s	   34264 B/op	     412 allocs/op
BenchmarkSanitize/comment-1k/bluemonday	    5000	     50000 ns/op
PASS
ok  	github.com/edgeguard/edgeguard/bench	11.432s
`

func TestParseGoBench(t *testing.T) {
	gb, err := parseGoBench(strings.NewReader(sampleGoBench))
	if err != nil {
		t.Fatal(err)
	}
	if got := gb.header["cpu"]; got != "Intel(R) Xeon(R) Processor" {
		t.Errorf("cpu header = %q", got)
	}
	tests := []struct {
		name   string
		ok     bool
		ns     float64
		allocs float64
	}{
		{"BenchmarkEcho/native", true, 50, 0},             // median of 60, 40, 50; suffix -2 stripped
		{"BenchmarkEcho/wazero-deadline", true, 10000, 0}, // a hyphen in the name is not the suffix
		{"BenchmarkSanitize/comment-1k/native", true, 100000, 412},
		{"BenchmarkSanitize/comment-1k/bluemonday", true, 50000, 0},
		{"BenchmarkEcho/wazero", false, 0, 0},
	}
	for _, tt := range tests {
		r, ok := gb.median(tt.name)
		if ok != tt.ok || r.nsPerOp != tt.ns || r.allocsPerOp != tt.allocs {
			t.Errorf("median(%q) = %+v, %v; want ns %v allocs %v, %v", tt.name, r, ok, tt.ns, tt.allocs, tt.ok)
		}
	}
}

func TestParseGoBenchRejectsGarbledLines(t *testing.T) {
	for _, line := range []string{
		"BenchmarkX-2   100   fast ns/op",
		"BenchmarkX-2   100   12 MB/s",
	} {
		if _, err := parseGoBench(strings.NewReader(line + "\n")); err == nil {
			t.Errorf("%q: no error", line)
		}
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{dur(36.1), "36.1 ns"},
		{dur(1890), "1.89 µs"},
		{dur(654_740), "655 µs"},
		{dur(45_828_332), "45.8 ms"},
		{dur(3.59e9), "3.59 s"},
		{ratioCell(1, 4, true), "0.25×"},
		{ratioCell(1, 4, false), "–"},
		{ratioCell(1, 0, true), "–"},
		{mbCell(timing{ns: 50_000, ok: true}, 1155), "23.1"},
		{opsCell(timing{ns: 4e6, ok: true}), "250"},
		{durCell(timing{}), "not run"},
		{bytesShort(1155), "1155 B"},
		{bytesShort(100_222), "100 kB"},
		{loadTriple("6.04 5.82 3.15 3/412 9999"), "6.04 5.82 3.15"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// render on a small, hand-made run: the ratios follow from the inputs, and
// a mismatch between hosts is reported, not hidden.
func TestRender(t *testing.T) {
	gb, err := parseGoBench(strings.NewReader(sampleGoBench))
	if err != nil {
		t.Fatal(err)
	}
	out := []byte("<p>x</p>")
	in := &inputs{
		when:     time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC),
		machine:  machine{cpus: 2, model: "Test CPU", goVer: "go1.26"},
		sizes:    results.Sizes{Module: "js/dist/edgeguard.wasm", Raw: 8_000_000, Gzip: 2_000_000},
		goBench:  gb,
		fixtures: []fixtures.Fixture{{Name: "comment-1k", HTML: []byte("<p>x</p><script>y</script>")}},
		node: results.Node{
			Node: "v20", Samples: 5, SampleMs: 1000,
			Echo: &results.Measurement{NsPerOp: 1000},
			Sanitize: map[string]map[string]results.Measurement{"comment-1k": {
				"edgeguard":     {NsPerOp: 400_000},
				"sanitize-html": {NsPerOp: 100_000},
			}},
			EdgeguardOutputSHA256: map[string]string{"comment-1k": "not the right hash"},
			Errors:                map[string]string{"dompurify+jsdom": "not installed\nstack"},
		},
		nodeStarts: []results.NodeStart{{InitMs: 100}, {InitMs: 300}, {InitMs: 200}},
		nativeOut:  map[string][]byte{"comment-1k": out},
	}
	in.chromium = &results.Chromium{Browser: "156", Samples: 5, SampleMs: 1000,
		Sanitize: map[string]map[string]results.Measurement{"comment-1k": {
			"edgeguard": {NsPerOp: 200_000, OutBytes: 8},
			"dompurify": {NsPerOp: 300_000, OutBytes: 9},
		}},
		EdgeguardOutputSHA256: map[string]string{"comment-1k": sha256hex(out)},
	}
	in.wazeroCold.CacheWasWarm = true // wrong on purpose: the report must flag it
	in.wazeroWarm.CacheWasWarm = true
	got := render(in)
	for _, want := range []string{
		"| comment-1k | 0.50× | – | – | 0.25× | 0.25× | – | – |", // native ÷ bluemonday = 50µs/100µs; Node ÷ native = 100µs/400µs
		"| wazero, context with a deadline (guarded variant) | 10.0 µs | 10.0 µs–10.0 µs | 200× |",
		"| native Go (host.Engine, no wasm) | 50.0 ns | 40.0 ns–60.0 ns | 1.00× |",
		"median of 3 rounds",
		"| Node | instantiate + `_initialize` | 200 ms (100 ms–300 ms) |",
		"not measured (no `brotli` tool)",
		"⚠ cache_was_warm=true",
		"**MISMATCH**: Node's edgeguard output differs",
		"**dompurify+jsdom did not run**: not installed",
		"| DOMPurify + jsdom, Node | not run |",
		"| comment-1k | 200 µs | 0.13 | 300 µs | 0.09 | 1.50× | 8 / 9 |", // the fixture is 27 bytes
		"Chromium's edgeguard output is byte-identical",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q\n%s", want, got)
		}
	}
	if strings.Contains(got, "stack") {
		t.Error("an error's later lines leaked into the report")
	}
}

func TestChromiumSectionWhenNotRun(t *testing.T) {
	for _, tt := range []struct {
		c    *results.Chromium
		want string
	}{
		{nil, "Not run: no /usr/bin/chromium"},
		{&results.Chromium{Error: "no results after 600 s\nmore"}, "Not run: no results after 600 s"},
	} {
		if got := chromiumSection(&inputs{chromium: tt.c}); !strings.HasPrefix(got, tt.want) || strings.Contains(got, "more") {
			t.Errorf("chromiumSection(%+v) = %q, want prefix %q", tt.c, got, tt.want)
		}
	}
}
