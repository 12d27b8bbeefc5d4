package validate

import (
	"math"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// matcher is one entry of a locale table: a compiled RE2 pattern or a
// hand-written function for patterns RE2 cannot express.
type matcher interface {
	MatchString(s string) bool
}

// lazyRE compiles its pattern on first use: the locale tables hold several
// hundred patterns and a program usually needs a handful, so compiling them
// all at start-up would cost every wasm instance time for nothing.
type lazyRE struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

func re(src string) *lazyRE { return &lazyRE{src: src} }

func (l *lazyRE) compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRE) MatchString(s string) bool { return l.compiled().MatchString(s) }

// matchFunc adapts a hand-written matcher to the matcher interface.
type matchFunc func(string) bool

func (f matchFunc) MatchString(s string) bool { return f(s) }

// trimmedMatcher trims the input first, as validator.js's `re.test(str.trim())` does.
type trimmedMatcher struct{ m matcher }

func trimmed(m matcher) matcher { return trimmedMatcher{m} }

func (t trimmedMatcher) MatchString(s string) bool { return t.m.MatchString(jsTrim(s)) }

// jsTrim removes what String.prototype.trim removes: ECMAScript WhiteSpace and
// LineTerminator code points (which include U+FEFF but not U+0085).
func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// anyTable is a locale table prepared for the 'any' locale: its entries in
// key order, each with the lengths its pattern can match (lengthBounds).
type anyTable func() []anyEntry

type anyEntry struct {
	m        matcher
	min, max int
	first    *firstSet // what a match can start with; nil: anything
	// second[b], for an ASCII first byte b, is what can follow it; nil:
	// anything (or not known).
	second *[utf8.RuneSelf]*firstSet
}

// prepareAny builds a table's anyTable on first use (table is the generated
// table's accessor, so that neither is built at start-up).
func prepareAny(tableOf func() map[string]matcher) anyTable {
	return sync.OnceValue(func() []anyEntry {
		table := tableOf()
		out := make([]anyEntry, 0, len(table))
		for _, name := range sortedKeys(table) {
			e := anyEntry{m: table[name], max: math.MaxInt}
			if l, ok := e.m.(*lazyRE); ok {
				e.min, e.max = lengthBounds(l.src)
				e.first, e.second = firstOf(l.src)
			}
			out = append(out, e)
		}
		return out
	})
}

var (
	mobilePhonesAny  = prepareAny(mobilePhones)
	postalCodesAny   = prepareAny(postalCodes)
	licensePlatesAny = prepareAny(licensePlates)
)

// isAnyOf reports whether any entry accepts s (the 'any' locale). An entry
// whose pattern cannot match a string of s's length is not run: for
// isMobilePhone that skips most of the ~170 patterns.
func isAnyOf(table anyTable, s string) bool {
	n := utf8.RuneCountInString(s)
	for _, e := range table() {
		if n < e.min || n > e.max {
			continue
		}
		if s != "" && e.first != nil && !e.first.has(s[0]) {
			continue
		}
		if len(s) >= 2 && s[0] < utf8.RuneSelf && e.second != nil {
			if next := e.second[s[0]]; next != nil && !next.has(s[1]) {
				continue
			}
		}
		if e.m.MatchString(s) {
			return true
		}
	}
	return false
}

// firstSet is the set of bytes a pattern's match can begin with: ASCII bytes
// one by one, every non-ASCII byte together.
type firstSet struct {
	ascii    [utf8.RuneSelf]bool
	nonASCII bool
}

func (f *firstSet) has(b byte) bool {
	if b >= utf8.RuneSelf {
		return f.nonASCII
	}
	return f.ascii[b]
}

// firstOf returns what a match of a start-anchored pattern can begin with,
// and for each ASCII first byte what can follow it, or nil where that is not
// known (not anchored, an empty match possible, or an operator this analysis
// does not follow). isAnyOf then skips most patterns without running them:
// in WebAssembly each run is costly.
func firstOf(src string) (*firstSet, *[utf8.RuneSelf]*firstSet) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, nil
	}
	re = re.Simplify()
	if !anchoredBothEnds(re) {
		return nil, nil
	}
	first := firstSetOf(re)
	if first == nil {
		return nil, nil
	}
	var second [utf8.RuneSelf]*firstSet
	for b := range second {
		if first.ascii[b] {
			if d := derivative(re, byte(b)); d != nil {
				second[b] = firstSetOf(d)
			}
		}
	}
	return first, &second
}

// firstSetOf is the first bytes of re's non-empty matches; nil when re can
// match the empty string or the analysis cannot tell.
func firstSetOf(re *syntax.Regexp) *firstSet {
	f := &firstSet{}
	if nullable, known := addFirst(f, re); nullable || !known {
		return nil
	}
	return f
}

// noMatch is the pattern that matches nothing.
var noMatch = &syntax.Regexp{Op: syntax.OpNoMatch}

