package main

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/edgeguard/edgeguard/bench/internal/results"
)

// Go benchmark names (bench/bench_test.go) and Node contender names
// (bench/node/bench.mjs) the report reads.
const (
	goEcho     = "BenchmarkEcho/"
	goSanitize = "BenchmarkSanitize/"
	goOpen     = "BenchmarkOpenUGC/"
	goBare     = "BenchmarkBareExport/"
	nodeEG     = "edgeguard"
)

// nodePeers are the Node peers, in report order, with their display names.
var nodePeers = []struct{ key, label string }{
	{"sanitize-html", "sanitize-html"},
	{"xss", "js-xss"},
	{"dompurify+jsdom", "DOMPurify + jsdom"},
}

// timing is one row's measurement; ok is false when it did not run.
type timing struct {
	ns, min, max float64 // median, fastest and slowest run or sample
	ok           bool
	outBytes     int
}

func render(in *inputs) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# edgeguard benchmark report\n\n")
	p("%s · %d CPUs (%s) · %s · Node %s (V8 %s)\n\n", in.when.Format("2006-01-02 15:04 MST"),
		in.machine.cpus, in.machine.model, in.machine.goVer, in.node.Node, in.node.V8)
	p("Commit `%s`, module `%s`, produced by `bash bench/run.sh` (`make bench`). Load average (1, 5, 15 min) at start: %s; at end: %s.\n\n",
		in.commit, in.sizes.Module, loadTriple(in.loadStart), loadTriple(in.loadEnd))

	p("## Module size\n\n")
	rows := [][]string{{"raw", bytesCell(in.sizes.Raw)}, {"gzip -9", bytesCell(in.sizes.Gzip)}}
	if in.sizes.Brotli > 0 {
		rows = append(rows, []string{"brotli -q 11", bytesCell(in.sizes.Brotli)})
	} else {
		rows = append(rows, []string{"brotli -q 11", "not measured (no `brotli` tool)"})
	}
	table(&b, []string{"encoding", "bytes"}, rows)

	p("\n## Start-up\n\n")
	p("Node: median of %d fresh processes (min–max). wazero: one process without a cache, then one with the cache it filled.\n\n", len(in.nodeStarts))
	table(&b, []string{"host", "step", "time"}, startRows(in))

	p("\n## A trivial call across the boundary\n\n")
	p("`echo` with empty input on the module handle: the whole round trip of one call (write request, call export, read result).\n\n")
	table(&b, []string{"host", "per call", "min–max", "× native"}, echoRows(in))

	p("\n## Sanitize throughput (policy `ugc`, same input bytes everywhere)\n\n")
	p("Go: `go test -bench`, median of %d rounds; Node: median of %d samples of ≥ %g ms each, contenders interleaved. Peers run their default configuration, so their outputs differ (see \"out bytes\").\n\n",
		in.goBench.rounds(), in.node.Samples, in.node.SampleMs)
	var versions []string
	for _, peer := range nodePeers {
		if v, ok := in.node.Versions[peer.key]; ok {
			versions = append(versions, "`"+v+"`")
		}
	}
	p("Peers: %s; Go: bluemonday `UGCPolicy()` (the version in go.mod).\n\n", strings.Join(versions, ", "))
	table(&b, []string{"input", "engine", "time/op", "min–max", "ops/s", "MB/s", "out bytes"}, sanitizeRows(in))

	p("\n## Ratios (throughput of the first ÷ the second; > 1 means the first is faster)\n\n")
	table(&b, ratioHeader(), ratioRows(in))
	p("\nTargets (issue 3): edgeguard native ≥ 1× bluemonday; edgeguard in Node ≥ 1.5× sanitize-html.\n")

	p("\n## Chromium: edgeguard against DOMPurify on the native DOM\n\n")
	p("%s\n", chromiumSection(in))

	p("\n## Compiling a policy (open the `ugc` handle, then close it)\n\n")
	var openRows [][]string
	for _, m := range []string{"native", "wazero"} {
		openRows = append(openRows, []string{m, durCell(goTiming(in, goOpen+m))})
	}
	table(&b, []string{"mode", "per open + close"}, openRows)

	p("\n## Checks\n\n")
	for _, line := range checks(in) {
		p("- %s\n", line)
	}
	return b.String()
}

