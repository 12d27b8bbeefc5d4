// Command evdiff is the Go half of the differential check against
// express-validator 7.3.2 (docs/validate.md, "Order"). It reads a JSON array
// of {name, schema, request} cases on stdin and writes {name: result} (the
// schema kind's output) on stdout.
//
// Usage, from this directory:
//
//	npm install --no-save express-validator@7.3.2
//	node gen.js 7 > /tmp/cases.json            # random cases; any seed
//	go run . < /tmp/cases.json > /tmp/ours.json
//	node diff.js /tmp/cases.json /tmp/ours.json
//
// diff.js runs the same schemas through checkSchema (oneOf and checkExact
// for the wrapper's keys), compares validationResult().array() and
// matchedData(), ignoring edgeguard's code/params additions and its
// redaction, and prints every difference.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/edgeguard/edgeguard/validate"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var cases []struct {
		Name    string          `json:"name"`
		Schema  json.RawMessage `json:"schema"`
		Request json.RawMessage `json:"request"`
	}
	if err := json.Unmarshal(in, &cases); err != nil {
		fail(err)
	}
	out := map[string]json.RawMessage{}
	for _, c := range cases {
		s, err := validate.CompileConfig(c.Schema)
		if err != nil {
			fail(fmt.Errorf("%s: %w", c.Name, err))
		}
		res, err := s.ValidateJSON(c.Request)
		if err != nil {
			fail(fmt.Errorf("%s: %w", c.Name, err))
		}
		out[c.Name] = res
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "evdiff:", err)
	os.Exit(1)
}
