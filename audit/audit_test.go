package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// secrets appear in the events below and must never appear in a record.
var secrets = []string{
	"hunter2-correct-horse",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz",
	"dXNlcjpzM2NyZXRwYXNzd29yZA==",
	"s%3Asession-id-123456.sig",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.00112233445566778899aabbccddeeff",
	"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	"$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
	"sk_live_abcdefghijklmnop",
	"reset-code-998877",
}

func TestSecretsNeverAppear(t *testing.T) {
	e := Event{
		Name:        "authn_login_fail",
		Description: "login failed with Authorization: Bearer " + secrets[1] + " and Basic " + secrets[2],
		UserID:      "alice",
		UserAgent:   "curl/8 " + secrets[1],
		RequestURI:  "/login?user=alice&password=" + secrets[0] + "&reset_token=" + secrets[8],
		Fields: map[string]any{
			"password":      secrets[0],
			"Authorization": "Bearer " + secrets[1],
			"cookie":        "connect.sid=" + secrets[3],
			"session_id":    secrets[3],
			"csrf_token":    secrets[4],
			"note":          "stored hash " + secrets[5] + " legacy " + secrets[6] + " csrf " + secrets[4],
			"headers":       map[string]any{"X-Api-Key": secrets[7], "accept": "text/html"},
			"attempts":      []any{map[string]any{"pwd": secrets[0]}},
			"pin":           1234,
			"otp_code":      998877,
		},
	}
	b, err := e.JSON("shop", t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("secret %q in record %s", s, b)
		}
	}
	if bytes.Contains(b, []byte("998877")) {
		t.Errorf("numeric OTP in record %s", b)
	}
	var r map[string]any
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	f := r["fields"].(map[string]any)
	if sid := f["session_id"].(string); !strings.HasPrefix(sid, "sha256:") || len(sid) != 7+16 {
		t.Errorf("session id not hashed: %q", sid)
	}
	if f["headers"].(map[string]any)["accept"] != "text/html" || r["userid"] != "alice" {
		t.Errorf("non-secret values must survive: %s", b)
	}
	if r["request_uri"] != "/login?user=alice&password=[REDACTED]&reset_token=[REDACTED]" {
		t.Errorf("request_uri %v", r["request_uri"])
	}
}

func TestLogInjectionStaysOnOneLine(t *testing.T) {
	var buf bytes.Buffer
	l := NewLogger(&buf, "shop", func() time.Time { return t0 })
	attacks := []string{
		"alice\r\n{\"event\":\"authn_login_success\",\"userid\":\"admin\"}",
		"alice\n2026-11-26 INFO admin logged in",
		"\x1b[2J\x1b[1;31mFAKE ALERT\x1b[0m",
		"bob\u2028\u2029carol",
		"mallory\u202egnp.exe",
		"trudy\x00\x7f\u0085",
		"user:admin,role:root", // OWASP event-string delimiters
		string([]byte{0xff, 0xfe, 'x'}),
	}
	for _, a := range attacks {
		if err := l.Log(Event{Name: "input_validation_fail", UserID: a, UserAgent: a, Description: a, Fields: map[string]any{"value": a, a: "k"}}); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(attacks) {
		t.Fatalf("%d attacks gave %d lines:\n%s", len(attacks), len(lines), buf.String())
	}
	for i, line := range lines {
		for _, bad := range []string{"\r", "\x1b", "\u2028", "\u2029", "\u202e", "\x00", "\x7f", "\u0085", "\xff"} {
			if strings.Contains(line, bad) {
				t.Errorf("line %d contains %q: %s", i, bad, line)
			}
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Errorf("line %d is not JSON: %v", i, err)
		}
		// The event name is ours, never the attacker's.
		if r["event"] != "input_validation_fail" {
			t.Errorf("line %d: event %v", i, r["event"])
		}
	}
	// The escaped form is visible text.
	if !strings.Contains(lines[2], `\\u001b[2J`) {
		t.Errorf("ESC not shown as text: %s", lines[2])
	}
}

func TestRecordShape(t *testing.T) {
	b, err := Event{Name: "malicious_csrf", Reason: "cross_origin_sec_fetch_site", RequestID: "req-1",
		SourceIP: "203.0.113.9", RequestMethod: "POST", RequestURI: "/transfer", Host: "bank.example"}.JSON("bank", t0)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"datetime":"2026-11-26T18:00:00Z","appid":"bank","event":"malicious_csrf","level":"WARN","reason":"cross_origin_sec_fetch_site","request_id":"req-1","source_ip":"203.0.113.9","request_method":"POST","request_uri":"/transfer","hostname":"bank.example"}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	for _, c := range []Event{
		{Name: ""},
		{Name: "Authn_Fail"},
		{Name: "authn_login_fail:joe"},
		{Name: "custom_event"},
		{Name: "authz_fail", Level: "DEBUG"},
	} {
		if _, err := c.JSON("", t0); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if b, err := (Event{Name: "custom_event", Level: LevelInfo}).JSON("", t0); err != nil || !bytes.Contains(b, []byte(`"level":"INFO"`)) {
		t.Errorf("custom event with level: %s %v", b, err)
	}
}

func TestCleanCapsLength(t *testing.T) {
	s := Clean(strings.Repeat("é", 2000))
	if len(s) > MaxValueLen+len("…[truncated]")+4 || !strings.HasSuffix(s, "…[truncated]") {
		t.Fatalf("len %d, suffix %q", len(s), s[len(s)-20:])
	}
	if Clean("plain text") != "plain text" {
		t.Fatal("clean text changed")
	}
	b, _ := Event{Name: "authz_fail", Fields: map[string]any{"big": strings.Repeat("x", 1<<20), "obj": struct{ S string }{"secret"}}}.JSON("", t0)
	if len(b) > 2*MaxValueLen || bytes.Contains(b, []byte("secret")) {
		t.Fatalf("record of %d bytes: %.200s", len(b), b)
	}
}

func BenchmarkRecord(b *testing.B) {
	e := Event{Name: "input_validation_fail", UserID: "alice", RequestURI: "/search?q=shoes", Fields: map[string]any{"field": "email", "value": "not-an-email"}}
	for b.Loop() {
		e.JSON("shop", t0)
	}
}
