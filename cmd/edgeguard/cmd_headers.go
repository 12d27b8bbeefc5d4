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
	register("headers", command{
		args:    "--options JSON|FILE",
		summary: "print the security headers for helmet options (docs/headers.md)",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			options := fs.String("options", "null", "helmet options: a JSON object, or a file holding one (default: helmet's defaults)")
			nonce := fs.String("nonce", "", "the CSP nonce to use (base64, ≥ 22 characters; default: a fresh one)")
			asJSON := fs.Bool("json", false, `print {"headers","remove","nonce"} as JSON instead of header lines`)
			return func() (request, error) {
				config, err := jsonOrFile(*options)
				if err != nil {
					return request{}, err
				}
				in := []byte("{}") // a fresh nonce, drawn by the module
				if *nonce != "" {
					in, _ = json.Marshal(map[string]string{"nonce": *nonce})
				}
				r := request{kind: "headers", config: config, op: "build", input: in}
				if !*asJSON {
					r.print = printHeaderLines
				}
				return r, nil
			}
		},
	})
}

// jsonOrFile reads a flag that holds either JSON text or the name of a file
// with JSON in it. Text that starts like a JSON value is taken as JSON, so
// a file must not be named like one ("{…", "[…", "null", "true", "false").
func jsonOrFile(v string) (string, error) {
	t := strings.TrimSpace(v)
	if t == "" || strings.ContainsAny(t[:1], "{[\"") || t == "null" || t == "true" || t == "false" {
		return t, nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return "", usageError(fmt.Sprintf("--options is neither JSON nor a readable file: %v", err))
	}
	return string(b), nil
}

// printHeaderLines writes "Name: value" lines, ready for a server's
// configuration, and the headers to remove as "# remove: Name" comments.
func printHeaderLines(res host.Result, stdout io.Writer) int {
	var set struct {
		Headers orderedHeaders `json:"headers"`
		Remove  []string       `json:"remove"`
	}
	if err := json.Unmarshal(res.Data, &set); err != nil {
		fmt.Fprintf(stdout, "%s\n", res.Data)
		return exitEngine
	}
	for _, h := range set.Headers {
		fmt.Fprintf(stdout, "%s: %s\n", h[0], h[1])
	}
	for _, name := range set.Remove {
		fmt.Fprintf(stdout, "# remove: %s\n", name)
	}
	return exitOK
}

// orderedHeaders decodes a JSON object into [name, value] pairs in document
// order: the build operation lists headers in helmet's order, which a Go
// map would lose.
type orderedHeaders [][2]string

func (o *orderedHeaders) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		var name, value string
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ = tok.(string)
		if err := dec.Decode(&value); err != nil {
			return err
		}
		*o = append(*o, [2]string{name, value})
	}
	return nil
}
