package ratelimit

import (
	"context"
	"time"
)

// Store holds each key's state between requests. Both methods must be atomic
// with respect to each other for the same key; that is all the limiter needs
// to be exact under concurrency (no lost updates, never more than the quota
// allowed), whichever process or machine the requests land on.
type Store interface {
	// Get returns key's state, or "" when nothing (or only an expired
	// value) is stored.
	Get(ctx context.Context, key string) (string, error)
	// CompareAndSwap stores next for key, expiring after ttl, if and only
	// if key currently holds old ("" meaning nothing stored), and reports
	// whether it did.
	CompareAndSwap(ctx context.Context, key, old, next string, ttl time.Duration) (bool, error)
}

// maxAttempts bounds the compare-and-swap loop. A swap fails only because
// another request for the same key was allowed in between, and at most a
// policy's capacity of requests can be allowed at once, so a loser retries
// a bounded number of times in practice; the bound is a backstop against a
// store whose swaps never succeed.
const maxAttempts = 1000

// Allow decides a request of weight cost for key at time now against store,
// and records the charge. It fails closed: a store error or an exhausted
// retry budget is returned as an error, never as "allowed".
func (l *Limiter) Allow(ctx context.Context, store Store, key string, now time.Time, cost int64) (*Decision, error) {
	for range maxAttempts {
		old, err := store.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		d, err := l.Decide(old, now.UnixNano(), cost)
		if err != nil {
			return nil, err
		}
		if !d.Allowed || cost == 0 {
			// Nothing was charged: there is nothing to write, and the
			// read was a consistent snapshot.
			return d, nil
		}
		ok, err := store.CompareAndSwap(ctx, key, old, d.State, d.TTL)
		if err != nil {
			return nil, err
		}
		if ok {
			return d, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return nil, errorf(CodeContention, "store: compare-and-swap kept failing for one key")
}
