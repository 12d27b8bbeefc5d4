package demo

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	registerAPI("POST /api/headers/build", func(eng *host.Engine) http.Handler {
		return headersAPI(eng, buildHeaders)
	})
	registerAPI("POST /api/headers/evaluate", func(eng *host.Engine) http.Handler {
		return headersAPI(eng, evaluatePolicy)
	})
}

// headersReply is what the headers panel compares with its own result.
type headersReply struct {
	Output json.RawMessage `json:"output,omitempty"` // the operation's JSON, as the module wrote it
	Error  *host.Error     `json:"error,omitempty"`
	Mode   string          `json:"mode"`
	Micros int64           `json:"micros"`
}

// headersOp runs one panel request on the engine and returns the JSON result.
type headersOp func(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error)

func headersAPI(eng *host.Engine, op headersOp) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		reply := headersReply{Mode: eng.Mode()}
		start := time.Now()
		out, err := op(r.Context(), eng, r, body)
		reply.Micros = time.Since(start).Microseconds()
		if err != nil {
			if !errors.As(err, &reply.Error) {
				reply.Error = &host.Error{Code: "internal", Message: err.Error()}
			}
		} else {
			reply.Output = out
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(reply)
	})
}

// buildHeaders compiles the helmet options in the body and builds one
// response's headers with the nonce the browser drew (?nonce=), so that both
// sides can be compared byte for byte. Each request compiles afresh: the
// options are whatever the visitor typed.
func buildHeaders(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error) {
	h, err := eng.Open(ctx, "headers", body)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	in, _ := json.Marshal(map[string]string{"nonce": r.URL.Query().Get("nonce")})
	if r.URL.Query().Get("nonce") == "" {
		in = nil // a fresh nonce drawn by the module
	}
	res, err := h.Call(ctx, "build", in)
	return res.Data, err
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
