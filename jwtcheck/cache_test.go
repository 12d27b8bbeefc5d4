package jwtcheck_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/jwtcheck"
	"github.com/edgeguard/edgeguard/jwtcheck/internal/jwttest"
)

func cachedVerifier(t *testing.T, size int, extra ...any) *jwtcheck.Verifier {
	t.Helper()
	return mustCompile(t, with(with(baseConfig(), "cache_size", size, "now", nil), extra...))
}

// TestCacheWindow checks that a cached success is answered only inside the
// window where a full verification would also succeed.
func TestCacheWindow(t *testing.T) {
	v := cachedVerifier(t, 8, "clock_tolerance_s", 5, "max_age_s", 600)
	// nbf now+10, exp now+100, iat now-500 (max age ends at now+105).
	tok := rs256(`{"iss":"https://issuer.example","aud":"api","nbf":1800000010,"exp":1800000100,"iat":1799999500}`)
	at := func(dt int64) time.Time { return time.Unix(now+dt, 0) }
	steps := []struct {
		dt   int64
		code jwtcheck.Code
	}{
		{5, ""},                          // nbf within tolerance: verified and cached
		{4, jwtcheck.CodeNotYetValid},    // before the window: not from the cache
		{50, ""},                         // inside: from the cache
		{104, ""},                        // exp+tol = now+105 (exclusive)
		{105, jwtcheck.CodeExpired},      // at exp+tol: expired, cache or not
		{50, ""},                         // verified again after the drop
		{200, jwtcheck.CodeExpired},      // far past
		{-100, jwtcheck.CodeNotYetValid}, // far before
	}
	for i, s := range steps {
		_, err := v.VerifyAt(tok, at(s.dt))
		if jwtcheck.CodeOf(err) != s.code {
			t.Fatalf("at now%+d: %v, want %q", s.dt, err, s.code)
		}
		// The entry exists after a success and is dropped when a lookup
		// falls outside its window.
		if want := map[bool]int{true: 1, false: 0}[s.code == ""]; i > 0 && jwtcheck.CacheLen(v) != want {
			t.Fatalf("after now%+d: %d cached, want %d", s.dt, jwtcheck.CacheLen(v), want)
		}
	}
	// Max age ends before exp when iat is old enough.
	old := rs256(`{"iss":"https://issuer.example","aud":"api","exp":1800000100,"iat":1799999450}`)
	if _, err := v.VerifyAt(old, at(0)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyAt(old, at(56)); jwtcheck.CodeOf(err) != jwtcheck.CodeExpired {
		t.Fatalf("past max age from the cache: %v", err)
	}
}

func TestCacheIsolation(t *testing.T) {
	v := cachedVerifier(t, 4)
	tok := rs256(goodClaims)
	first, err := v.VerifyAt(tok, time.Unix(now, 0))
	if err != nil {
		t.Fatal(err)
	}
	first.Claims["sub"] = "admin"
	first.Header["alg"] = "none"
	second, err := v.VerifyAt(tok, time.Unix(now, 0))
	if err != nil {
		t.Fatal(err)
	}
	if second.Claims["sub"] != "user-1" || second.Header["alg"] != "RS256" {
		t.Fatalf("cache handed out a modified token: %v %v", second.Header, second.Claims)
	}
	// A bad token is never cached, and a good one does not vouch for a
	// tampered copy.
	if _, err := v.VerifyAt(tamperRS(tok), time.Unix(now, 0)); jwtcheck.CodeOf(err) != jwtcheck.CodeSignature {
		t.Fatalf("tampered: %v", err)
	}
}

func tamperRS(tok string) string { return tok[:len(tok)-2] + "AA" }

func TestCacheBound(t *testing.T) {
	v := cachedVerifier(t, 3)
	var toks []string
	for i := 0; i < 10; i++ {
		toks = append(toks, jwttest.Sign("RS256", jwttest.RSA, hdrRS256,
			`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"`+string(rune('a'+i))+`"}`))
	}
	for round := 0; round < 3; round++ {
		for _, tok := range toks {
			if _, err := v.VerifyAt(tok, time.Unix(now, 0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := jwtcheck.CacheLen(v); n > 3 {
		t.Fatalf("cache holds %d entries, limit 3", n)
	}
	if _, err := compile(t, with(baseConfig(), "cache_size", jwtcheck.MaxCacheSize+1)); jwtcheck.CodeOf(err) != jwtcheck.CodeBadConfig {
		t.Fatalf("oversized cache: %v", err)
	}
}

func TestVerifyJSONMatchesVerify(t *testing.T) {
	for _, size := range []int{0, 2} {
		v := mustCompile(t, with(baseConfig(), "cache_size", size))
		tok := rs256(goodClaims)
		for i := 0; i < 2; i++ {
			got, err := v.VerifyJSON(tok)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := v.Verify(tok)
			if string(got) != string(want.JSON()) {
				t.Fatalf("size %d: %s vs %s", size, got, want.JSON())
			}
			got[0] = 'X' // the caller owns the bytes
		}
	}
}

// BenchmarkVerifyCached measures a cache hit (the dispatch path).
func BenchmarkVerifyCached(b *testing.B) {
	for _, bc := range benchCases(b) {
		b.Run(bc.alg, func(b *testing.B) {
			v, err := jwtcheck.New(jwtcheck.Config{Algorithms: []string{bc.alg}, Keys: bc.keys, CacheSize: 64,
				Now: func() time.Time { return time.Unix(now, 0) }})
			if err != nil {
				b.Fatal(err)
			}
			token := jwttest.Sign(bc.alg, bc.priv, `{"alg":"`+bc.alg+`","typ":"JWT"}`, benchClaims)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.VerifyJSON(token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestConcurrentVerify shares one cached verifier between goroutines (run
// with -race to check the locking).
func TestConcurrentVerify(t *testing.T) {
	v := cachedVerifier(t, 2)
	toks := []string{rs256(goodClaims), rs256(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"2"}`),
		rs256(`{"iss":"https://issuer.example","aud":"api","exp":1800003600,"jti":"3"}`), tamperRS(rs256(goodClaims))}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func(g int) {
			var err error
			for i := 0; i < 50 && err == nil; i++ {
				tok := toks[(g+i)%len(toks)]
				_, verr := v.VerifyAt(tok, time.Unix(now, 0))
				if wantBad := tok == toks[3]; (verr != nil) != wantBad {
					err = fmt.Errorf("goroutine %d, token %d: %v (want failure: %v)", g, (g+i)%len(toks), verr, wantBad)
				}
			}
			done <- err
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
