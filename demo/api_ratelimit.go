package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/ratelimit"
)

// maxBatch bounds one click of the rate-limit panel.
const maxBatch = 100

func init() {
	registerAPI("POST /api/ratelimit/batch", func(eng *host.Engine) http.Handler {
		// The server's store, as a real deployment would keep one: bounded,
		// so that visitors cannot grow it without limit.
		store := ratelimit.NewMemoryStore(10_000, nil)
		return practiceAPI(eng, func(ctx context.Context, body practiceRequest) ([]byte, error) {
			return decideBatch(ctx, eng, store, body)
		})
	})
}

// batchInput is one click: n requests for key at now_ms (one instant, as
// the browser sends them in one burst).
type batchInput struct {
	Key   string `json:"key"`
	N     int    `json:"n"`
	NowMS int64  `json:"now_ms"`
}

// decideBatch runs n decisions through the module and charges the store
// between them (Limiter.Allow's compare-and-swap loop, with the decision
// made by the module instead of the Go package), and returns the module's
// decide outputs as a JSON array.
func decideBatch(ctx context.Context, eng *host.Engine, store ratelimit.Store, body practiceRequest) ([]byte, error) {
	var in batchInput
	if err := json.Unmarshal(body.Input, &in); err != nil || in.Key == "" || in.N < 1 || in.N > maxBatch {
		return nil, &host.Error{Code: "bad_request", Message: "input: {\"key\", \"n\" (1…100), \"now_ms\"}"}
	}
	h, err := eng.Open(ctx, "ratelimit", body.Config)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	// The key is namespaced by the configuration: two visitors' policies
	// never share a bucket.
	key := string(body.Config) + "|" + in.Key
	out := make([]json.RawMessage, 0, in.N)
	for range in.N {
		d, err := decideOnce(ctx, h, store, key, in.NowMS)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return json.Marshal(out)
}

func decideOnce(ctx context.Context, h *host.Handle, store ratelimit.Store, key string, nowMS int64) (json.RawMessage, error) {
	for range 1000 { // as Limiter.Allow: a backstop against a store whose swaps never succeed
		old, err := store.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		req, _ := json.Marshal(map[string]any{"state": old, "now_ms": nowMS})
		res, err := h.Call(ctx, "decide", req)
		if err != nil {
			return nil, err
		}
		var d struct {
			Allowed bool   `json:"allowed"`
			State   string `json:"state"`
			TTLMS   int64  `json:"ttl_ms"`
		}
		if err := json.Unmarshal(res.Data, &d); err != nil {
			return nil, err
		}
		if !d.Allowed {
			return res.Data, nil
		}
		// Only this demo's requests touch the key, so a lost swap is
		// another click racing this one: decide again on the new state.
		if ok, err := store.CompareAndSwap(ctx, key, old, d.State, time.Duration(d.TTLMS)*time.Millisecond); err != nil || ok {
			return res.Data, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return nil, &host.Error{Code: "store_contention", Message: "compare-and-swap kept failing"}
}
