package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// goBench is every result line of `go test -bench` output, by benchmark name
// without the GOMAXPROCS suffix, plus the header lines (goos, cpu, …).
type goBench struct {
	header map[string]string
	runs   map[string][]goRun
}

// goRun is one result line.
type goRun struct {
	nsPerOp, bytesPerOp, allocsPerOp float64
}

// benchLine matches "BenchmarkX/y-2   123   456.7 ns/op   …"; the -N
// suffix is optional (GOMAXPROCS=1 omits it).
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func parseGoBench(r io.Reader) (*goBench, error) {
	gb := &goBench{header: map[string]string{}, runs: map[string][]goRun{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if m := benchLine.FindStringSubmatch(line); m != nil {
			run, err := parseMetrics(m[2])
			if err != nil {
				return nil, fmt.Errorf("%q: %w", line, err)
			}
			gb.runs[m[1]] = append(gb.runs[m[1]], run)
			continue
		}
		if k, v, ok := strings.Cut(line, ": "); ok && !strings.Contains(k, " ") {
			gb.header[k] = v
		}
	}
	return gb, sc.Err()
}

// parseMetrics reads "value unit" pairs; ns/op is required.
func parseMetrics(s string) (goRun, error) {
	f := strings.Fields(s)
	run := goRun{nsPerOp: -1}
	for i := 0; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return run, fmt.Errorf("metric %q: %w", f[i], err)
		}
		switch f[i+1] {
		case "ns/op":
			run.nsPerOp = v
		case "B/op":
			run.bytesPerOp = v
		case "allocs/op":
			run.allocsPerOp = v
		}
	}
	if run.nsPerOp < 0 {
		return run, fmt.Errorf("no ns/op")
	}
	return run, nil
}

// median returns the run with the median ns/op of a benchmark (the lower
// middle one for an even count), and whether the benchmark ran.
func (gb *goBench) median(name string) (goRun, bool) {
	runs := gb.sorted(name)
	if len(runs) == 0 {
		return goRun{}, false
	}
	return runs[(len(runs)-1)/2], true
}

// spread returns the fastest and slowest ns/op of a benchmark's runs.
func (gb *goBench) spread(name string) (lo, hi float64) {
	runs := gb.sorted(name)
	if len(runs) == 0 {
		return 0, 0
	}
	return runs[0].nsPerOp, runs[len(runs)-1].nsPerOp
}

func (gb *goBench) sorted(name string) []goRun {
	runs := slices.Clone(gb.runs[name])
	slices.SortFunc(runs, func(a, b goRun) int { return cmp.Compare(a.nsPerOp, b.nsPerOp) })
	return runs
}

// rounds is how many times the most-run benchmark ran.
func (gb *goBench) rounds() int {
	n := 0
	for _, runs := range gb.runs {
		n = max(n, len(runs))
	}
	return n
}
