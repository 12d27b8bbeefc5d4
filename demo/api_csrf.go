package demo

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	registerAPI("POST /api/csrf/check", func(eng *host.Engine) http.Handler {
		return practiceAPI(eng, func(ctx context.Context, body practiceRequest) ([]byte, error) {
			return callOnce(ctx, eng, "csrf", body.Config, "check", body.Input)
		})
	})
	registerAPI("POST /api/csrf/verify", func(eng *host.Engine) http.Handler {
		return practiceAPI(eng, func(ctx context.Context, body practiceRequest) ([]byte, error) {
			return callOnce(ctx, eng, "csrf_token", body.Config, "verify", body.Input)
		})
	})
}

// practiceRequest is what the CSRF and rate-limit panels post: the
// configuration the visitor chose and the operation's input, both JSON.
type practiceRequest struct {
	Config json.RawMessage `json:"config"`
	Input  json.RawMessage `json:"input"`
}

// practiceAPI decodes a practiceRequest, runs op and writes a moduleReply.
// Operation errors are part of the reply (the panel shows them next to the
// browser's); only an unreadable request is an HTTP error.
func practiceAPI(eng *host.Engine, op func(context.Context, practiceRequest) ([]byte, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, maxBody, "body too large")
		if !ok {
			return
		}
		var req practiceRequest
		if err := json.Unmarshal(body, &req); err != nil || req.Config == nil || req.Input == nil {
			http.Error(w, `want {"config":…,"input":…}`, http.StatusBadRequest)
			return
		}
		writeJSON(w, runTimed(eng, "the demo server failed", func() ([]byte, error) {
			return op(r.Context(), req)
		}))
	})
}

// callOnce compiles config for kind and runs one operation. The panels'
// configurations are whatever the visitor typed, so nothing is cached.
func callOnce(ctx context.Context, eng *host.Engine, kind string, config json.RawMessage, op string, in []byte) ([]byte, error) {
	h, err := eng.Open(ctx, kind, config)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	res, err := h.Call(ctx, op, in)
	return res.Data, err
}
