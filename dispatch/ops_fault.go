package dispatch

import "sync"

var faultsOnce sync.Once

// EnableFaults adds the "fault" operation to the module handle. It exists so
// that hosts can prove they survive what a buggy or hostile input could do
// to an instance: a panic (must come back as CodeInternal), an endless loop
// (must hit the deadline), memory exhaustion and a fatal runtime error (must
// trap and be replaced). The wasm module enables it only when its
// environment has EDGEGUARD_FAULTS=1, which production hosts never set.
func EnableFaults() {
	faultsOnce.Do(func() {
		moduleKind.ops["fault"] = Op{Doc: "test only: panic | spin | oom | deadlock", In: Text, Out: Text, run: fault}
	})
}

var sink [][]byte

func fault(_ any, in []byte) ([]byte, error) {
	switch string(in) {
	case "panic":
		var m map[string]int
		//lint:ignore SA5000 the point: a genuine runtime panic, not a panic(string)
		m["boom"]++
	case "spin":
		for i := uint64(0); ; i++ {
			if i == ^uint64(0) {
				break
			}
		}
	case "oom":
		for {
			sink = append(sink, make([]byte, 1<<20))
		}
	case "deadlock":
		var mu sync.Mutex
		mu.Lock()
		mu.Lock() // fatal error: all goroutines are asleep
	}
	return nil, Errorf(CodeBadRequest, "unknown fault %q", in)
}
