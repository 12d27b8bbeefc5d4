package ratelimit

import (
	"net/netip"
	"strconv"
	"strings"
)

// DefaultIPv6Prefix is how many leading bits of an IPv6 address identify one
// client. ISPs commonly give a customer a /56 (RIPE-690), so keying on the
// full address, or on a /64, lets one subscriber rotate through 2^8 … 2^72
// addresses and buckets. express-rate-limit 8 uses the same default.
const DefaultIPv6Prefix = 56

// ClientIP returns the rate-limit key part for a client address: an IPv4
// address as itself, an IPv6 address as its prefix of prefixBits (32 … 128;
// 0 means DefaultIPv6Prefix) in CIDR notation.
//
// IPv4-mapped IPv6 addresses (::ffff:0:0/96, whatever their notation, e.g.
// "::ffff:1.2.3.4" or "::ffff:102:304") are keyed as the IPv4 address they
// carry. Masking them as IPv6 would put every IPv4 client of a dual-stack
// server into one ::/56 bucket, the bug of express-rate-limit 8.2.0–8.2.1
// (CVE-2026-30827). A zone (fe80::1%eth0) is dropped: it names an interface,
// not a client.
func ClientIP(addr string, prefixBits int) (string, error) {
	if prefixBits == 0 {
		prefixBits = DefaultIPv6Prefix
	}
	if prefixBits < 32 || prefixBits > 128 {
		return "", errorf(CodeBadConfig, "IPv6 prefix must be 32 … 128 bits")
	}
	ip, err := netip.ParseAddr(strings.TrimSpace(addr))
	if err != nil {
		return "", errorf(CodeBadIP, "client address "+strconv.Quote(truncate(addr, 64))+" is not an IP address")
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String(), nil
	}
	prefix, _ := ip.Prefix(prefixBits) // cannot fail: 32 ≤ bits ≤ 128 on an IPv6 address
	return prefix.String(), nil
}

// Part is one named component of a key: the client IP, the user id, the
// route…
type Part struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Key builds a store key from parts, for example
// Key(Part{"ip", ip}, Part{"route", "POST /login"}) = "ip=…|route=POST /login".
// Names and values are escaped so that no choice of values makes two
// different part lists give the same key (a user named "x|route=y" cannot
// share another user's bucket).
func Key(parts ...Part) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('|')
		}
		writeEscaped(&b, p.Name)
		b.WriteByte('=')
		writeEscaped(&b, p.Value)
	}
	return b.String()
}

// writeEscaped percent-encodes the key's delimiters, '%' itself, and
// control characters (keys end up in logs and Redis commands).
func writeEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '|' || c == '=' || c == '%' || c < 0x20 || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
