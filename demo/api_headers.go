package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	registerAPI("POST /api/headers/build", func(eng *host.Engine) http.Handler {
		return bodyAPI(eng, buildHeaders)
	})
	registerAPI("POST /api/headers/evaluate", func(eng *host.Engine) http.Handler {
		return bodyAPI(eng, evaluatePolicy)
	})
	// The page's own report-uri (pageOptions) and what the panel reads back.
	registerAPI("POST "+cspReportPath, func(eng *host.Engine) http.Handler {
		return http.HandlerFunc(pageViolations.receive(eng))
	})
	registerAPI("GET /api/headers/csp-reports", func(*host.Engine) http.Handler {
		return http.HandlerFunc(pageViolations.list)
	})
}

// cspReportPath receives the violation reports browsers send for the page.
const cspReportPath = "/api/headers/csp-report"

// maxViolations bounds what the demo keeps: reports come from any visitor.
const maxViolations = 20

// violations keeps the latest security events parsed from the page's CSP
// violation reports (by the module's parse_report, which strips query
// strings, control characters and caps lengths: every field is
// attacker-controlled).
type violations struct {
	mu     sync.Mutex
	events []json.RawMessage
	total  int
}

var pageViolations = &violations{}

func (v *violations) receive(eng *host.Engine) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, 64<<10, "report too large")
		if !ok {
			return
		}
		var res host.Result
		h, err := eng.OpenJSON(r.Context(), "csp_evaluator", nil)
		if err == nil {
			defer h.Close()
			res, err = h.Call(r.Context(), "parse_report", body)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var parsed struct {
			Events []json.RawMessage `json:"events"`
		}
		if json.Unmarshal(res.Data, &parsed) != nil {
			http.Error(w, "unreadable events", http.StatusInternalServerError)
			return
		}
		v.mu.Lock()
		v.total += len(parsed.Events)
		v.events = append(v.events, parsed.Events...)
		if n := len(v.events); n > maxViolations {
			v.events = append([]json.RawMessage(nil), v.events[n-maxViolations:]...)
		}
		v.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

func (v *violations) list(w http.ResponseWriter, _ *http.Request) {
	v.mu.Lock()
	reply := struct {
		Events []json.RawMessage `json:"events"`
		Total  int               `json:"total"`
	}{append([]json.RawMessage{}, v.events...), v.total}
	v.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, reply)
}

// buildHeaders compiles the helmet options in the body and builds one
// response's headers with the nonce the browser drew (?nonce=), so that both
// sides can be compared byte for byte. Each request compiles afresh: the
// options are whatever the visitor typed.
func buildHeaders(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error) {
	return callOnce(ctx, eng, "headers", body, "build", nonceInput(r))
}

// nonceInput is the build operation's input for the browser's nonce
// (?nonce=), or nil, for a fresh nonce drawn by the module, without one.
func nonceInput(r *http.Request) []byte {
	nonce := r.URL.Query().Get("nonce")
	if nonce == "" {
		return nil
	}
	in, _ := json.Marshal(map[string]string{"nonce": nonce})
	return in
}

// evaluatePolicy runs csp-evaluator's checks on the policy in the body, with
// the checks chosen by ?strict=1&extra=1&wasm=1&reporting=1.
func evaluatePolicy(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error) {
	q := r.URL.Query()
	opts := map[string]any{}
	for _, name := range []string{"strict", "extra", "wasm", "reporting"} {
		if q.Get(name) == "1" {
			opts[name] = true
		}
	}
	if v := q.Get("version"); v != "" {
		opts["version"] = v
	}
	h, err := eng.OpenJSON(ctx, "csp_evaluator", opts)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	res, err := h.Call(ctx, "evaluate", body)
	return res.Data, err
}
