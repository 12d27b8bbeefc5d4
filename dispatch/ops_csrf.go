package dispatch

import (
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/csrf"
)

func init() {
	Register("csrf", `Fetch Metadata/Origin CSRF protection (Go's CrossOriginProtection); configuration: {"trusted_origins"?,"bypass_patterns"?,"log_only"?} (docs/practices.md)`,
		compileCSRF,
		map[string]TypedOp[*csrf.Protection]{
			"check": {Doc: `{"method","host","path","sec_fetch_site"?,"origin"?,"request_id"?,"now_ms"?} in; {"allowed","blocked","reason"?,"vary"?,"problem"?,"event"?} out`,
				In: JSON, Out: JSON, Run: checkCSRF},
		})
	Register("csrf_token", `signed double-submit CSRF tokens (csrf-csrf 4 format); configuration: {"secrets","size"?,"cookie"?} (docs/practices.md)`,
		compileCSRFTokens,
		map[string]TypedOp[*csrf.Tokens]{
			"generate": {Doc: `{"session_id","random_hex"?} in; {"token","set_cookie"} out (random_hex only for test vectors)`,
				In: JSON, Out: JSON, Run: generateCSRFToken},
			"verify": {Doc: `{"session_id","cookie_token","request_token","request_id"?,"now_ms"?} in; {"ok":true} or {"ok":false,"code","problem","event"} out`,
				In: JSON, Out: JSON, Run: verifyCSRFToken},
		})
}

func compileCSRF(config []byte) (*csrf.Protection, error) {
	var cfg struct {
		TrustedOrigins []string `json:"trusted_origins"`
		BypassPatterns []string `json:"bypass_patterns"`
		LogOnly        bool     `json:"log_only"`
	}
	if err := strictDecode(CodeBadConfig, "csrf", config, &cfg); err != nil {
		return nil, err
	}
	return csrf.NewProtection(csrf.ProtectionConfig{TrustedOrigins: cfg.TrustedOrigins, BypassPatterns: cfg.BypassPatterns, LogOnly: cfg.LogOnly})
}

func checkCSRF(p *csrf.Protection, in []byte) ([]byte, error) {
	var req struct {
		csrf.Request
		RequestID string `json:"request_id"`
		NowMS     int64  `json:"now_ms"`
	}
	if err := strictDecode(CodeBadRequest, "check", in, &req); err != nil {
		return nil, err
	}
	v := p.Check(req.Request)
	out := struct {
		csrf.Verdict
		Problem *csrf.Problem   `json:"problem,omitempty"`
		Event   json.RawMessage `json:"event,omitempty"`
	}{Verdict: v}
	if !v.Allowed {
		out.Problem = csrf.NewProblem(v.Reason)
	}
	if v.Blocked {
		fields := map[string]any{"log_only": p.LogOnly()}
		if req.Origin != "" {
			fields["origin"] = req.Origin
		}
		if req.SecFetchSite != "" {
			fields["sec_fetch_site"] = req.SecFetchSite
		}
		ev, err := csrfEvent(v.Reason, req.RequestID, req.NowMS, req.Method, req.Path, req.Host, fields)
		if err != nil {
			return nil, err
		}
		out.Event = ev
	}
	return json.Marshal(out)
}

// csrfEvent is the malicious_csrf security event for a refusal. Its time is
// now_ms when given (deterministic output), else the clock.
func csrfEvent(reason, requestID string, nowMS int64, method, uri, host string, fields map[string]any) (json.RawMessage, error) {
	t := time.Now()
	if nowMS > 0 {
		t = time.UnixMilli(nowMS)
	}
	return audit.Event{Name: "malicious_csrf", Reason: reason, RequestID: requestID, RequestMethod: method,
		RequestURI: uri, Host: host, Time: t, Fields: fields}.JSON("", t)
}

func compileCSRFTokens(config []byte) (*csrf.Tokens, error) {
	var cfg struct {
		Secrets []string        `json:"secrets"`
		Size    int             `json:"size"`
		Cookie  json.RawMessage `json:"cookie"`
	}
	if err := strictDecode(CodeBadConfig, "csrf_token", config, &cfg); err != nil {
		return nil, err
	}
	var cookie csrf.Cookie
	if cfg.Cookie != nil {
		if err := strictDecode(CodeBadConfig, "csrf_token: cookie", cfg.Cookie, &cookie); err != nil {
			return nil, err
		}
	}
	return csrf.NewTokens(csrf.TokenConfig{Secrets: cfg.Secrets, Size: cfg.Size, Cookie: cookie})
}

func generateCSRFToken(t *csrf.Tokens, in []byte) ([]byte, error) {
	var req struct {
		SessionID string  `json:"session_id"`
		RandomHex *string `json:"random_hex"`
	}
	if err := strictDecode(CodeBadRequest, "generate", in, &req); err != nil {
		return nil, err
	}
	var tok string
	var err error
	if req.RandomHex != nil {
		rnd, herr := hex.DecodeString(*req.RandomHex)
		if herr != nil {
			return nil, Errorf(CodeBadRequest, "generate: random_hex is not hex")
		}
		tok, err = t.GenerateWith(req.SessionID, rnd)
	} else {
		tok, err = t.Generate(req.SessionID, nil)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Token     string `json:"token"`
		SetCookie string `json:"set_cookie"`
	}{tok, t.SetCookie(tok)})
}

func verifyCSRFToken(t *csrf.Tokens, in []byte) ([]byte, error) {
	var req struct {
		SessionID    string `json:"session_id"`
		CookieToken  string `json:"cookie_token"`
		RequestToken string `json:"request_token"`
		RequestID    string `json:"request_id"`
		NowMS        int64  `json:"now_ms"`
	}
	if err := strictDecode(CodeBadRequest, "verify", in, &req); err != nil {
		return nil, err
	}
	type result struct {
		OK      bool            `json:"ok"`
		Code    string          `json:"code,omitempty"`
		Problem *csrf.Problem   `json:"problem,omitempty"`
		Event   json.RawMessage `json:"event,omitempty"`
	}
	err := t.Verify(req.SessionID, req.CookieToken, req.RequestToken)
	if err == nil {
		return json.Marshal(result{OK: true})
	}
	c := AsError(err, CodeBadRequest).Code
	ev, evErr := csrfEvent(c, req.RequestID, req.NowMS, "", "", "", nil)
	if evErr != nil {
		return nil, evErr
	}
	return json.Marshal(result{Code: c, Problem: csrf.NewProblem(c), Event: ev})
}
