package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

func init() {
	register("password-hash", command{
		args:    "[--config JSON|FILE] < password",
		summary: "hash a password (argon2id, OWASP parameters; docs/practices.md); prints the PHC string",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config := fs.String("config", "{}", `password configuration, e.g. {"algorithm":"bcrypt"}: a JSON object or a file holding one`)
			return func() (request, error) {
				cfg, err := jsonOrFile(*config)
				if err != nil {
					return request{}, err
				}
				return request{kind: "password", config: cfg, op: "hash", encode: passwordInput(nil), print: printMember("hash")}, nil
			}
		},
	})
	register("password-verify", command{
		args:    "--hash HASH [--config JSON|FILE] < password",
		summary: `verify a password; prints {"ok","needs_rehash"}, exit 1 when it does not match`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config := fs.String("config", "{}", "password configuration (decides needs_rehash): a JSON object or a file holding one")
			hash := fs.String("hash", "", "the stored hash (PHC string or $2b$…)")
			return func() (request, error) {
				cfg, err := jsonOrFile(*config)
				if err != nil {
					return request{}, err
				}
				if *hash == "" {
					return request{}, usageError("--hash is required")
				}
				return request{kind: "password", config: cfg, op: "verify", encode: passwordInput(hash), print: printVerdict("ok")}, nil
			}
		},
	})
}

// passwordInput wraps the password read from stdin in the op's JSON. One
// trailing line end is dropped, so that `echo secret |` and a file with a
// final newline mean the password without it; anything else is kept.
func passwordInput(hash *string) func([]byte) ([]byte, error) {
	return func(stdin []byte) ([]byte, error) {
		pw := bytes.TrimSuffix(bytes.TrimSuffix(stdin, []byte("\n")), []byte("\r"))
		in := map[string]string{"password": string(pw)}
		if hash != nil {
			in["hash"] = *hash
		}
		// json.Marshal would silently replace invalid UTF-8, changing the
		// password: refuse it instead.
		if !utf8.Valid(pw) {
			return nil, dispatch.Errorf(dispatch.CodeInvalidUTF8, "the password is not valid UTF-8")
		}
		return json.Marshal(in)
	}
}

// printMember prints one string member of a JSON result on its own line.
func printMember(name string) func(host.Result, io.Writer) int {
	return func(res host.Result, stdout io.Writer) int {
		var out map[string]json.RawMessage
		var s string
		if json.Unmarshal(res.Data, &out) != nil || json.Unmarshal(out[name], &s) != nil {
			fmt.Fprintf(stdout, "%s\n", res.Data)
			return exitEngine
		}
		fmt.Fprintln(stdout, s)
		return exitOK
	}
}

// printVerdict prints a JSON result and exits 1 unless its boolean member
// name is true, so that shell scripts can branch on the exit status.
func printVerdict(name string) func(host.Result, io.Writer) int {
	return func(res host.Result, stdout io.Writer) int {
		fmt.Fprintf(stdout, "%s\n", res.Data)
		var out map[string]json.RawMessage
		if json.Unmarshal(res.Data, &out) != nil {
			return exitEngine
		}
		if string(out[name]) != "true" {
			return exitRefused
		}
		return exitOK
	}
}
