package audit_test

import (
	"os"
	"time"

	"github.com/edgeguard/edgeguard/audit"
)

func ExampleLogger() {
	clock := func() time.Time { return time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC) }
	l := audit.NewLogger(os.Stdout, "shop", clock)
	l.Log(audit.Event{
		Name:       "authn_login_fail",
		UserID:     "alice\r\nadmin logged in", // an injection attempt
		RequestID:  "req-7",
		RequestURI: "/login?next=/cart&token=abc123",
		Fields:     map[string]any{"password": "hunter2", "attempt": 3},
	})
	// Output:
	// {"datetime":"2026-11-26T18:00:00Z","appid":"shop","event":"authn_login_fail","level":"WARN","request_id":"req-7","userid":"alice\\u000d\\u000aadmin logged in","request_uri":"/login?next=/cart\u0026token=[REDACTED]","fields":{"attempt":3,"password":"[REDACTED]"}}
}
