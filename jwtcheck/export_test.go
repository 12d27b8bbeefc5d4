package jwtcheck

// CacheLen exposes the number of cached tokens to the external tests.
func CacheLen(v *Verifier) int {
	if v.cache == nil {
		return 0
	}
	return v.cache.len()
}
