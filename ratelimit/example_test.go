package ratelimit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/edgeguard/edgeguard/ratelimit"
)

func Example() {
	limiter, err := ratelimit.New(ratelimit.Policy{Name: "login", Quota: 5, Window: time.Minute})
	if err != nil {
		panic(err)
	}
	store := ratelimit.NewMemoryStore(100_000, nil)
	ip, _ := ratelimit.ClientIP("2001:db8:1:2::99", 0)
	key := ratelimit.Key(ratelimit.Part{Name: "ip", Value: ip}, ratelimit.Part{Name: "route", Value: "POST /login"})

	now := time.Unix(1_767_225_600, 0)
	var d *ratelimit.Decision
	for range 6 {
		d, _ = limiter.Allow(context.Background(), store, key, now, 1)
	}
	fmt.Println(key)
	fmt.Println(d.Allowed)
	for _, f := range limiter.Headers(d, ratelimit.HeadersIETF) {
		fmt.Printf("%s: %s\n", f.Name, f.Value)
	}
	fmt.Println(string(limiter.Problem(d).JSON()))
	// Output:
	// ip=2001:db8:1::/56|route=POST /login
	// false
	// RateLimit-Policy: "login";q=5;w=60
	// RateLimit: "login";r=0;t=60
	// Retry-After: 12
	// {"type":"https://iana.org/assignments/http-problem-types#quota-exceeded","title":"Too Many Requests","status":429,"detail":"Quota exceeded; retry after 12 s.","violated-policies":["login"]}
}

func ExampleGCRA() {
	p := ratelimit.Policy{Name: "api", Quota: 2, Window: time.Second}
	now := time.Unix(1_767_225_600, 0).UnixNano()
	var tat int64
	for i := range 3 {
		r := ratelimit.GCRA(p, tat, now, 1)
		fmt.Println(i, r.Allowed, r.Remaining, r.RetryAfter)
		tat = r.TAT
	}
	// Output:
	// 0 true 1 -1ns
	// 1 true 0 -1ns
	// 2 false 0 500ms
}
