package ratelimit

import "testing"

func TestClientAddr(t *testing.T) {
	ps, err := ParseProxies([]string{"10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.10"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, peer, xff, want, err string
	}{
		{"direct client", "203.0.113.5:4444", "", "203.0.113.5", ""},
		{"direct client ignores forged xff", "203.0.113.5:4444", "1.1.1.1", "203.0.113.5", ""},
		{"one proxy", "10.0.0.1:80", "198.51.100.7", "198.51.100.7", ""},
		{"forged left part ignored", "10.0.0.1:80", "6.6.6.6, 198.51.100.7", "198.51.100.7", ""},
		{"two proxies", "10.0.0.1:80", "198.51.100.7, 192.0.2.10", "198.51.100.7", ""},
		{"ipv6 proxy and client", "[2001:db8:ffff::1]:443", "2001:db8:1::9", "2001:db8:1::9", ""},
		{"mapped peer", "[::ffff:10.0.0.1]:80", "198.51.100.7", "198.51.100.7", ""},
		{"all hops trusted", "10.0.0.1:80", "10.0.0.2", "10.0.0.2", ""},
		{"proxy without xff", "10.0.0.1:80", "", "10.0.0.1", ""},
		{"hop with port", "10.0.0.1:80", "198.51.100.7:5555", "198.51.100.7", ""},
		{"garbage from a trusted proxy", "10.0.0.1:80", "not-an-ip", "", CodeBadIP},
		{"garbage left of the client is ignored", "10.0.0.1:80", "not-an-ip, 198.51.100.7", "198.51.100.7", ""},
		{"bad peer", "nope", "", "", CodeBadIP},
	} {
		got, err := ps.ClientAddr(c.peer, c.xff)
		if c.err != "" {
			if e, ok := err.(*Error); !ok || e.Code() != c.err {
				t.Errorf("%s: err %v, want %s", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.name, got, err, c.want)
		}
	}
	if _, err := ParseProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("bad prefix accepted")
	}
}