func startRows(in *inputs) [][]string {
	node := func(f func(results.NodeStart) float64) string {
		var v []float64
		for _, s := range in.nodeStarts {
			v = append(v, f(s))
		}
		slices.Sort(v)
		if len(v) == 1 {
			return msCell(v[0])
		}
		return fmt.Sprintf("%s (%s–%s)", msCell(v[len(v)/2]), msCell(v[0]), msCell(v[len(v)-1]))
	}
	c, w := in.wazeroCold, in.wazeroWarm
	rows := [][]string{
		{"Node", "read the file", node(func(s results.NodeStart) float64 { return s.ReadMs })},
		{"Node", "`WebAssembly.compile` (lazy: Liftoff compiles functions on first call)", node(func(s results.NodeStart) float64 { return s.CompileMs })},
		{"Node", "instantiate + `_initialize`", node(func(s results.NodeStart) float64 { return s.InitMs })},
		{"Node", "first sanitize of comment-1k (opens the policy)", node(func(s results.NodeStart) float64 { return s.FirstCallMs })},
		{"Node", "second sanitize", node(func(s results.NodeStart) float64 { return s.SecondCallMs })},
		{"Node", "**total to the first answer**", node(firstAnswer)},
		{"wazero", "first start, no cache: `host.New` (compile + first instance)" + warmNote(c, false), msCell(c.NewMs)},
		{"wazero", "first sanitize of comment-1k (opens the policy)", msCell(c.FirstCallMs)},
		{"wazero", "second sanitize", msCell(c.SecondCallMs)},
		{"wazero", "first call with a deadline, no cache (compiles the guarded variant)", msCell(c.FirstDeadlineCallMs)},
		{"wazero", "cached start: `host.New` in a second process" + warmNote(w, true), msCell(w.NewMs)},
		{"wazero", "cached: first sanitize", msCell(w.FirstCallMs)},
		{"wazero", "cached: first call with a deadline (guarded variant from the cache)", msCell(w.FirstDeadlineCallMs)},
		{"wazero", "of which: `CompileModule` from the cache (wazero directly)", msCell(w.CompileWarmMs)},
		{"wazero", "of which: instantiate + `_initialize` (median of 5)", msCell(w.InstantiateMs)},
	}
	if lo := in.nodeLiftoff; lo != nil {
		rows = slices.Insert(rows, 6, []string{"Node", fmt.Sprintf(
			"with `--no-wasm-lazy-compilation --liftoff-only` (one process): compile %s, instantiate + `_initialize` %s, first sanitize %s; total",
			msCell(lo.CompileMs), msCell(lo.InitMs), msCell(lo.FirstCallMs)), msCell(firstAnswer(*lo))})
	}
	return rows
}

// chromiumSection renders the Chromium measurements, or why there are none.
func chromiumSection(in *inputs) string {
	c := in.chromium
	switch {
	case c == nil:
		return "Not run: no /usr/bin/chromium or playwright-core (bench/run.sh says which)."
	case c.Error != "":
		return "Not run: " + firstLine(c.Error)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Chromium %s, headless; DOMPurify %s on the page's DOM; edgeguard through the package's browser entry. "+
		"`load()` (fetch, compile, instantiate, `_initialize`) took %s, the first sanitize of comment-1k %s. "+
		"Median of %d samples of ≥ %g ms, interleaved; cross-origin isolated (5 µs timer): %v.\n\n",
		c.Browser, c.DOMPurify, msCell(c.LoadMs), msCell(c.FirstCallMs), c.Samples, c.SampleMs, c.CrossOriginIsolated)
	var rows [][]string
	for _, f := range in.fixtures {
		eg, dp := c.Sanitize[f.Name]["edgeguard"], c.Sanitize[f.Name]["dompurify"]
		t := func(m results.Measurement) timing {
			return timing{ns: m.NsPerOp, min: m.MinNs, max: m.MaxNs, ok: m.NsPerOp > 0, outBytes: m.OutBytes}
		}
		e, d := t(eg), t(dp)
		rows = append(rows, []string{f.Name, durCell(e), mbCell(e, len(f.HTML)), durCell(d), mbCell(d, len(f.HTML)),
			ratioCell(d.ns, e.ns, e.ok && d.ok), fmt.Sprintf("%d / %d", e.outBytes, d.outBytes)})
	}
	table(&b, []string{"input", "edgeguard", "MB/s", "DOMPurify", "MB/s", "edgeguard ÷ DOMPurify (throughput)", "out bytes (edgeguard / DOMPurify)"}, rows)
	return b.String()
}

// firstAnswer is a Node start's time from nothing to the first sanitized
// output.
func firstAnswer(s results.NodeStart) float64 {
	return s.ReadMs + s.CompileMs + s.InitMs + s.FirstCallMs
}

