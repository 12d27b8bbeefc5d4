// Command report turns the raw results of one bench/run.sh run (bench/out)
// into a markdown report: module size, start-up, the cost of a trivial call,
// sanitize throughput and the ratios the issues set targets for.
//
//	report -dir bench/out -testdata bench/testdata > bench/out/report.md
//
// It also sanitizes the fixtures natively to check that Node and wazero
// produced the very same bytes: a throughput ratio between hosts that do
// different work would mean nothing.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/bench/internal/fixtures"
	"github.com/edgeguard/edgeguard/bench/internal/results"
	"github.com/edgeguard/edgeguard/host"
	"github.com/microcosm-cc/bluemonday"
)

func main() {
	dir := flag.String("dir", "bench/out", "results directory written by bench/run.sh")
	testdata := flag.String("testdata", "bench/testdata", "benchmark inputs")
	flag.Parse()
	in, err := loadInputs(*dir, *testdata)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	if err := in.outputs(); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	fmt.Print(render(in))
}

// inputs is everything one run produced.
type inputs struct {
	when        time.Time
	machine     machine
	sizes       results.Sizes
	wazeroCold  results.WazeroStart
	wazeroWarm  results.WazeroStart
	nodeStarts  []results.NodeStart
	nodeLiftoff *results.NodeStart // eager Liftoff-only start, when measured
	node        results.Node
	chromium    *results.Chromium // nil when the Chromium benchmark did not run
	goBench     *goBench
	fixtures    []fixtures.Fixture
	commit      string // git describe of the measured tree
	loadStart   string // /proc/loadavg when the run began
	loadEnd     string
	nativeOut   map[string][]byte // fixture → edgeguard native output
	bluemondayN map[string]int    // fixture → bluemonday output bytes
}

type machine struct {
	cpus  int
	model string
	goVer string
}

func loadInputs(dir, testdata string) (*inputs, error) {
	in := &inputs{when: time.Now().UTC(), machine: describeMachine()}
	for name, dst := range map[string]any{
		"sizes.json":               &in.sizes,
		"wazero-start-cold.json":   &in.wazeroCold,
		"wazero-start-cached.json": &in.wazeroWarm,
		"node.json":                &in.node,
	} {
		if err := readJSON(filepath.Join(dir, name), dst); err != nil {
			return nil, err
		}
	}
	starts, _ := filepath.Glob(filepath.Join(dir, "node-start-*.json"))
	if len(starts) == 0 {
		return nil, fmt.Errorf("no node-start-*.json in %s", dir)
	}
	for _, p := range starts {
		var s results.NodeStart
		if err := readJSON(p, &s); err != nil {
			return nil, err
		}
		in.nodeStarts = append(in.nodeStarts, s)
	}
	var chr results.Chromium
	if err := readJSON(filepath.Join(dir, "chromium.json"), &chr); err == nil {
		in.chromium = &chr
	} else if !errors.Is(err, fs.ErrNotExist) {
		in.chromium = &results.Chromium{Error: err.Error()}
	}
	var lo results.NodeStart
	if err := readJSON(filepath.Join(dir, "node-liftoff.json"), &lo); err == nil {
		in.nodeLiftoff = &lo
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, "go-bench.txt"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if in.goBench, err = parseGoBench(f); err != nil {
		return nil, fmt.Errorf("go-bench.txt: %w", err)
	}
	if in.fixtures, err = fixtures.Load(testdata); err != nil {
		return nil, err
	}
	in.commit = readTrimmed(filepath.Join(dir, "commit.txt"))
	in.loadStart = readTrimmed(filepath.Join(dir, "loadavg-start.txt"))
	in.loadEnd = readTrimmed("/proc/loadavg")
	return in, nil
}

// outputs sanitizes every fixture natively, with edgeguard and with
// bluemonday alone, for the output checks and sizes.
func (in *inputs) outputs() error {
	ctx := context.Background()
	eng, err := host.New(ctx, host.Options{Native: true})
	if err != nil {
		return err
	}
	defer eng.Close(ctx)
	s, err := eng.Sanitizer(ctx, "ugc")
	if err != nil {
		return err
	}
	bm := bluemonday.UGCPolicy()
	in.nativeOut, in.bluemondayN = map[string][]byte{}, map[string]int{}
	for _, f := range in.fixtures {
		out, err := s.Sanitize(ctx, string(f.HTML))
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		in.nativeOut[f.Name] = []byte(out)
		in.bluemondayN[f.Name] = len(bm.SanitizeBytes(f.HTML))
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readTrimmed(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

func describeMachine() machine {
	m := machine{cpus: runtime.NumCPU(), model: "unknown", goVer: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.model = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
