package jsontext

import "testing"

func TestString(t *testing.T) {
	for _, tc := range []struct {
		in     string
		strict bool
		want   string
		why    Reason
		at     int // Pos after the call
	}{
		{`"abc"`, true, "abc", None, 5},
		{`"a\"\\\/\b\f\n\r\t"`, false, "a\"\\/\b\f\n\r\t", None, 19},
		{`"\u00e9\ud83d\ude00"`, true, "é😀", None, 20},
		{"\"\xff\"", false, "\uFFFD", None, 3},
		{"\"\xff\"", true, "", InvalidUTF8, 1},
		{"\"a\\n\xff\"", true, "", InvalidUTF8, 4},
		{`"\ud800x"`, false, "\uFFFDx", None, 9},
		{`"\ud800\u0041"`, false, "\uFFFDA", None, 14},
		{`"\ud800\u0041"`, true, "", LoneSurrogate, 13},
		{`"\udc00"`, true, "", LoneSurrogate, 7},
		{`"\ud800\u12"`, false, "", BadUnicodeEscape, 9},
		{`"\u12"`, true, "", BadUnicodeEscape, 3},
		{`"\q"`, false, "", BadEscape, 3},
		{"\"a\x01\"", true, "", ControlChar, 2},
		{`"a\`, false, "", UnterminatedEscape, 2},
		{`"abc`, true, "", UnterminatedString, 4},
	} {
		s := Scanner{Data: []byte(tc.in), Strict: tc.strict}
		got, why := s.String()
		if got != tc.want || why != tc.why || s.Pos != tc.at {
			t.Errorf("String(%q, strict %v) = %q, %d at %d; want %q, %d at %d", tc.in, tc.strict, got, why, s.Pos, tc.want, tc.why, tc.at)
		}
	}
}

func TestStringSubstringOfText(t *testing.T) {
	in := `"abc"`
	s := Scanner{Data: []byte(in), Text: in}
	if got, why := s.String(); got != "abc" || why != None {
		t.Fatalf("got %q, %d", got, why)
	}
}

func TestNumberAndLiteral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		why  Reason
	}{
		{"0", "0", None},
		{"-12.50e+3,", "-12.50e+3", None},
		{"01", "0", None}, // the parser then finds the stray digit
		{"-", "", BadNumber},
		{"1.", "", NoFractionDigits},
		{"1e", "", NoExponentDigits},
		{"1E-", "", NoExponentDigits},
	} {
		s := Scanner{Data: []byte(tc.in)}
		got, why := s.Number()
		if string(got) != tc.want || why != tc.why {
			t.Errorf("Number(%q) = %q, %d; want %q, %d", tc.in, got, why, tc.want, tc.why)
		}
	}
	s := Scanner{Data: []byte(" \t\r\ntrue nul")}
	s.SkipSpace()
	if why := s.Literal("true"); why != None || s.Pos != 8 {
		t.Fatalf("true: %d at %d", why, s.Pos)
	}
	s.SkipSpace()
	if why := s.Literal("null"); why != BadLiteral {
		t.Fatalf("nul accepted as null")
	}
}

// TestContainers walks {"a" : [1 , 2] } with the step methods, then checks
// each structural refusal.
func TestContainers(t *testing.T) {
	s := Scanner{Data: []byte(`{"a" : [1 , 2] }`)}
	if !s.OpenObject() {
		t.Fatal("object reported empty")
	}
	name, at, why := s.Name()
	if name != "a" || at != 1 || why != None || s.Colon() != None || !s.OpenArray() {
		t.Fatalf("name %q at %d, %d; Pos %d", name, at, why, s.Pos)
	}
	var got []string
	for more := true; more; {
		num, why := s.Number()
		if why != None {
			t.Fatalf("number: %d at %d", why, s.Pos)
		}
		got = append(got, string(num))
		if more, why = s.NextElement(); why != None {
			t.Fatalf("element: %d at %d", why, s.Pos)
		}
	}
	if more, why := s.NextMember(); more || why != None || s.Pos != len(s.Data) || len(got) != 2 || got[1] != "2" {
		t.Fatalf("end: %v %d at %d, elements %q", more, why, s.Pos, got)
	}
	for _, e := range []struct {
		s     Scanner
		empty bool
	}{
		{Scanner{Data: []byte(`{ }`)}, true}, {Scanner{Data: []byte(`[ ]`)}, true},
	} {
		s := e.s
		if (s.Data[0] == '{' && s.OpenObject()) || (s.Data[0] == '[' && s.OpenArray()) || s.Pos != 3 {
			t.Errorf("%s not empty", s.Data)
		}
	}
	for _, tc := range []struct {
		in   string
		step func(*Scanner) Reason
		want Reason
	}{
		{`1`, func(s *Scanner) Reason { _, _, w := s.Name(); return w }, ExpectedName},
		{` "a" 1`, func(s *Scanner) Reason { s.Name(); return s.Colon() }, ExpectedColon},
		{` `, func(s *Scanner) Reason { _, w := s.NextMember(); return w }, EndInObject},
		{` ]`, func(s *Scanner) Reason { _, w := s.NextMember(); return w }, ExpectedCommaOrBrace},
		{``, func(s *Scanner) Reason { _, w := s.NextElement(); return w }, EndInArray},
		{` }`, func(s *Scanner) Reason { _, w := s.NextElement(); return w }, ExpectedCommaOrBracket},
	} {
		s := Scanner{Data: []byte(tc.in)}
		if got := tc.step(&s); got != tc.want {
			t.Errorf("%q: reason %d, want %d", tc.in, got, tc.want)
		}
	}
}
