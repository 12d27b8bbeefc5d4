package main

import (
	"encoding/json"
	"flag"
	"strings"

	"github.com/edgeguard/edgeguard/sanitize"
)

func init() {
	contexts := strings.Join(sanitize.Contexts(), "|")
	register("escape", command{
		args:    "--context " + contexts,
		summary: "escape text from stdin for one output context (docs/sanitize.md)",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			context := fs.String("context", "html", "output context: "+strings.Join(sanitize.Contexts(), ", "))
			return func() (request, error) {
				// The context is checked by the module (bad_config, exit 2),
				// like every other configuration.
				config, err := json.Marshal(*context)
				return request{kind: "escape", config: string(config), op: "escape"}, err
			}
		},
	})
}
