package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/jwtcheck"
)

// The JWT commands form the "jwt" group, as issue 5 spells them (edgeguard
// jwt verify); the older one-word names stay as aliases.
func init() {
	register("jwt verify", command{
		args:    "--config FILE|JSON < token",
		summary: `verify a JWT; prints {"header","claims"}, exit 1 with the code on stderr when invalid`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config := fs.String("config", "", "verifier configuration (docs/jwt.md): a JSON object, or a file holding one")
			token := fs.String("token", "", "the token, instead of stdin (surrounding whitespace ignored)")
			return func() (request, error) {
				cfg, err := jwtConfigArg(*config, "--config")
				if err != nil {
					return request{}, err
				}
				// Compiled here once so that a configuration error
				// (bad_config, and key_weak too) is a usage error, exit 2,
				// never mistaken for an invalid token. The module compiles
				// the same configuration with the same code.
				if _, err := jwtcheck.Compile([]byte(cfg)); err != nil {
					return request{}, usageError(fmt.Sprintf("%s: %v", jwtcheck.CodeOf(err), err))
				}
				return request{kind: "jwt", config: cfg, op: "verify", input: tokenArg(*token)}, nil
			}
		},
	})
	register("jwt decode", command{
		args:    "[--max-token-bytes N] < token",
		summary: `print a JWT's {"header","claims"} WITHOUT verifying it; exit 1 when malformed`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			maxBytes := fs.Int("max-token-bytes", 0, "size cap (default 16384, at most 1048576)")
			token := fs.String("token", "", "the token, instead of stdin (surrounding whitespace ignored)")
			return func() (request, error) {
				cfg := "{}"
				if *maxBytes != 0 {
					cfg = fmt.Sprintf(`{"max_token_bytes":%d}`, *maxBytes)
				}
				return request{kind: "jwt_decode", config: cfg, op: "decode", input: tokenArg(*token),
					warn: "UNVERIFIED: no signature, issuer or expiry was checked; decide nothing on these claims (use jwt verify)"}, nil
			}
		},
	})
	register("jwt authorize", command{
		args:    "--rule FILE|JSON < claims.json",
		summary: "authorize claims (e.g. jwt verify's .claims); exit 1 with insufficient_scope when denied",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			rule := fs.String("rule", "", `a rule ({"roles":["admin"]}) or a policy ({"rule":…,"roles_claim":…}), or a file holding one`)
			return func() (request, error) {
				cfg, err := jwtConfigArg(*rule, "--rule")
				if err != nil {
					return request{}, err
				}
				if !isPolicy(cfg) {
					cfg = `{"rule":` + cfg + `}`
				}
				return request{kind: "authz", config: cfg, op: "check", print: printDecision}, nil
			}
		},
	})
	registerAlias("jwt-verify", "jwt verify")
	registerAlias("jwt-authorize", "jwt authorize")
}

// tokenArg is the --token flag as an operation input: nil (read stdin)
// when it is empty, else the token with surrounding whitespace trimmed.
func tokenArg(token string) []byte {
	if token == "" {
		return nil
	}
	return []byte(strings.TrimSpace(token))
}

// jwtConfigArg reads a flag that holds JSON inline or names a file.
func jwtConfigArg(v, flagName string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", usageError(flagName + " is required")
	case strings.HasPrefix(v, "{"):
		return v, nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return "", usageError(fmt.Sprintf("%s: %v", flagName, err))
	}
	return string(b), nil
}

// isPolicy tells a policy ({"rule": …}) from a bare rule, whose conditions
// are never called "rule". Text that does not decode is passed on as it is,
// for the module to refuse with a precise message.
func isPolicy(cfg string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal([]byte(cfg), &top) != nil {
		return true
	}
	_, ok := top["rule"]
	return ok
}

// printDecision prints the decision, and exits 1 when access is denied.
func printDecision(res host.Result, stdout io.Writer) int {
	fmt.Fprintf(stdout, "%s\n", res.Data)
	if strings.HasPrefix(string(res.Data), `{"ok":true`) {
		return exitOK
	}
	return exitRefused
}
