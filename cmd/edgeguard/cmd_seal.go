package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/edgeguard/edgeguard/host"
)

// A keyring file is the aead kind's configuration:
// {"keys":[{"id":"k1","key_b64url":"…32 bytes…"}],"primary":"k1"}.
func init() {
	aeadCommand("seal", "--keyring FILE|JSON [--ad TEXT] < plaintext",
		"encrypt stdin (AES-256-GCM envelope v1.<kid>.<data>, docs/practices.md)",
		func(stdin []byte) map[string]string {
			return map[string]string{"plaintext_b64url": b64url.EncodeToString(stdin)}
		}, printMember("envelope"))
	aeadCommand("open", "--keyring FILE|JSON [--ad TEXT] < envelope",
		"decrypt an envelope from stdin; writes the plaintext bytes, exit 1 when it does not authenticate",
		func(stdin []byte) map[string]string {
			return map[string]string{"envelope": string(bytes.TrimSpace(stdin))}
		}, printPlaintext)
}

// aeadCommand registers one operation of the aead kind: the keyring and
// associated-data flags are shared; member builds the op's input from stdin.
func aeadCommand(op, args, summary string, member func(stdin []byte) map[string]string, show func(host.Result, io.Writer) int) {
	register(op, command{
		args:    args,
		summary: summary,
		flags: func(fs *flag.FlagSet) func() (request, error) {
			keyring, ad := keyringFlags(fs)
			return func() (request, error) {
				cfg, err := keyringConfig(*keyring)
				if err != nil {
					return request{}, err
				}
				encode := func(stdin []byte) ([]byte, error) { return json.Marshal(adMember(ad, member(stdin))) }
				return request{kind: "aead", config: cfg, op: op, encode: encode, print: show}, nil
			}
		},
	})
}

var b64url = base64.RawURLEncoding

func keyringFlags(fs *flag.FlagSet) (keyring, ad *string) {
	keyring = fs.String("keyring", "", `the keys: {"keys":[{"id","key_b64url"}],"primary"}, or a file holding that`)
	ad = fs.String("ad", "", "associated data: authenticated, not encrypted; opening needs the same (default: none)")
	return keyring, ad
}

func keyringConfig(v string) (string, error) {
	if v == "" {
		return "", usageError("--keyring is required")
	}
	return jsonOrFile(v)
}

func adMember(ad *string, in map[string]string) map[string]string {
	if *ad != "" {
		in["ad"] = *ad
	}
	return in
}

// printPlaintext writes the opened plaintext's bytes exactly, with no
// newline added: the output of open is the input of seal.
func printPlaintext(res host.Result, stdout io.Writer) int {
	var out struct {
		Plaintext string `json:"plaintext_b64url"`
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		fmt.Fprintf(stdout, "%s\n", res.Data)
		return exitEngine
	}
	pt, err := b64url.DecodeString(out.Plaintext)
	if err != nil {
		return exitEngine // the module only writes canonical base64url
	}
	stdout.Write(pt)
	return exitOK
}
