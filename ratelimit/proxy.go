package ratelimit

import (
	"net/netip"
	"strconv"
	"strings"
)

// Proxies is a set of trusted reverse-proxy networks, for finding the client
// address behind them.
type Proxies []netip.Prefix

// ParseProxies parses CIDR prefixes ("10.0.0.0/8", "2001:db8::/32") or bare
// addresses (a /32 or /128).
func ParseProxies(cidrs []string) (Proxies, error) {
	out := make(Proxies, 0, len(cidrs))
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			a, aerr := netip.ParseAddr(c)
			if aerr != nil {
				return nil, errorf(CodeBadConfig, "trusted proxy "+strconv.Quote(truncate(c, 64))+" is not an address or CIDR prefix")
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (ps Proxies) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// maxForwardedHops bounds the X-Forwarded-For walk; real chains are short.
const maxForwardedHops = 32

// ClientAddr finds the client address of a request that arrived from peer
// (the socket's remote address, with or without a port) carrying the
// X-Forwarded-For value xff (all the header's lines joined by ","). Only
// hops added by trusted proxies are believed: the walk starts at peer and
// moves left through X-Forwarded-For while the current hop is a trusted
// proxy; the first untrusted hop is the client. Anything left of it was
// written by the client and is ignored, so a client cannot choose its own
// bucket by sending a forged X-Forwarded-For.
func (ps Proxies) ClientAddr(peer, xff string) (string, error) {
	cur, err := parseHop(peer)
	if err != nil {
		return "", err
	}
	hops := strings.Split(xff, ",")
	if strings.TrimSpace(xff) == "" {
		hops = nil
	}
	for i := len(hops) - 1; i >= 0 && ps.trusted(cur); i-- {
		if len(hops)-i > maxForwardedHops {
			return "", errorf(CodeBadIP, "X-Forwarded-For has more than 32 trusted hops")
		}
		// A trusted proxy appended this entry, so garbage here is a
		// misconfiguration, not something to skip past.
		if cur, err = parseHop(hops[i]); err != nil {
			return "", err
		}
	}
	return cur.Unmap().String(), nil
}

// parseHop reads "1.2.3.4", "1.2.3.4:80", "2001:db8::1", "[2001:db8::1]:80".
func parseHop(s string) (netip.Addr, error) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone(""), nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, errorf(CodeBadIP, "address "+strconv.Quote(truncate(s, 64))+" is not an IP address")
	}
	return a.WithZone(""), nil
}
