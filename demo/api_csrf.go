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

// practiceReply carries the module's JSON output exactly as the Go host got
// it, so that the panel can compare it byte for byte with the browser's.
type practiceReply struct {
	Output json.RawMessage `json:"output,omitempty"`
	Error  *host.Error     `json:"error,omitempty"`
	Mode   string          `json:"mode"`
	Micros int64           `json:"micros"`
}

// practiceAPI decodes a practiceRequest, runs op and writes a practiceReply.
// Operation errors are part of the reply (the panel shows them next to the
// browser's); only an unreadable request is an HTTP error.
func practiceAPI(eng *host.Engine, op func(context.Context, practiceRequest) ([]byte, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		var req practiceRequest
		if err := json.Unmarshal(body, &req); err != nil || req.Config == nil || req.Input == nil {
			http.Error(w, `want {"config":…,"input":…}`, http.StatusBadRequest)
			return
		}
		reply := practiceReply{Mode: eng.Mode()}
		start := time.Now()
		out, err := op(r.Context(), req)
		reply.Micros = time.Since(start).Microseconds()
		if err != nil {
			if !errors.As(err, &reply.Error) {
				reply.Error = &host.Error{Code: "internal", Message: "the demo server failed"}
			}
		} else {
			reply.Output = out
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(reply)
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
