// Package redisstore is a ratelimit.Store in Redis, for Go hosts whose
// replicas share one limit. It is a separate package so that the
// WebAssembly module, which never talks to Redis, does not link a Redis
// client.
//
// The decision itself still runs in ratelimit (one implementation of GCRA);
// Redis only provides an atomic compare-and-swap, as a Lua script, which is
// all that exactness under concurrency needs.
package redisstore

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// casScript swaps KEYS[1] from ARGV[1] ("" = absent) to ARGV[2] with a PX
// expiry of ARGV[3] ms (≤ 0 deletes). Redis runs a script atomically, so no
// other command on the key can slip between the GET and the SET.
var casScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == false then cur = '' end
if cur ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
end
return 1
`)

// Store is a ratelimit.Store backed by a Redis client (a single node, a
// cluster or a ring: anything go-redis calls a Scripter with GET).
type Store struct {
	client redis.UniversalClient
	prefix string
}

// New returns a Store that keeps key k under prefix+k.
func New(client redis.UniversalClient, prefix string) *Store {
	return &Store{client: client, prefix: prefix}
}

// Get implements ratelimit.Store.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	v, err := s.client.Get(ctx, s.prefix+key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, err
}

// CompareAndSwap implements ratelimit.Store. The expiry is rounded up to
// whole milliseconds so that a state never expires before it stops
// mattering.
func (s *Store) CompareAndSwap(ctx context.Context, key, old, next string, ttl time.Duration) (bool, error) {
	ms := int64((ttl + time.Millisecond - 1) / time.Millisecond)
	n, err := casScript.Run(ctx, s.client, []string{s.prefix + key}, old, next, ms).Int()
	return n == 1, err
}
