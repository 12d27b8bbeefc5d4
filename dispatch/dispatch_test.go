package dispatch

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type codedErr struct{ code string }

func (e codedErr) Error() string { return "coded " + e.code }
func (e codedErr) Code() string  { return e.code }
func (e codedErr) Detail() any   { return map[string]int{"n": 1} }

// The test kind exercises the table without depending on any practice.
func init() {
	Register("test", "table tests only",
		func(config []byte) (string, error) {
			var s string
			if err := json.Unmarshal(config, &s); err != nil {
				return "", codedErr{"bad_config"}
			}
			if s == "panic" {
				panic("compile blew up")
			}
			return s, nil
		},
		map[string]TypedOp[string]{
			"upper": {In: Text, Out: Text, Run: func(s string, in []byte) ([]byte, error) {
				return []byte(strings.ToUpper(s + string(in))), nil
			}},
			"json":  {In: JSON, Out: JSON, Run: func(s string, in []byte) ([]byte, error) { return json.Marshal(s) }},
			"fail":  {In: Text, Out: Text, Run: func(string, []byte) ([]byte, error) { return nil, codedErr{"nope"} }},
			"plain": {In: Text, Out: Text, Run: func(string, []byte) ([]byte, error) { return nil, errors.New("plain") }},
			"panic": {In: Text, Out: Text, Run: func(string, []byte) ([]byte, error) { panic("op blew up") }},
		})
}

func code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return fmt.Sprintf("not an *Error: %v", err)
}

func TestTable(t *testing.T) {
	tb := NewTable()
	h, err := tb.Open("test", []byte(`"ab"`))
	if err != nil || h == ModuleHandle {
		t.Fatalf("Open = %d, %v", h, err)
	}
	out, f, err := tb.Call(h, "upper", []byte("c"))
	if err != nil || string(out) != "ABC" || f != Text {
		t.Fatalf("upper = %q %v %v", out, f, err)
	}
	if out, f, _ := tb.Call(h, "json", nil); string(out) != `"ab"` || f != JSON {
		t.Fatalf("json = %q %v", out, f)
	}
	for _, c := range []struct {
		h    uint32
		op   string
		in   string
		want string
	}{
		{h, "nope", "", CodeUnknownOp},
		{h, "upper", "\xff", CodeInvalidUTF8},
		{h, "json", "\"\xff\"", CodeInvalidUTF8},
		{h, "fail", "", "nope"},
		{h, "plain", "", CodeBadRequest},
		{h, "panic", "", CodeInternal},
		{h + 1, "upper", "", CodeBadHandle},
		{ModuleHandle, "nope", "", CodeUnknownOp},
	} {
		if _, _, err := tb.Call(c.h, c.op, []byte(c.in)); code(err) != c.want {
			t.Errorf("Call(%d, %q, %q) = %v, want %s", c.h, c.op, c.in, err, c.want)
		}
	}
	// A panic leaves the table usable.
	if out, _, err := tb.Call(h, "upper", nil); err != nil || string(out) != "AB" {
		t.Fatalf("after panic: %q %v", out, err)
	}
	if err := tb.Close(h); err != nil {
		t.Fatal(err)
	}
	if code(tb.Close(h)) != CodeBadHandle {
		t.Error("double Close accepted")
	}
	if _, _, err := tb.Call(h, "upper", nil); code(err) != CodeBadHandle {
		t.Errorf("call on closed handle: %v", err)
	}
	// Handles are never reused.
	h2, _ := tb.Open("test", []byte(`"x"`))
	if h2 <= h {
		t.Errorf("reopened handle %d <= closed %d", h2, h)
	}
}

func TestOpenErrors(t *testing.T) {
	tb := NewTableWithLimits(Limits{MaxConfig: 16, MaxHandles: 2})
	for _, c := range []struct{ kind, cfg, want string }{
		{"nope", `""`, CodeUnknownKind},
		{"test", `{`, CodeBadConfig},
		{"test", `"` + strings.Repeat("a", 20) + `"`, CodeTooLarge},
		{"test", "\"\xff\"", CodeInvalidUTF8},
		{"test", `"panic"`, CodeInternal},
	} {
		if _, err := tb.Open(c.kind, []byte(c.cfg)); code(err) != c.want {
			t.Errorf("Open(%q, %q) = %v, want %s", c.kind, c.cfg, err, c.want)
		}
	}
	tb.Open("test", []byte(`"a"`))
	tb.Open("test", []byte(`"b"`))
	if _, err := tb.Open("test", []byte(`"c"`)); code(err) != CodeTooManyHandles {
		t.Errorf("third handle over a limit of 2: %v", err)
	}
	if tb.Len() != 2 {
		t.Errorf("Len = %d", tb.Len())
	}
}

func TestInputLimit(t *testing.T) {
	tb := NewTableWithLimits(Limits{MaxInput: 4})
	if _, _, err := tb.Call(ModuleHandle, "echo", []byte("12345")); code(err) != CodeTooLarge {
		t.Errorf("5 bytes over a limit of 4: %v", err)
	}
	if out, _, err := tb.Call(ModuleHandle, "echo", []byte("1234")); err != nil || string(out) != "1234" {
		t.Errorf("at the limit: %q %v", out, err)
	}
}

func TestUnknownOpListsOps(t *testing.T) {
	tb := NewTable()
	h, _ := tb.Open("test", []byte(`""`))
	_, _, err := tb.Call(h, "nope", nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(e)
	if !strings.Contains(string(doc), `"ops":["fail","json","panic","plain","upper"]`) {
		t.Errorf("detail does not list the kind's ops in order: %s", doc)
	}
}

func TestAsError(t *testing.T) {
	e := AsError(fmt.Errorf("wrapped: %w", codedErr{"x"}), "fallback")
	if e.Code != "x" || e.Detail == nil {
		t.Errorf("coded error lost its code or detail: %+v", e)
	}
	if e := AsError(errors.New("plain"), "fallback"); e.Code != "fallback" || e.Message != "plain" {
		t.Errorf("plain error: %+v", e)
	}
	if AsError(nil, "x") != nil {
		t.Error("nil error became non-nil")
	}
	// The JSON form is part of the ABI: field order is fixed.
	doc, _ := json.Marshal(&Error{Code: "c", Message: "m"})
	if string(doc) != `{"code":"c","message":"m"}` {
		t.Errorf("error JSON = %s", doc)
	}
}

func TestKindsAreListed(t *testing.T) {
	out, f, err := NewTable().Call(ModuleHandle, "kinds", nil)
	if err != nil || f != JSON {
		t.Fatal(err)
	}
	var kinds []struct{ Name string }
	if err := json.Unmarshal(out, &kinds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range kinds {
		names = append(names, k.Name)
	}
	if !strings.Contains(strings.Join(names, ","), "sanitize") || !strings.Contains(strings.Join(names, ","), "test") {
		t.Errorf("kinds = %v", names)
	}
}

func TestRegisterDuplicatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("duplicate kind registered silently")
		}
	}()
	Register("test", "", func([]byte) (int, error) { return 0, nil }, nil)
}
