package ratelimit

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

// MemoryStore is a Store in process memory: concurrency-safe, sharded to
// keep lock contention low, and bounded. When a shard is full, expired
// entries are dropped first; if none is, the entry closest to expiry among
// a sample is evicted, since it is the one closest to being forgotten anyway.
// Eviction under a flood of keys resets some bucket early (fails open for
// that key); size the store for the number of clients you expect.
type MemoryStore struct {
	seed   maphash.Seed
	shards [memShards]memShard
	perCap int
	now    func() time.Time
}

const (
	memShards      = 64
	evictionSample = 8
)

type memEntry struct {
	state   string
	expires int64 // Unix ns
}

type memShard struct {
	mu sync.Mutex
	m  map[string]memEntry
}

// NewMemoryStore returns a store holding at most maxKeys keys (at least
// memShards; 0 means 1<<20). now is the clock used for expiry; nil means
// time.Now.
func NewMemoryStore(maxKeys int, now func() time.Time) *MemoryStore {
	if maxKeys <= 0 {
		maxKeys = 1 << 20
	}
	if now == nil {
		now = time.Now
	}
	s := &MemoryStore{seed: maphash.MakeSeed(), perCap: max(maxKeys/memShards, 1), now: now}
	for i := range s.shards {
		s.shards[i].m = map[string]memEntry{}
	}
	return s
}

func (s *MemoryStore) shard(key string) *memShard {
	return &s.shards[maphash.String(s.seed, key)%memShards]
}

// Get implements Store.
func (s *MemoryStore) Get(_ context.Context, key string) (string, error) {
	sh := s.shard(key)
	now := s.now().UnixNano()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.m[key]
	if !ok || e.expires <= now {
		return "", nil
	}
	return e.state, nil
}

// CompareAndSwap implements Store.
func (s *MemoryStore) CompareAndSwap(_ context.Context, key, old, next string, ttl time.Duration) (bool, error) {
	sh := s.shard(key)
	now := s.now().UnixNano()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.m[key]
	current := ""
	if ok && e.expires > now {
		current = e.state
	}
	if current != old {
		return false, nil
	}
	if ttl <= 0 {
		delete(sh.m, key)
		return true, nil
	}
	if !ok && len(sh.m) >= s.perCap {
		sh.evict(now)
	}
	sh.m[key] = memEntry{state: next, expires: now + int64(ttl)}
	return true, nil
}

// evict makes room for one entry. Called with sh.mu held.
func (sh *memShard) evict(now int64) {
	victim, soonest, n := "", int64(0), 0
	for k, e := range sh.m { // map order is randomized: this is a random sample
		if e.expires <= now {
			delete(sh.m, k)
			return
		}
		if n == 0 || e.expires < soonest {
			victim, soonest = k, e.expires
		}
		if n++; n == evictionSample {
			break
		}
	}
	delete(sh.m, victim)
}

// Len reports how many keys are stored (expired ones included until they
// are evicted or overwritten).
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		s.shards[i].mu.Lock()
		n += len(s.shards[i].m)
		s.shards[i].mu.Unlock()
	}
	return n
}
