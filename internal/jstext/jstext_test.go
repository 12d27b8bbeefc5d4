package jstext

import (
	"math"
	"testing"
)

// Expected strings are what V8 prints for String(x) and JSON.stringify(s).
func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1.5, "1.5"},
		{-42, "-42"},
		{123456789012, "123456789012"},
		{1e21, "1e+21"},
		{1.5e21, "1.5e+21"},
		{1e20, "100000000000000000000"},
		{1e-6, "0.000001"},
		{1e-7, "1e-7"},
		{-1.25e-7, "-1.25e-7"},
		{0.30000000000000004, "0.30000000000000004"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	} {
		if got := Number(tc.f); got != tc.want {
			t.Errorf("Number(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"a<b>&c", `"a<b>&c"`},
		{"\"\\\b\f\n\r\t", `"\"\\\b\f\n\r\t"`},
		{"\x01\x1f\x7f", `"\u0001\u001f` + "\x7f" + `"`},
		{"\u2028é😀", "\"\u2028é😀\""},
		{"a\xffb\xc3", "\"a\uFFFDb\uFFFD\""},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
