package validate

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// corpusFloor is the overall agreement with validator.js's own suite below
// which TestValidatorJSCorpus fails: it only moves up, so that a regression
// in any validator is caught. Differences are listed in docs/validate.md.
const corpusFloor = 0.999

// corpusPath finds ../shared/corpora relative to the repository root.
func corpusPath(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "corpora", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus %s not present (%v): skipping", p, err)
	}
	return p
}

type corpusTally struct {
	pass, fail, skip int
	fails            []string
}

// corpusValue turns the corpus's encodings of JS-only values into the value
// model; ok is false for values the Go API cannot receive (lone surrogates,
// functions).
func corpusValue(v any) (any, bool) {
	switch t := v.(type) {
	case *Object:
		if s, ok := t.Get("$undefined"); ok && s == true {
			return Undefined, true
		}
		if s, ok := t.Get("$number"); ok {
			switch s {
			case "NaN":
				return math.NaN(), true
			case "Infinity":
				return math.Inf(1), true
			case "-Infinity":
				return math.Inf(-1), true
			}
			return math.Copysign(0, -1), true
		}
		if s, ok := t.Get("$regexp"); ok {
			f, _ := t.Get("flags")
			fs, _ := f.(string)
			return RegExp{Source: s.(string), Flags: fs}, true
		}
		if s, ok := t.Get("$date"); ok {
			if s == nil {
				return InvalidDate, true
			}
			d, err := time.Parse(time.RFC3339Nano, s.(string))
			return d, err == nil
		}
		if _, ok := t.Get("$utf16"); ok {
			return nil, false
		}
		if _, ok := t.Get("$function"); ok {
			return nil, false
		}
		o := NewObject()
		for _, k := range t.keys {
			e, ok := corpusValue(t.val(k))
			if !ok {
				return nil, false
			}
			o.Set(k, e)
		}
		return o, true
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			var ok bool
			if out[i], ok = corpusValue(e); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return v, true
}

// TestValidatorJSCorpus replays validator.js 13.15.35's own test suite
// (recorded as data) against this package and reports agreement per
// validator. Set EDGEGUARD_CORPUS_VERBOSE=1 to list every disagreement.
func TestValidatorJSCorpus(t *testing.T) {
	data, err := os.ReadFile(corpusPath(t, "validatorjs/vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	tallies := map[string]*corpusTally{}
	defer func(f func() time.Time) { nowFunc = f }(nowFunc)
	for _, b := range doc.([]any) {
		blk := b.(*Object)
		name := blk.val("name").(string)
		kind := blk.val("kind").(string)
		key := name
		if kind == "sanitizer" {
			key = "sanitizer:" + name
		}
		tl := tallies[key]
		if tl == nil {
			tl = &corpusTally{}
			tallies[key] = tl
		}
		nowFunc = time.Now
		if rn, _ := blk.val("recorded_now").(string); rn != "" {
			at, _ := time.Parse(time.RFC3339Nano, rn)
			nowFunc = func() time.Time { return at }
		}
		rawArgs, argsOK := corpusValue(blk.val("args"))
		id := blk.val("id").(float64)
		record := func(ok bool, what string, in any) {
			if ok {
				tl.pass++
				return
			}
			tl.fail++
			tl.fails = append(tl.fails, fmt.Sprintf("#%v %s %s(%q, %s)", id, what, name, in, EncodeJSON(blk.val("args"))))
		}
		if kind == "sanitizer" {
			expect := blk.val("expect").(*Object)
			if !argsOK {
				tl.skip += expect.Len()
				continue
			}
			var f SanitizerFunc
			var err error
			if name == "isStrongPassword" {
				f, err = strongPasswordScore(rawArgs.([]any)...)
			} else {
				f, err = CompileSanitizer(name, rawArgs.([]any)...)
			}
			for _, in := range expect.keys {
				want, _ := corpusValue(expect.val(in))
				if err != nil {
					record(false, "compile error "+err.Error(), in)
					continue
				}
				got := f(in)
				record(sameJS(got, want), fmt.Sprintf("got %s want %s", EncodeJSON(got), EncodeJSON(want)), in)
			}
			continue
		}
		lists := []struct {
			field string
			want  string
		}{{"valid", "valid"}, {"invalid", "invalid"}, {"error", "error"}}
		var f Func
		var cerr error
		if argsOK {
			f, cerr = Compile(name, rawArgs.([]any)...)
		}
		for _, l := range lists {
			for _, raw := range blk.val(l.field).([]any) {
				in, isString := raw.(string)
				if !argsOK || !isString {
					tl.skip++ // non-string input or JS-only argument: not expressible in the typed API
					continue
				}
				switch {
				case l.want == "error":
					record(cerr != nil, "want a compile error", in)
				case cerr != nil:
					record(false, "compile error "+cerr.Error(), in)
				default:
					got := f(in)
					record(got == (l.want == "valid"), "want "+l.want, in)
				}
			}
		}
	}
	names := sortedKeys(tallies)
	var pass, fail, skip int
	var lines []string
	for _, n := range names {
		tl := tallies[n]
		pass += tl.pass
		fail += tl.fail
		skip += tl.skip
		lines = append(lines, fmt.Sprintf("%-26s %5d/%-5d skip %d", n, tl.pass, tl.pass+tl.fail, tl.skip))
	}
	sort.SliceStable(lines, func(i, j int) bool { return false })
	t.Logf("validator.js corpus, per rule (pass/checked):\n%s", strings.Join(lines, "\n"))
	rate := float64(pass) / float64(pass+fail)
	t.Logf("TOTAL %d/%d agree (%.2f%%), %d skipped", pass, pass+fail, 100*rate, skip)
	if os.Getenv("EDGEGUARD_CORPUS_VERBOSE") != "" {
		for _, n := range names {
			for _, f := range tallies[n].fails {
				t.Log(f)
			}
		}
	}
	if rate < corpusFloor {
		t.Errorf("agreement %.4f fell below the floor %.4f", rate, corpusFloor)
	}
}

// sameJS compares a sanitizer result with the corpus's expectation as
// upstream does: NaN equals NaN, otherwise strict equality.
func sameJS(got, want any) bool {
	gf, gok := got.(float64)
	wf, wok := want.(float64)
	if gok && wok {
		if math.IsNaN(wf) {
			return math.IsNaN(gf)
		}
		return gf == wf
	}
	if gd, ok := got.(time.Time); ok {
		wd, ok := want.(time.Time)
		return ok && gd.Equal(wd)
	}
	return got == want
}

// val is Get without the presence flag, for reading recorded documents.
func (o *Object) val(k string) any {
	v, _ := o.Get(k)
	return v
}

// TestAnyLocaleFilter checks that the 'any' locale's shortcuts (length
// bounds, first byte) never change a verdict: on every input of validator.js's
// suite for the locale-table validators, isAnyOf agrees with running every
// pattern.
func TestAnyLocaleFilter(t *testing.T) {
	data, err := os.ReadFile(corpusPath(t, "validatorjs/vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]struct {
		any anyTable
		all map[string]matcher
	}{
		"isMobilePhone":  {mobilePhonesAny, mobilePhones()},
		"isPostalCode":   {postalCodesAny, postalCodes()},
		"isLicensePlate": {licensePlatesAny, licensePlates()},
	}
	checked, accepted := 0, 0
	for _, b := range doc.([]any) {
		blk := b.(*Object)
		tb, ok := tables[blk.val("name").(string)]
		if !ok {
			continue
		}
		for _, list := range []string{"valid", "invalid"} {
			for _, raw := range blk.val(list).([]any) {
				in, isString := raw.(string)
				if !isString {
					continue
				}
				brute := false
				for _, m := range tb.all {
					brute = brute || m.MatchString(in)
				}
				if got := isAnyOf(tb.any, in); got != brute {
					t.Errorf("%s any %q = %v, every pattern says %v", blk.val("name"), in, got, brute)
				}
				checked++
				if brute {
					accepted++
				}
			}
		}
	}
	if checked < 1000 || accepted < 500 {
		t.Fatalf("only %d inputs (%d accepted): the corpus changed shape", checked, accepted)
	}
	t.Logf("%d inputs, %d accepted by some locale", checked, accepted)
}
