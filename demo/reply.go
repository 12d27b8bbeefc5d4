package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

// moduleReply carries a module operation's JSON output exactly as the Go
// host got it, so that a panel can compare it byte for byte with the
// browser's, with how long the operation took in this server.
type moduleReply struct {
	Output json.RawMessage `json:"output,omitempty"`
	Error  *host.Error     `json:"error,omitempty"`
	Mode   string          `json:"mode"`
	Micros int64           `json:"micros"`
}

// runTimed runs op and fills a moduleReply with its output or error (see
// replyError for internalMsg). Operation errors are part of the reply: the
// panels show them next to the browser's.
func runTimed(eng *host.Engine, internalMsg string, op func() ([]byte, error)) moduleReply {
	reply := moduleReply{Mode: eng.Mode()}
	start := time.Now()
	out, err := op()
	reply.Micros = time.Since(start).Microseconds()
	if err != nil {
		reply.Error = replyError(err, internalMsg)
	} else {
		reply.Output = out
	}
	return reply
}

// replyError is err as a reply shows it: a host.Error as is, anything else
// as code "internal" with internalMsg, or err's own text when internalMsg is
// "" (panels whose failures can only come from the visitor's own input).
func replyError(err error, internalMsg string) *host.Error {
	var he *host.Error
	if errors.As(err, &he) {
		return he
	}
	if internalMsg == "" {
		internalMsg = err.Error()
	}
	return &host.Error{Code: "internal", Message: internalMsg}
}

// readBody reads a request body of at most limit bytes. When it is larger
// it has already replied 413 with tooLarge and returns ok false.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, tooLarge string) (body []byte, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		http.Error(w, tooLarge, http.StatusRequestEntityTooLarge)
		return nil, false
	}
	return body, true
}

// bodyOp runs one panel request, whose body is the operation's raw input,
// on the engine and returns the JSON result.
type bodyOp func(ctx context.Context, eng *host.Engine, r *http.Request, body []byte) ([]byte, error)

// bodyAPI serves a panel whose request body goes to op as it is (at most
// maxBody bytes): op's output or error is the reply, timed.
func bodyAPI(eng *host.Engine, op bodyOp) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, maxBody, "body too large")
		if !ok {
			return
		}
		writeJSON(w, runTimed(eng, "", func() ([]byte, error) {
			return op(r.Context(), eng, r, body)
		}))
	})
}

// writeJSON replies with v as JSON, escaping <, > and & as encoding/json
// does by default so that no reply can be sniffed as HTML.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// writeRawJSON replies with v as JSON, leaving <, > and & as they are: for
// replies whose members must match the browser's JSON.stringify bytes.
func writeRawJSON(w http.ResponseWriter, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}
