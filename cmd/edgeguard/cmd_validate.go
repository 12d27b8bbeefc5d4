package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	register("validate", command{
		args:    "--schema FILE|JSON < request.json",
		summary: "express-validator schema check of a request {body, query, params, headers, cookies}; exit 1 on errors",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			schema := fs.String("schema", "", "a checkSchema object or the wrapper of docs/validate.md: inline JSON, or a file holding it")
			return func() (request, error) {
				config, err := schemaArg(*schema)
				if err != nil {
					return request{}, err
				}
				return request{kind: "schema", config: config, op: "validate", print: printValidation}, nil
			}
		},
	})
}

// schemaArg reads --schema: JSON text when it starts like a JSON object
// (after spaces), otherwise the name of a file holding it. The schema
// compiler judges the content.
func schemaArg(arg string) (string, error) {
	if strings.TrimSpace(arg) == "" {
		return "", usageError("validate needs --schema FILE or --schema '{...}'")
	}
	if strings.HasPrefix(strings.TrimSpace(arg), "{") {
		return arg, nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return "", usageError(fmt.Sprintf("--schema: %v", err))
	}
	return string(b), nil
}

// printValidation writes the result ({"errors": […], "data": {…}}, as the
// module wrote it) and fails with exitRefused when it has errors, so that
// scripts can use the exit status alone.
func printValidation(res host.Result, stdout io.Writer) int {
	fmt.Fprintf(stdout, "%s\n", res.Data)
	var result struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(res.Data, &result); err != nil {
		return exitEngine
	}
	if len(result.Errors) > 0 {
		return exitRefused
	}
	return exitOK
}
