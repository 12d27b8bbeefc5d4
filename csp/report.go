package csp

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// ViolationEvent is a CSP violation report turned into a security event
// (OWASP logging vocabulary: malicious_csp_violation, level WARN). URLs have
// their query and fragment removed, since they can carry tokens and personal
// data; text fields have control characters removed and are capped, since
// every field comes from the (untrusted) browser that sent the report.
type ViolationEvent struct {
	Event              string `json:"event"`
	Level              string `json:"level"`
	Format             string `json:"format"` // "report-uri" or "reporting-api"
	DocumentURL        string `json:"document_url"`
	Referrer           string `json:"referrer,omitempty"`
	BlockedURL         string `json:"blocked_url"`
	EffectiveDirective string `json:"effective_directive"`
	ViolatedDirective  string `json:"violated_directive,omitempty"`
	Disposition        string `json:"disposition"`
	SourceFile         string `json:"source_file,omitempty"`
	Line               int64  `json:"line,omitempty"`
	Column             int64  `json:"column,omitempty"`
	StatusCode         int64  `json:"status_code,omitempty"`
	Sample             string `json:"sample,omitempty"`
	OriginalPolicy     string `json:"original_policy,omitempty"`
	UserAgent          string `json:"user_agent,omitempty"`
}

// Reports is the result of ParseReports: the CSP violations, and how many
// reports of other types (deprecation, COEP, …) a Reporting API batch held.
type Reports struct {
	Events  []ViolationEvent `json:"events"`
	Ignored int              `json:"ignored"`
}

// Limits on what one body may contain.
const (
	maxReportsPerBody = 100
	maxFieldLength    = 2048
	maxSampleLength   = 40 // browsers send at most 40 characters of sample
	maxPolicyLength   = 8192
)

// ParseReports parses the body of a violation report request: either the
// report-uri form ({"csp-report": {...}}, application/csp-report) or the
// Reporting API form ([{"type": "csp-violation", "body": {...}}, ...],
// application/reports+json). Anything else is a bad_report error.
func ParseReports(body []byte) (*Reports, error) {
	body = bytes.TrimSpace(body)
	out := &Reports{Events: []ViolationEvent{}}
	switch {
	case len(body) > 0 && body[0] == '{':
		var legacy struct {
			Report map[string]any `json:"csp-report"`
		}
		if err := json.Unmarshal(body, &legacy); err != nil || legacy.Report == nil {
			return nil, &Error{CodeBadReport, `report body is an object without a "csp-report" member`}
		}
		out.Events = append(out.Events, legacyEvent(legacy.Report))
	case len(body) > 0 && body[0] == '[':
		var batch []struct {
			Type      string         `json:"type"`
			URL       string         `json:"url"`
			UserAgent string         `json:"user_agent"`
			Body      map[string]any `json:"body"`
		}
		if err := json.Unmarshal(body, &batch); err != nil {
			return nil, &Error{CodeBadReport, "Reporting API body is not an array of reports: " + err.Error()}
		}
		if len(batch) > maxReportsPerBody {
			return nil, &Error{CodeBadReport, "Reporting API body holds " + strconv.Itoa(len(batch)) + " reports, limit 100"}
		}
		for _, r := range batch {
			if r.Type != "csp-violation" || r.Body == nil {
				out.Ignored++
				continue
			}
			ev := reportingEvent(r.Body)
			if ev.DocumentURL == "" {
				ev.DocumentURL = cleanURL(r.URL)
			}
			ev.UserAgent = cleanText(r.UserAgent, maxFieldLength)
			out.Events = append(out.Events, ev)
		}
	default:
		return nil, &Error{CodeBadReport, "report body is neither a csp-report object nor a Reporting API array"}
	}
	return out, nil
}

func newEvent(format string) ViolationEvent {
	return ViolationEvent{Event: "malicious_csp_violation", Level: "WARN", Format: format}
}

// legacyEvent reads the report-uri body (kebab-case member names).
func legacyEvent(r map[string]any) ViolationEvent {
	ev := newEvent("report-uri")
	ev.DocumentURL = cleanURL(text(r["document-uri"]))
	ev.Referrer = cleanURL(text(r["referrer"]))
	ev.BlockedURL = cleanURL(text(r["blocked-uri"]))
	ev.ViolatedDirective = cleanText(text(r["violated-directive"]), maxFieldLength)
	ev.EffectiveDirective = cleanText(text(r["effective-directive"]), maxFieldLength)
	if ev.EffectiveDirective == "" {
		// Old browsers send only violated-directive ("script-src 'self'").
		ev.EffectiveDirective, _, _ = strings.Cut(ev.ViolatedDirective, " ")
	}
	ev.Disposition = disposition(text(r["disposition"]))
	ev.SourceFile = cleanURL(text(r["source-file"]))
	ev.Line, ev.Column, ev.StatusCode = number(r["line-number"]), number(r["column-number"]), number(r["status-code"])
	ev.Sample = cleanText(text(r["script-sample"]), maxSampleLength)
	ev.OriginalPolicy = cleanText(text(r["original-policy"]), maxPolicyLength)
	return ev
}

// reportingEvent reads a Reporting API csp-violation body (camelCase).
func reportingEvent(b map[string]any) ViolationEvent {
	ev := newEvent("reporting-api")
	ev.DocumentURL = cleanURL(text(b["documentURL"]))
	ev.Referrer = cleanURL(text(b["referrer"]))
	ev.BlockedURL = cleanURL(text(b["blockedURL"]))
	ev.EffectiveDirective = cleanText(text(b["effectiveDirective"]), maxFieldLength)
	ev.Disposition = disposition(text(b["disposition"]))
	ev.SourceFile = cleanURL(text(b["sourceFile"]))
	ev.Line, ev.Column, ev.StatusCode = number(b["lineNumber"]), number(b["columnNumber"]), number(b["statusCode"])
	ev.Sample = cleanText(text(b["sample"]), maxSampleLength)
	ev.OriginalPolicy = cleanText(text(b["originalPolicy"]), maxPolicyLength)
	return ev
}

func disposition(s string) string {
	if s == "report" {
		return "report"
	}
	return "enforce"
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

func number(v any) int64 {
	switch n := v.(type) {
	case float64:
		if n >= 0 && n < 1<<53 {
			return int64(n)
		}
	case string:
		i, _ := strconv.ParseInt(n, 10, 64)
		return max(i, 0)
	}
	return 0
}

// cleanURL drops the query and fragment of a URL (they can hold secrets),
// then applies cleanText. Keywords browsers put in blocked-uri ("inline",
// "eval", "wasm-eval", "trusted-types-sink"…) pass unchanged.
func cleanURL(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	return cleanText(s, maxFieldLength)
}

// cleanText removes control characters (log injection, CWE-117) and caps
// the length in runes.
func cleanText(s string, limit int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			continue
		}
		if n == limit {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
