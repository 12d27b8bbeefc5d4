package demo

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
)

// batch posts one click of the rate-limit panel and returns which requests
// were allowed, or the error code. It never stops the test, so that
// goroutines may call it.
func batch(t *testing.T, post func(string, string) (moduleReply, int), quota int, key string, n int) ([]bool, string) {
	t.Helper()
	body := fmt.Sprintf(`{"config":{"policies":[{"name":"demo","quota":%d,"window_s":60}]},"input":{"key":%q,"n":%d,"now_ms":1800000000000}}`, quota, key, n)
	r, status := post("/api/ratelimit/batch", body)
	if status != 200 {
		return nil, fmt.Sprintf("HTTP %d", status)
	}
	if r.Error != nil {
		return nil, r.Error.Code
	}
	var ds []struct{ Allowed bool }
	if err := json.Unmarshal(r.Output, &ds); err != nil {
		return nil, "unparsable output: " + err.Error()
	}
	out := make([]bool, len(ds))
	for i, d := range ds {
		out[i] = d.Allowed
	}
	return out, ""
}

func TestRateLimitAPI(t *testing.T) {
	post := practiceServer(t)
	if got, _ := batch(t, post, 3, "a", 5); fmt.Sprint(got) != "[true true true false false]" {
		t.Errorf("first click: %v", got)
	}
	if got, _ := batch(t, post, 3, "a", 2); fmt.Sprint(got) != "[false false]" {
		t.Errorf("the server kept the state between clicks: %v", got)
	}
	if got, _ := batch(t, post, 3, "b", 1); fmt.Sprint(got) != "[true]" {
		t.Errorf("another key has its own bucket: %v", got)
	}
	if got, _ := batch(t, post, 4, "a", 1); fmt.Sprint(got) != "[true]" {
		t.Errorf("another policy has its own bucket: %v", got)
	}
	for _, n := range []int{0, 101} {
		if _, code := batch(t, post, 3, "c", n); code != "bad_request" {
			t.Errorf("n=%d: %q, want bad_request", n, code)
		}
	}
	r, _ := post("/api/ratelimit/batch", `{"config":{"policies":[{"name":"x","quota":0,"window_s":1}]},"input":{"key":"k","n":1,"now_ms":1}}`)
	if r.Error == nil || r.Error.Code != "bad_config" {
		t.Errorf("quota 0: %+v", r.Error)
	}
}

// Concurrent clicks on one key: the store's compare-and-swap loop admits
// exactly the quota, however the batches interleave.
func TestRateLimitAPIConcurrent(t *testing.T) {
	post := practiceServer(t)
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, code := batch(t, post, 20, "shared", 5)
			if code != "" {
				t.Error(code)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, a := range got {
				if a {
					allowed++
				}
			}
		}()
	}
	wg.Wait()
	if allowed != 20 {
		t.Errorf("%d allowed of 40, want exactly 20", allowed)
	}
}
