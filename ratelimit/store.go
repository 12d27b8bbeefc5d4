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
	return Charge(ctx, store, key, func(old string) (*Decision, Update, error) {
		d, err := l.Decide(old, now.UnixNano(), cost)
		if err != nil {
			return nil, Update{}, err
		}
		// A refusal or a zero cost charges nothing: there is nothing to
		// write, and the read was a consistent snapshot.
		return d, Update{Write: d.Allowed && cost != 0, State: d.State, TTL: d.TTL}, nil
	})
}

// Update is what a decision asks Charge to store for its key.
type Update struct {
	Write bool          // false: nothing was charged, store nothing
	State string        // the key's next state
	TTL   time.Duration // how long State matters
}

// Charge is the compare-and-swap loop of every limiter that keeps its state
// in a Store, whoever decides: it reads key's state, lets decide judge the
// request on it, and stores the update only if no other request changed the
// key in between; otherwise it decides again on the newer state. It fails
// closed: a store error, a context error between attempts or an exhausted
// retry budget is returned as an error, never as a decision.
func Charge[D any](ctx context.Context, store Store, key string, decide func(old string) (D, Update, error)) (D, error) {
	var zero D
	for range maxAttempts {
		old, err := store.Get(ctx, key)
		if err != nil {
			return zero, err
		}
		d, u, err := decide(old)
		if err != nil {
			return zero, err
		}
		if !u.Write {
			return d, nil
		}
		ok, err := store.CompareAndSwap(ctx, key, old, u.State, u.TTL)
		if err != nil {
			return zero, err
		}
		if ok {
			return d, nil
		}
		if err := ctx.Err(); err != nil {
			return zero, err
		}
	}
	return zero, errorf(CodeContention, "store: compare-and-swap kept failing for one key")
}
