package csp

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// lists.json is csp-evaluator's data (Apache-2.0, see bypasslists/NOTICE.md).
//
//go:embed bypasslists/lists.json
var bypassListsJSON []byte

type bypassLists struct {
	angular, jsonp, flash []sourceURL
	jsonpNeedsEval        map[string]struct{}
}

// bypass parses the embedded lists on first use, so that programs that never
// evaluate a policy do not pay for it.
var bypass = sync.OnceValue(func() *bypassLists {
	var raw struct {
		Angular struct {
			URLs []string `json:"urls"`
		} `json:"angular"`
		Flash struct {
			URLs []string `json:"urls"`
		} `json:"flash"`
		JSONP struct {
			URLs      []string `json:"urls"`
			NeedsEval []string `json:"needsEval"`
		} `json:"jsonp"`
	}
	if err := json.Unmarshal(bypassListsJSON, &raw); err != nil {
		panic("csp: embedded bypass lists are corrupt: " + err.Error())
	}
	parse := func(urls []string) []sourceURL {
		out := make([]sourceURL, len(urls))
		for i, u := range urls {
			out[i] = parseSource(u)
		}
		return out
	}
	return &bypassLists{
		angular:        parse(raw.Angular.URLs),
		jsonp:          parse(raw.JSONP.URLs),
		flash:          parse(raw.Flash.URLs),
		jsonpNeedsEval: setOf(raw.JSONP.NeedsEval...),
	}
})
