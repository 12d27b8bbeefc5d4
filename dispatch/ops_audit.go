package dispatch

import (
	"time"

	"github.com/edgeguard/edgeguard/audit"
)

func init() {
	Register("audit", `OWASP-vocabulary security events as safe JSON lines; configuration: {"app_id"?} (docs/practices.md)`,
		compileAudit,
		map[string]TypedOp[auditKind]{
			"event": {Doc: `event object in ({"event","level"?,"datetime"?,"description"?,"reason"?,"request_id"?,"userid"?,…,"fields"?}); the sanitised, redacted JSON line out`,
				In: JSON, Out: JSON, Run: auditEvent},
			"redact": {Doc: "text in; the text with credentials redacted and control characters made visible out",
				In: Text, Out: Text, Run: func(_ auditKind, in []byte) ([]byte, error) {
					return []byte(audit.Clean(audit.RedactValue(string(in)))), nil
				}},
		})
}

type auditKind struct{ appID string }

func compileAudit(config []byte) (auditKind, error) {
	var cfg struct {
		AppID string `json:"app_id"`
	}
	if err := strictDecode(CodeBadConfig, "audit", config, &cfg); err != nil {
		return auditKind{}, err
	}
	return auditKind{appID: cfg.AppID}, nil
}

func auditEvent(k auditKind, in []byte) ([]byte, error) {
	var req struct {
		Event         string         `json:"event"`
		Level         string         `json:"level"`
		Datetime      string         `json:"datetime"`
		Description   string         `json:"description"`
		Reason        string         `json:"reason"`
		RequestID     string         `json:"request_id"`
		UserID        string         `json:"userid"`
		SourceIP      string         `json:"source_ip"`
		UserAgent     string         `json:"useragent"`
		RequestMethod string         `json:"request_method"`
		RequestURI    string         `json:"request_uri"`
		Hostname      string         `json:"hostname"`
		Fields        map[string]any `json:"fields"`
	}
	if err := strictDecode(CodeBadRequest, "event", in, &req); err != nil {
		return nil, err
	}
	// Without a datetime the module's clock is used; give one for
	// deterministic output.
	t := time.Now()
	if req.Datetime != "" {
		var err error
		if t, err = time.Parse(time.RFC3339Nano, req.Datetime); err != nil {
			return nil, Errorf(CodeBadRequest, "event: datetime must be RFC 3339")
		}
	}
	return audit.Event{Name: req.Event, Level: req.Level, Description: req.Description, Reason: req.Reason,
		RequestID: req.RequestID, UserID: req.UserID, SourceIP: req.SourceIP, UserAgent: req.UserAgent,
		RequestMethod: req.RequestMethod, RequestURI: req.RequestURI, Host: req.Hostname, Time: t,
		Fields: req.Fields}.JSON(k.appID, t)
}
