package jwtcheck

import (
	"crypto/sha256"
	"encoding/json"
	"math"
	"sync"
)

// MaxCacheSize bounds Config.CacheSize.
const MaxCacheSize = 1 << 16

// tokenCache remembers verified tokens, so that a token presented again
// skips parsing and the signature check: the expensive part in WebAssembly,
// where pure-Go crypto runs 10–20× slower than natively.
//
// Entries are keyed by the SHA-256 of the token text. The text is a faithful
// key because the verifier accepts only canonical base64url: two different
// strings never decode to the same signed bytes (jose's warning about raw
// token keys does not apply). Only successes are cached, with the time window
// in which every time-based check still passes; a hit outside it is dropped
// and the token verified again, so a cached verdict never outlives exp,
// max_age_s, or precedes nbf/iat. Eviction is first-in first-out, which
// needs no bookkeeping on hits.
type tokenCache struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]*cacheEntry
	ring    [][sha256.Size]byte // insertion order, for eviction
	next    int
}

type cacheEntry struct {
	token *Token
	json  []byte
	// The window: valid while from <= t, t < expLimit and t <= ageLimit.
	from, expLimit, ageLimit float64
}

func newTokenCache(size int) *tokenCache {
	return &tokenCache{entries: make(map[[sha256.Size]byte]*cacheEntry, size), ring: make([][sha256.Size]byte, 0, size)}
}

func (c *tokenCache) get(key [sha256.Size]byte, t float64) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil {
		return nil
	}
	if t < e.from || t >= e.expLimit || t > e.ageLimit {
		delete(c.entries, key) // its slot in ring is reused in turn
		return nil
	}
	return e
}

func (c *tokenCache) put(key [sha256.Size]byte, e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.entries[key]; dup {
		c.entries[key] = e
		return
	}
	if len(c.ring) < cap(c.ring) {
		c.ring = append(c.ring, key)
	} else {
		delete(c.entries, c.ring[c.next])
		c.ring[c.next] = key
		c.next = (c.next + 1) % len(c.ring)
	}
	c.entries[key] = e
}

// len reports the number of live entries (for tests).
func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// window computes, for claims that passed checkClaims, the times at which
// the time-based checks of checkClaims still pass (mirroring them exactly).
func (v *Verifier) window(claims map[string]any) (from, expLimit, ageLimit float64) {
	from, expLimit, ageLimit = math.Inf(-1), math.Inf(1), math.Inf(1)
	// The claims were validated, so the errors are nil here.
	if exp, ok, _ := numericDate(claims, "exp"); ok {
		expLimit = exp + v.tol
	}
	if nbf, ok, _ := numericDate(claims, "nbf"); ok {
		from = max(from, nbf-v.tol)
	}
	if iat, ok, _ := numericDate(claims, "iat"); ok {
		from = max(from, iat-v.tol)
		if v.maxAge > 0 {
			ageLimit = iat + v.tol + v.maxAge
		}
	}
	return from, expLimit, ageLimit
}

// cloneValue deep-copies a strictjson value, so that a caller modifying a
// returned Token cannot change what the cache hands out next.
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, item := range x {
			m[k] = cloneValue(item)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, item := range x {
			s[i] = cloneValue(item)
		}
		return s
	case json.Number, string, bool, nil:
		return x
	}
	panic("jwtcheck: unexpected value type in a parsed token")
}

func (t *Token) clone() *Token {
	return &Token{Alg: t.Alg, Header: cloneValue(t.Header).(map[string]any), Claims: cloneValue(t.Claims).(map[string]any)}
}
