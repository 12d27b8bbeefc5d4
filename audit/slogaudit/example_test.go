package slogaudit_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/audit/slogaudit"
)

func Example() {
	// Drop the time so that the output is stable.
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	logger := slog.New(slogaudit.NewHandler(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})))

	// Ordinary logging, sanitised and redacted on the way through.
	logger.Info("login\nforged line", "user", "alice", "password", "hunter2")

	// A security event.
	slogaudit.Log(context.Background(), logger, "shop", audit.Event{Name: "authz_fail", UserID: "alice", Reason: "insufficient_scope"})
	// Output:
	// {"level":"INFO","msg":"login\\u000aforged line","user":"alice","password":"[REDACTED]"}
	// {"level":"ERROR+4","msg":"authz_fail","owasp_level":"CRITICAL","appid":"shop","reason":"insufficient_scope","userid":"alice"}
}