// derivative is Brzozowski's derivative of re by the ASCII byte b: a
// pattern matching the rest of every match of re that starts with b; nil
// when re uses an operator it does not follow. Only its first bytes are
// used (the second-byte filter), never for matching.
func derivative(re *syntax.Regexp, b byte) *syntax.Regexp {
	empty := &syntax.Regexp{Op: syntax.OpEmptyMatch}
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return noMatch // consumes no byte
	case syntax.OpLiteral:
		if len(re.Rune) == 0 || !runeMatchesByte(re.Rune[0], b, re.Flags&syntax.FoldCase != 0) {
			return noMatch
		}
		if len(re.Rune) == 1 {
			return empty
		}
		return &syntax.Regexp{Op: syntax.OpLiteral, Rune: re.Rune[1:], Flags: re.Flags}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= rune(b) && rune(b) <= re.Rune[i+1] {
				return empty
			}
		}
		return noMatch
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return empty
	case syntax.OpCapture:
		return derivative(re.Sub[0], b)
	case syntax.OpQuest:
		return derivative(re.Sub[0], b)
	case syntax.OpStar, syntax.OpPlus:
		d := derivative(re.Sub[0], b)
		if d == nil {
			return nil
		}
		return &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{d, {Op: syntax.OpStar, Sub: re.Sub[:1], Flags: re.Flags}}}
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return noMatch
		}
		head, tail := re.Sub[0], &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:]}
		d := derivative(head, b)
		if d == nil {
			return nil
		}
		alts := []*syntax.Regexp{{Op: syntax.OpConcat, Sub: []*syntax.Regexp{d, tail}}}
		if headNullable, known := addFirst(&firstSet{}, head); !known {
			return nil
		} else if headNullable {
			dt := derivative(tail, b)
			if dt == nil {
				return nil
			}
			alts = append(alts, dt)
		}
		return &syntax.Regexp{Op: syntax.OpAlternate, Sub: alts}
	case syntax.OpAlternate:
		alts := make([]*syntax.Regexp, 0, len(re.Sub))
		for _, sub := range re.Sub {
			d := derivative(sub, b)
			if d == nil {
				return nil
			}
			alts = append(alts, d)
		}
		return &syntax.Regexp{Op: syntax.OpAlternate, Sub: alts}
	}
	return nil
}

// runeMatchesByte reports whether literal rune r (case-folded when fold)
// matches the ASCII byte b.
func runeMatchesByte(r rune, b byte, fold bool) bool {
	for c, first := r, true; first || c != r; c, first = unicode.SimpleFold(c), false {
		if c == rune(b) {
			return true
		}
		if !fold {
			return false
		}
	}
	return false
}

// addFirst adds to f the bytes a match of re can start with, and reports
// whether re can match the empty string and whether the analysis is exact
// enough to rely on (false: give up).
func addFirst(f *firstSet, re *syntax.Regexp) (nullable, known bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpNoMatch:
		return false, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		addRune(f, re.Rune[0], re.Flags&syntax.FoldCase != 0)
		return false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for r := lo; r <= hi && r < utf8.RuneSelf; r++ {
				f.ascii[r] = true
			}
			if hi >= utf8.RuneSelf {
				f.nonASCII = true
			}
		}
		return false, true
	case syntax.OpCapture:
		return addFirst(f, re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		_, known := addFirst(f, re.Sub[0])
		return true, known
	case syntax.OpPlus:
		return addFirst(f, re.Sub[0])
	case syntax.OpRepeat:
		nullable, known := addFirst(f, re.Sub[0])
		return nullable || re.Min == 0, known
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			nullable, known := addFirst(f, sub)
			if !known {
				return false, false
			}
			if !nullable {
				return false, true
			}
		}
		return true, true
	case syntax.OpAlternate:
		empty := false
		for _, sub := range re.Sub {
			nullable, known := addFirst(f, sub)
			if !known {
				return false, false
			}
			empty = empty || nullable
		}
		return empty, true
	}
	return false, false
}

// addRune adds r (and, case-folded, every rune of its folding orbit) to f.
func addRune(f *firstSet, r rune, fold bool) {
	for c, first := r, true; first || c != r; c, first = unicode.SimpleFold(c), false {
		if c < utf8.RuneSelf {
			f.ascii[c] = true
		} else {
			f.nonASCII = true
		}
		if !fold {
			return
		}
	}
}

// lengthBounds returns the shortest and longest (in runes) string a pattern
// can match in full; math.MaxInt when unbounded. Patterns that are not
// anchored at both ends match substrings, so they get (0, MaxInt).
func lengthBounds(src string) (int, int) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return 0, math.MaxInt
	}
	re = re.Simplify()
	if !anchoredBothEnds(re) {
		return 0, math.MaxInt
	}
	return matchBounds(re)
}

// anchoredBothEnds reports whether every alternative starts with ^ and ends with $.
func anchoredBothEnds(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCapture:
		return anchoredBothEnds(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !anchoredBothEnds(s) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		return len(re.Sub) >= 2 && re.Sub[0].Op == syntax.OpBeginText && re.Sub[len(re.Sub)-1].Op == syntax.OpEndText
	}
	return false
}

// matchBounds is lengthBounds on a parsed pattern.
func matchBounds(re *syntax.Regexp) (int, int) {
	const inf = math.MaxInt
	add := func(a, b int) int {
		if a == inf || b == inf {
			return inf
		}
		return a + b
	}
	mul := func(a, k int) int {
		if a == inf || k < 0 {
			if a == 0 {
				return 0
			}
			return inf
		}
		return a * k
	}
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune), len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1, 1
	case syntax.OpCapture:
		return matchBounds(re.Sub[0])
	case syntax.OpConcat:
		lo, hi := 0, 0
		for _, s := range re.Sub {
			a, b := matchBounds(s)
			lo, hi = add(lo, a), add(hi, b)
		}
		return lo, hi
	case syntax.OpAlternate:
		lo, hi := inf, 0
		for _, s := range re.Sub {
			a, b := matchBounds(s)
			lo, hi = min(lo, a), max(hi, b)
		}
		return lo, hi
	case syntax.OpStar:
		return 0, inf
	case syntax.OpPlus:
		a, _ := matchBounds(re.Sub[0])
		return a, inf
	case syntax.OpQuest:
		_, b := matchBounds(re.Sub[0])
		return 0, b
	case syntax.OpRepeat:
		a, b := matchBounds(re.Sub[0])
		return mul(a, re.Min), mul(b, re.Max)
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0, 0
	}
	return 0, inf
}
