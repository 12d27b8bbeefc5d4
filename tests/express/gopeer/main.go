// Command gopeer charges one key of a Go limiter (ratelimit with
// ratelimit/redisstore) in a given Redis, from several goroutines at once,
// and prints how many requests were allowed. tests/express/redis.test.mjs
// runs it against the Redis its Express app uses, to show that Go and
// JavaScript limiters with the same policy and prefix share one bucket.
//
//	gopeer -addr 127.0.0.1:6379 -prefix rl: -key ip=127.0.0.1 -quota 10 -window 1h -n 20 -parallel 8
//
// Output: {"allowed":N,"refused":M}. Exit status 1 on any error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/edgeguard/edgeguard/ratelimit"
	"github.com/edgeguard/edgeguard/ratelimit/redisstore"
	"github.com/redis/go-redis/v9"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6379", "Redis address")
	prefix := flag.String("prefix", "rl:", "key prefix (the JavaScript RedisStore's prefix)")
	key := flag.String("key", "", "the store key to charge, e.g. ip=127.0.0.1")
	// The JavaScript side names a lone policy p0; the name is not part of
	// the stored state, but keeping it equal keeps the configurations equal.
	name := flag.String("name", "p0", "policy name")
	quota := flag.Int64("quota", 10, "requests per window")
	window := flag.Duration("window", time.Hour, "policy window")
	n := flag.Int("n", 1, "requests to make")
	parallel := flag.Int("parallel", 1, "goroutines making them")
	flag.Parse()
	if err := run(*addr, *prefix, *key, ratelimit.Policy{Name: *name, Quota: *quota, Window: *window}, *n, *parallel); err != nil {
		fmt.Fprintln(os.Stderr, "gopeer:", err)
		os.Exit(1)
	}
}

func run(addr, prefix, key string, policy ratelimit.Policy, n, parallel int) error {
	if key == "" || n < 1 || parallel < 1 {
		return fmt.Errorf("need -key, -n ≥ 1 and -parallel ≥ 1")
	}
	limiter, err := ratelimit.New(policy)
	if err != nil {
		return err
	}
	client := redis.NewClient(&redis.Options{Addr: addr, PoolSize: parallel})
	defer client.Close()
	store := redisstore.New(client, prefix)

	var allowed, refused atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	requests := make(chan struct{}, n)
	for range n {
		requests <- struct{}{}
	}
	close(requests)
	for range parallel {
		wg.Go(func() {
			for range requests {
				d, err := limiter.Allow(context.Background(), store, key, time.Now(), 1)
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				if d.Allowed {
					allowed.Add(1)
				} else {
					refused.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]int64{"allowed": allowed.Load(), "refused": refused.Load()})
}