// warmNote flags a start whose cache state is not what the row claims
// (a cache directory that was not fresh, say).
func warmNote(s results.WazeroStart, wantWarm bool) string {
	if s.CacheWasWarm != wantWarm {
		return fmt.Sprintf(" ⚠ cache_was_warm=%v", s.CacheWasWarm)
	}
	return ""
}

func echoRows(in *inputs) [][]string {
	native := goTiming(in, goEcho+"native")
	rows := [][]string{}
	add := func(label string, t timing) {
		rows = append(rows, []string{label, durCell(t), rangeCell(t), ratioCell(t.ns, native.ns, t.ok && native.ok)})
	}
	add("native Go (host.Engine, no wasm)", native)
	add("wazero", goTiming(in, goEcho+"wazero"))
	add("wazero, context with a deadline (guarded variant)", goTiming(in, goEcho+"wazero-deadline"))
	add("wazero, bare export `eg_abi_version` (the boundary alone)", goTiming(in, goBare+"wazero"))
	add("wazero, bare export, guarded variant", goTiming(in, goBare+"wazero-deadline"))
	node := timing{}
	if in.node.Echo != nil {
		e := in.node.Echo
		node = timing{ns: e.NsPerOp, min: e.MinNs, max: e.MaxNs, ok: true}
	}
	add("Node (`eg.call(0, 'echo', '')`)", node)
	return rows
}

// noOutput marks a row that times work without a result of its own.
const noOutput = -1

// engines lists the rows of one fixture: Go benchmarks first, then Node.
func engines(in *inputs, fixture string) []struct {
	label string
	t     timing
} {
	type row = struct {
		label string
		t     timing
	}
	native := len(in.nativeOut[fixture])
	goRow := func(label, mode string, out int) row {
		t := goTiming(in, goSanitize+fixture+"/"+mode)
		t.outBytes = out
		return row{label, t}
	}
	rows := []row{
		goRow("edgeguard, native Go", "native", native),
		goRow("bluemonday alone, native Go", "bluemonday", in.bluemondayN[fixture]),
		// No output: the tree builder edgeguard runs first, timed alone.
		goRow("x/net/html parse alone, native Go", "parse", noOutput),
		goRow("edgeguard, wazero", "wazero", native),
		goRow("edgeguard, wazero with a deadline", "wazero-deadline", native),
		{"edgeguard, Node", nodeTiming(in, fixture, nodeEG)},
	}
	for _, peer := range nodePeers {
		rows = append(rows, row{peer.label + ", Node", nodeTiming(in, fixture, peer.key)})
	}
	return rows
}

func sanitizeRows(in *inputs) [][]string {
	var rows [][]string
	for _, f := range in.fixtures {
		size := len(f.HTML)
		for i, e := range engines(in, f.Name) {
			label := ""
			if i == 0 {
				label = fmt.Sprintf("%s (%s)", f.Name, bytesShort(size))
			}
			out := "–"
			if e.t.ok && e.t.outBytes != noOutput {
				out = fmt.Sprint(e.t.outBytes)
			}
			rows = append(rows, []string{label, e.label, durCell(e.t), rangeCell(e.t), opsCell(e.t), mbCell(e.t, size), out})
		}
	}
	return rows
}

func ratioHeader() []string {
	h := []string{"input", "native ÷ bluemonday", "wazero ÷ native", "wazero+deadline ÷ wazero", "Node ÷ native"}
	for _, p := range nodePeers {
		h = append(h, "Node ÷ "+p.label)
	}
	return h
}

func ratioRows(in *inputs) [][]string {
	var rows [][]string
	for _, f := range in.fixtures {
		g := func(mode string) timing { return goTiming(in, goSanitize+f.Name+"/"+mode) }
		native, bm, wz, wzd := g("native"), g("bluemonday"), g("wazero"), g("wazero-deadline")
		node := nodeTiming(in, f.Name, nodeEG)
		// Throughput ratio A ÷ B is time(B) ÷ time(A).
		tr := func(a, b timing) string { return ratioCell(b.ns, a.ns, a.ok && b.ok) }
		row := []string{f.Name, tr(native, bm), tr(wz, native), tr(wzd, wz), tr(node, native)}
		for _, p := range nodePeers {
			row = append(row, tr(node, nodeTiming(in, f.Name, p.key)))
		}
		rows = append(rows, row)
	}
	return rows
}

