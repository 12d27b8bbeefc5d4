package jwtcheck

import "encoding/base64"

// b64 is the only base64 accepted anywhere: URL alphabet, no padding,
// canonical trailing bits (RFC 7515 §2, RFC 4648 §3.5). Decoding goes
// through appendB64URL, which accepts exactly what b64 accepts except the
// '\r' and '\n' b64's decoder skips.
var b64 = base64.RawURLEncoding.Strict()

// b64Invalid marks a byte outside the base64url alphabet in b64Values.
const b64Invalid = 0xFF

// b64Values maps each byte to its 6-bit base64url value, or b64Invalid.
var b64Values = func() (t [256]byte) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := range t {
		t[i] = b64Invalid
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// decodeB64URL decodes s strictly: unpadded base64url with zero trailing
// bits, nothing else (no padding, no whitespace, no standard alphabet).
func decodeB64URL(s string) ([]byte, bool) {
	return appendB64URL(make([]byte, 0, b64.DecodedLen(len(s))), s)
}

// appendB64URL appends the strict decoding of s to dst. It validates and
// decodes in one table-driven pass: the separate validation loop and
// encoding/base64's decoder it replaces read every byte twice and allocated
// a buffer per segment, a visible share of a verification inside
// WebAssembly. On failure it returns dst unchanged and false.
func appendB64URL(dst []byte, s string) ([]byte, bool) {
	if len(s)%4 == 1 { // one leftover character cannot hold a byte
		return dst, false
	}
	out := dst
	i := 0
	for ; i+4 <= len(s); i += 4 {
		a, b, c, d := b64Values[s[i]], b64Values[s[i+1]], b64Values[s[i+2]], b64Values[s[i+3]]
		if a|b|c|d == b64Invalid || (a|b|c|d)&0xC0 != 0 {
			return dst, false
		}
		out = append(out, a<<2|b>>4, b<<4|c>>2, c<<6|d)
	}
	switch len(s) - i {
	case 2:
		a, b := b64Values[s[i]], b64Values[s[i+1]]
		if (a|b)&0xC0 != 0 || b&0x0F != 0 { // the 4 unused bits must be zero
			return dst, false
		}
		out = append(out, a<<2|b>>4)
	case 3:
		a, b, c := b64Values[s[i]], b64Values[s[i+1]], b64Values[s[i+2]]
		if (a|b|c)&0xC0 != 0 || c&0x03 != 0 { // the 2 unused bits must be zero
			return dst, false
		}
		out = append(out, a<<2|b>>4, b<<4|c>>2)
	}
	return out, true
}
