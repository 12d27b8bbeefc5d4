package main

import "flag"

func init() {
	register("call", command{
		args:    "--kind K --config JSON --op OP",
		summary: "run any operation (docs/abi.md); input from stdin",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			var r request
			fs.StringVar(&r.kind, "kind", "", "kind to open (empty: the module handle)")
			fs.StringVar(&r.config, "config", "{}", "JSON configuration")
			fs.StringVar(&r.op, "op", "", "operation")
			return func() (request, error) {
				if r.op == "" {
					return r, usageError("call needs --op")
				}
				return r, nil
			}
		},
	})
	for name, summary := range map[string]string{
		"version": "the module's ABI and release version",
		"kinds":   "the table of operations: every kind and its ops",
	} {
		register(name, command{
			summary: summary,
			flags: func(*flag.FlagSet) func() (request, error) {
				return func() (request, error) { return request{op: name, noInput: true}, nil }
			},
		})
	}
}
