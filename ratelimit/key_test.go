package ratelimit

import "testing"

func TestClientIP(t *testing.T) {
	for _, c := range []struct {
		addr   string
		prefix int
		want   string
		err    string
	}{
		{"192.0.2.7", 0, "192.0.2.7", ""},
		{" 192.0.2.7 ", 0, "192.0.2.7", ""},
		{"2001:db8:1234:5678::1", 0, "2001:db8:1234:5600::/56", ""},
		{"2001:db8:1234:56ff:ffff::1", 0, "2001:db8:1234:5600::/56", ""},
		{"2001:db8:1234:5678::1", 64, "2001:db8:1234:5678::/64", ""},
		{"2001:db8::1", 128, "2001:db8::1/128", ""},
		{"fe80::1%eth0", 0, "fe80::/56", ""},
		// CVE-2026-30827: IPv4-mapped addresses are IPv4 clients, each
		// with its own bucket, in every notation.
		{"::ffff:1.2.3.4", 0, "1.2.3.4", ""},
		{"::ffff:102:304", 0, "1.2.3.4", ""},
		{"::FFFF:5.6.7.8", 0, "5.6.7.8", ""},
		{"0:0:0:0:0:ffff:0506:0708", 0, "5.6.7.8", ""},
		// NAT64 (64:ff9b::/96) is not mapped: an IPv6 client.
		{"64:ff9b::1.2.3.4", 0, "64:ff9b::/56", ""},
		{"not-an-ip", 0, "", CodeBadIP},
		{"", 0, "", CodeBadIP},
		{"1.2.3.4:80", 0, "", CodeBadIP},
		{"2001:db8::1", 31, "", CodeBadConfig},
		{"2001:db8::1", 129, "", CodeBadConfig},
	} {
		got, err := ClientIP(c.addr, c.prefix)
		if c.err != "" {
			if e, ok := err.(*Error); !ok || e.Code() != c.err {
				t.Errorf("ClientIP(%q, %d) err = %v, want %s", c.addr, c.prefix, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ClientIP(%q, %d) = %q, %v; want %q", c.addr, c.prefix, got, err, c.want)
		}
	}
}

// TestDualStackBucketsAreDistinct is the regression test for
// CVE-2026-30827: two IPv4 clients seen through a dual-stack socket must
// not share one bucket.
func TestDualStackBucketsAreDistinct(t *testing.T) {
	a, _ := ClientIP("::ffff:198.51.100.1", 56)
	b, _ := ClientIP("::ffff:203.0.113.9", 56)
	if a == b {
		t.Fatalf("two IPv4-mapped clients share the key %q", a)
	}
}

func TestKeyIsInjective(t *testing.T) {
	pairs := [][2][]Part{
		{{{"user", "x|route=y"}}, {{"user", "x"}, {"route", "y"}}},
		{{{"a=b", "c"}}, {{"a", "b=c"}}},
		{{{"a", "%7C"}}, {{"a", "|"}}},
	}
	for _, p := range pairs {
		if Key(p[0]...) == Key(p[1]...) {
			t.Errorf("%v and %v give the same key %q", p[0], p[1], Key(p[0]...))
		}
	}
	if got := Key(Part{"ip", "1.2.3.4"}, Part{"route", "POST /login\r\n"}); got != "ip=1.2.3.4|route=POST /login%0D%0A" {
		t.Errorf("Key = %q", got)
	}
}
