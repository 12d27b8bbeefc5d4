package redisstore

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/ratelimit"
	"github.com/redis/go-redis/v9"
)

// startRedis runs a throwaway redis-server on 127.0.0.1 and a free port. It
// skips the test when the binary is absent, unless EDGEGUARD_REQUIRE_REDIS=1
// (CI), where absence is a failure.
func startRedis(t testing.TB) *redis.Client {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("EDGEGUARD_REQUIRE_REDIS") == "1" {
			t.Fatal("redis-server not found and EDGEGUARD_REQUIRE_REDIS=1")
		}
		t.Skip("redis-server not found (apt-get install redis-server); set EDGEGUARD_REQUIRE_REDIS=1 to make this a failure")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port), PoolSize: 64})
	t.Cleanup(func() { c.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return c
}

func TestConcurrentExactlyLimit(t *testing.T) {
	const limit, goroutines, each = 50, 32, 8
	s := New(startRedis(t), "eg:test:")
	l, err := ratelimit.New(ratelimit.Policy{Name: "a", Quota: limit, Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var allowed, refused atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				d, err := l.Allow(context.Background(), s, "client", now, 1)
				if err != nil {
					t.Error(err)
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
	if allowed.Load() != limit || refused.Load() != goroutines*each-limit {
		t.Fatalf("allowed %d, refused %d; want exactly %d allowed of %d", allowed.Load(), refused.Load(), limit, goroutines*each)
	}
}

func TestCompareAndSwap(t *testing.T) {
	s := New(startRedis(t), "p:")
	ctx := context.Background()
	steps := []struct {
		old, next string
		ttl       time.Duration
		swapped   bool
		after     string
	}{
		{"", "1", time.Minute, true, "1"},
		{"", "2", time.Minute, false, "1"},
		{"x", "2", time.Minute, false, "1"},
		{"1", "2", time.Minute, true, "2"},
		{"2", "", 0, true, ""},
		{"", "3", time.Millisecond, true, "3"},
	}
	for i, st := range steps {
		ok, err := s.CompareAndSwap(ctx, "k", st.old, st.next, st.ttl)
		if err != nil || ok != st.swapped {
			t.Fatalf("step %d: swapped=%v err=%v", i, ok, err)
		}
		if v, _ := s.Get(ctx, "k"); v != st.after {
			t.Fatalf("step %d: value %q, want %q", i, v, st.after)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if v, _ := s.Get(ctx, "k"); v != "" {
		t.Fatalf("value %q survived its expiry", v)
	}
}

// TestSameVerdictsAsMemory replays one request sequence through both
// stores: the store must not change any verdict.
func TestSameVerdictsAsMemory(t *testing.T) {
	rs := New(startRedis(t), "same:")
	ms := ratelimit.NewMemoryStore(0, nil)
	l, _ := ratelimit.New(ratelimit.Policy{Name: "b", Quota: 5, Window: 5 * time.Second},
		ratelimit.Policy{Name: "d", Quota: 12, Window: time.Hour})
	start := time.Now()
	for i, at := range []int{0, 0, 0, 100, 200, 900, 1000, 1000, 2500, 2600, 4000, 4000, 4100, 9000, 9000, 9001} {
		now := start.Add(time.Duration(at) * time.Millisecond)
		a, err1 := l.Allow(context.Background(), rs, "k", now, int64(1+i%2))
		b, err2 := l.Allow(context.Background(), ms, "k", now, int64(1+i%2))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if a.Allowed != b.Allowed || a.State != b.State {
			t.Fatalf("request %d: redis %v %q, memory %v %q", i, a.Allowed, a.State, b.Allowed, b.State)
		}
	}
}

func BenchmarkAllowRedis(b *testing.B) {
	s := New(startRedis(b), "bench:")
	l, _ := ratelimit.New(ratelimit.Policy{Name: "a", Quota: 1000, Window: time.Second})
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := l.Allow(context.Background(), s, "k"+strconv.Itoa(i%1024), time.Now(), 1); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}
