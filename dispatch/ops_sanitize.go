package dispatch

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/edgeguard/edgeguard/sanitize"
)

func init() {
	Register("sanitize", "HTML sanitizer; configuration: a preset name or a policy object (docs/sanitize.md)",
		sanitize.Compile,
		map[string]TypedOp[*sanitize.Policy]{
			"sanitize": {Doc: "HTML in, sanitized HTML out", In: Text, Out: Text,
				Run: func(p *sanitize.Policy, in []byte) ([]byte, error) {
					out, err := p.Sanitize(string(in))
					return []byte(out), err
				}},
		})
	Register("escape", `output encoding; configuration: a context name or {"context": "html|text|attr|url|js|css"} (docs/sanitize.md)`,
		compileEscape,
		map[string]TypedOp[escapeContext]{
			"escape": {Doc: "text in, text escaped for the configured context out", In: Text, Out: Text,
				Run: func(c escapeContext, in []byte) ([]byte, error) {
					out, _ := sanitize.Escape(string(c), string(in))
					return []byte(out), nil
				}},
		})
}

// escapeContext is a validated sanitize.Escape context name.
type escapeContext string

func compileEscape(config []byte) (escapeContext, error) {
	var name string
	config = bytes.TrimSpace(config)
	if len(config) > 0 && config[0] == '{' {
		var obj struct {
			Context string `json:"context"`
		}
		dec := json.NewDecoder(bytes.NewReader(config))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&obj); err != nil {
			return "", Errorf(CodeBadConfig, "escape: %v", err)
		}
		name = obj.Context
	} else if err := json.Unmarshal(config, &name); err != nil {
		return "", Errorf(CodeBadConfig, `escape: configuration must be a context name or {"context": …}`)
	}
	if _, ok := sanitize.Escape(name, ""); !ok {
		return "", Errorf(CodeBadConfig, "escape: context: unknown context %q (contexts: %s)", name, strings.Join(sanitize.Contexts(), ", "))
	}
	return escapeContext(name), nil
}
