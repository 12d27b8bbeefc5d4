package main

import (
	"bytes"
	"encoding/json"
	"flag"
)

func init() {
	register("csrf-check", command{
		args:    "[--config JSON|FILE] < request.json",
		summary: `Fetch Metadata / Origin check of {"method","host","path","sec_fetch_site"?,"origin"?}; exit 1 when refused`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config := fs.String("config", "{}", `{"trusted_origins"?,"bypass_patterns"?,"log_only"?}, or a file holding it`)
			return func() (request, error) {
				cfg, err := jsonOrFile(*config)
				if err != nil {
					return request{}, err
				}
				return request{kind: "csrf", config: cfg, op: "check", print: printVerdict("allowed")}, nil
			}
		},
	})
	register("csrf-token", command{
		args:    "--config JSON|FILE --session ID",
		summary: `mint a signed double-submit token (csrf-csrf format); prints {"token","set_cookie"}`,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config, session := csrfTokenFlags(fs)
			return func() (request, error) {
				cfg, err := csrfTokenConfig(*config)
				if err != nil {
					return request{}, err
				}
				in, _ := json.Marshal(map[string]string{"session_id": *session})
				return request{kind: "csrf_token", config: cfg, op: "generate", input: in}, nil
			}
		},
	})
	register("csrf-verify", command{
		args:    "--config JSON|FILE --session ID < token",
		summary: "verify a double-submit token (the same in cookie and header); exit 1 with its code when invalid",
		flags: func(fs *flag.FlagSet) func() (request, error) {
			config, session := csrfTokenFlags(fs)
			return func() (request, error) {
				cfg, err := csrfTokenConfig(*config)
				if err != nil {
					return request{}, err
				}
				encode := func(stdin []byte) ([]byte, error) {
					tok := string(bytes.TrimSpace(stdin))
					return json.Marshal(map[string]string{"session_id": *session, "cookie_token": tok, "request_token": tok})
				}
				return request{kind: "csrf_token", config: cfg, op: "verify", encode: encode, print: printVerdict("ok")}, nil
			}
		},
	})
}

func csrfTokenFlags(fs *flag.FlagSet) (config, session *string) {
	config = fs.String("config", "", `{"secrets":["≥ 32 bytes",…],"cookie"?}, or a file holding it`)
	session = fs.String("session", "", "the session identifier the token is bound to")
	return config, session
}

func csrfTokenConfig(v string) (string, error) {
	if v == "" {
		return "", usageError("--config is required")
	}
	return jsonOrFile(v)
}
