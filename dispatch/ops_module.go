package dispatch

import "encoding/json"

// moduleKind holds the stateless operations reachable on ModuleHandle. It is
// not registered in kinds: it cannot be opened, it is always open.
var moduleKind = &Kind{Name: "module", Doc: "stateless operations, always open on handle 0", ops: map[string]Op{
	"version": {Doc: "ABI and release version", In: JSON, Out: JSON, run: func(any, []byte) ([]byte, error) {
		return json.Marshal(struct {
			ABI     int    `json:"abi"`
			Version string `json:"version"`
		}{ABIVersion, Version})
	}},
	"kinds": {Doc: "every kind and its operations", In: JSON, Out: JSON, run: func(any, []byte) ([]byte, error) {
		type kindInfo struct {
			Name string   `json:"name"`
			Doc  string   `json:"doc"`
			Ops  []string `json:"ops"`
		}
		var out []kindInfo
		for _, k := range Kinds() {
			out = append(out, kindInfo{k.Name, k.Doc, k.Ops()})
		}
		return json.Marshal(out)
	}},
	// echo exists so that hosts can test the transport itself (sizes, UTF-8,
	// ownership of buffers) and measure the cost of a call across the boundary.
	"echo": {Doc: "returns its UTF-8 input unchanged", In: Text, Out: Text, run: func(_ any, in []byte) ([]byte, error) {
		return append([]byte(nil), in...), nil
	}},
}}