func checks(in *inputs) []string {
	var out []string
	out = append(out, "native, wazero and wazero-with-deadline outputs are identical on every input (`TestModesAgree`, run before the benchmarks by bench/run.sh).")
	var bad []string
	for _, f := range in.fixtures {
		want := sha256hex(in.nativeOut[f.Name])
		if got, ok := in.node.EdgeguardOutputSHA256[f.Name]; !ok || got != want {
			bad = append(bad, f.Name)
		}
	}
	if len(bad) == 0 {
		out = append(out, "Node's edgeguard output is byte-identical to native Go's on every input (sha256).")
	} else {
		out = append(out, fmt.Sprintf("**MISMATCH**: Node's edgeguard output differs from native Go's on %s: the module and the Go code are not the same build, so the ratios above are not comparable.", strings.Join(bad, ", ")))
	}
	if c := in.chromium; c != nil && c.Error == "" {
		var bad []string
		for _, f := range in.fixtures {
			if c.EdgeguardOutputSHA256[f.Name] != sha256hex(in.nativeOut[f.Name]) {
				bad = append(bad, f.Name)
			}
		}
		if len(bad) == 0 {
			out = append(out, "Chromium's edgeguard output is byte-identical to native Go's on every input (sha256).")
		} else {
			out = append(out, fmt.Sprintf("**MISMATCH**: Chromium's edgeguard output differs from native Go's on %s.", strings.Join(bad, ", ")))
		}
	}
	comment := sha256hex(in.nativeOut[fixtureFirst(in)])
	for _, s := range []results.WazeroStart{in.wazeroCold, in.wazeroWarm} {
		if s.OutputSHA256 != comment {
			out = append(out, "**MISMATCH**: the start-up probe's wazero output differs from native Go's.")
			break
		}
	}
	for name, err := range in.node.Errors {
		out = append(out, fmt.Sprintf("**%s did not run**: %s", name, firstLine(err)))
	}
	return out
}

func fixtureFirst(in *inputs) string {
	if len(in.fixtures) == 0 {
		return ""
	}
	return in.fixtures[0].Name
}

func goTiming(in *inputs, name string) timing {
	r, ok := in.goBench.median(name)
	lo, hi := in.goBench.spread(name)
	return timing{ns: r.nsPerOp, min: lo, max: hi, ok: ok}
}

func nodeTiming(in *inputs, fixture, contender string) timing {
	m, ok := in.node.Sanitize[fixture][contender]
	return timing{ns: m.NsPerOp, min: m.MinNs, max: m.MaxNs, ok: ok, outBytes: m.OutBytes}
}

// rangeCell shows the spread of the runs behind a median: on a busy machine
// it is the first thing to look at.
func rangeCell(t timing) string {
	if !t.ok || t.min <= 0 {
		return "–"
	}
	return dur(t.min) + "–" + dur(t.max)
}

// table writes a markdown table.
func table(b *strings.Builder, header []string, rows [][]string) {
	line := func(cells []string) { fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | ")) }
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}

// sig3 formats x with three significant digits (no exponent).
func sig3(x float64) string {
	switch ax := math.Abs(x); {
	case ax >= 100:
		return fmt.Sprintf("%.0f", x)
	case ax >= 10:
		return fmt.Sprintf("%.1f", x)
	default:
		return fmt.Sprintf("%.2f", x)
	}
}

func durCell(t timing) string {
	if !t.ok {
		return "not run"
	}
	return dur(t.ns)
}

func dur(ns float64) string {
	switch {
	case ns < 1e3:
		return sig3(ns) + " ns"
	case ns < 1e6:
		return sig3(ns/1e3) + " µs"
	case ns < 1e9:
		return sig3(ns/1e6) + " ms"
	}
	return sig3(ns/1e9) + " s"
}

func msCell(ms float64) string { return dur(ms * 1e6) }

func opsCell(t timing) string {
	if !t.ok || t.ns <= 0 {
		return "–"
	}
	return sig3(1e9 / t.ns)
}

// mbCell is throughput in MB/s (10⁶ bytes, like `go test -bench`).
func mbCell(t timing, size int) string {
	if !t.ok || t.ns <= 0 {
		return "–"
	}
	return sig3(float64(size) * 1e3 / t.ns)
}

func ratioCell(num, den float64, ok bool) string {
	if !ok || den <= 0 {
		return "–"
	}
	return sig3(num/den) + "×"
}

func bytesCell(n int64) string {
	return fmt.Sprintf("%d (%s MB)", n, sig3(float64(n)/1e6))
}

func bytesShort(n int) string {
	if n < 10_000 {
		return fmt.Sprintf("%d B", n)
	}
	return sig3(float64(n)/1e3) + " kB"
}

// loadTriple keeps the three load averages of a /proc/loadavg line.
func loadTriple(s string) string {
	f := strings.Fields(s)
	if len(f) < 3 {
		return s
	}
	return strings.Join(f[:3], " ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
