package slogaudit

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/edgeguard/edgeguard/audit"
)

func TestLogEvent(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, nil))
	Log(context.Background(), l, "shop", audit.Event{Name: "authz_fail", UserID: "eve\nadmin", Reason: "insufficient_scope",
		Fields: map[string]any{"token": "abc.def.ghi", "resource": "/admin"}})
	out := buf.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, `"level":"ERROR+4"`) || !strings.Contains(out, `"msg":"authz_fail"`) ||
		!strings.Contains(out, `"owasp_level":"CRITICAL"`) || strings.Contains(out, "abc.def.ghi") || !strings.Contains(out, `"resource":"/admin"`) {
		t.Fatalf("record: %s", out)
	}
	buf.Reset()
	Log(context.Background(), l, "shop", audit.Event{Name: "Bad Name"})
	if !strings.Contains(buf.String(), `"msg":"audit_error"`) {
		t.Fatalf("invalid event: %s", buf.String())
	}
}

func TestHandlerSanitizesEverything(t *testing.T) {
	for _, mk := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		l := slog.New(NewHandler(mk(&buf))).With("password", "hunter2hunter2").WithGroup("req")
		l.Info("login\r\nFAKE line for Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
			"user", "bob\x1b[31m", "sid", "sess-secret-1",
			slog.Group("headers", "authorization", "Basic dXNlcjpwYXNzd29yZA==", "accept", "*/*"),
			"err", errors.New("db password=topsecret1 rejected\n"), "n", 3)
		out := buf.String()
		for _, secret := range []string{"hunter2hunter2", "eyJzdWIiOiJ4In0", "sess-secret-1", "dXNlcjpwYXNzd29yZA", "topsecret1", "\x1b", "\r"} {
			if strings.Contains(out, secret) {
				t.Errorf("%q in output %s", secret, out)
			}
		}
		if strings.Count(out, "\n") != 1 || !strings.Contains(out, "*/*") || !strings.Contains(out, "3") {
			t.Errorf("output %s", out)
		}
	}
}
