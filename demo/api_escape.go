package demo

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/host"
)

// escapeContexts are the output-encoding contexts the escape panel shows,
// in its order: the body of an element, a quoted attribute value, a URL
// component, a JavaScript string literal and a CSS string.
var escapeContexts = []string{"html", "attr", "url", "js", "css"}

// escaped is one context's result; the panel builds the same list with
// eg.escape(text, context) and compares the two as JSON text.
type escaped struct {
	Context string `json:"context"`
	Output  string `json:"output"`
}

func init() {
	registerAPI("POST /api/escape", func(eng *host.Engine) http.Handler {
		return bodyAPI(eng, func(ctx context.Context, eng *host.Engine, _ *http.Request, body []byte) ([]byte, error) {
			return escapeAll(ctx, eng, body)
		})
	})
}

// escapeAll escapes text for every context in escapeContexts, each through
// the module's "escape" kind configured with the context's name.
func escapeAll(ctx context.Context, eng *host.Engine, text []byte) ([]byte, error) {
	out := make([]escaped, 0, len(escapeContexts))
	for _, c := range escapeContexts {
		name, _ := json.Marshal(c)
		res, err := callOnce(ctx, eng, "escape", name, "escape", text)
		if err != nil {
			return nil, err
		}
		out = append(out, escaped{c, string(res)})
	}
	return json.Marshal(out)
}
