package audit

import (
	"encoding/json"
	"io"
	"sort"
	"sync"
	"time"
)

// Event is one security event. Name is a vocabulary event name (see
// Vocabulary); Level defaults to the vocabulary's. Every other field is
// optional. The OWASP vocabulary writes arguments into the event string
// ("authn_login_fail:joe"); here they are separate fields, so that a
// user-controlled value can never smuggle a ':' or ',' into the event name.
type Event struct {
	Name          string
	Level         string
	Description   string
	Reason        string // the stable code of the refusal (csrf_token_invalid, signature, …)
	RequestID     string
	UserID        string
	SourceIP      string
	UserAgent     string
	RequestMethod string
	RequestURI    string
	Host          string
	Time          time.Time      // zero: the Logger's clock
	Fields        map[string]any // extra attributes: strings, numbers, booleans, and lists or maps of them
}

// Error is returned for an event that cannot be recorded as given.
type Error struct{ msg string }

func (e *Error) Error() string { return "audit: " + e.msg }

// Code returns the stable error code, bad_event.
func (e *Error) Code() string { return "bad_event" }

var reName = lazyRegexp(`^[a-z][a-z0-9_]{0,63}$`)

// Record is an event after validation, sanitising and redaction: every
// field is safe to log. Its JSON form (field order fixed by the struct) is
// the JSON line Logger writes.
type Record struct {
	Datetime      string         `json:"datetime"`
	AppID         string         `json:"appid,omitempty"`
	Event         string         `json:"event"`
	Level         string         `json:"level"`
	Description   string         `json:"description,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	RequestID     string         `json:"request_id,omitempty"`
	UserID        string         `json:"userid,omitempty"`
	SourceIP      string         `json:"source_ip,omitempty"`
	UserAgent     string         `json:"useragent,omitempty"`
	RequestMethod string         `json:"request_method,omitempty"`
	RequestURI    string         `json:"request_uri,omitempty"`
	Host          string         `json:"hostname,omitempty"`
	Fields        map[string]any `json:"fields,omitempty"` // sanitized extra attributes
}

// JSON validates e and returns its safe JSON form (one line, no trailing
// newline). appID names the application; now is used when e.Time is zero.
func (e Event) JSON(appID string, now time.Time) ([]byte, error) {
	r, err := e.Sanitize(appID, now)
	if err != nil {
		return nil, err
	}
	return json.Marshal(r)
}

// Sanitize validates e and returns its safe form.
func (e Event) Sanitize(appID string, now time.Time) (*Record, error) {
	if !reName().MatchString(e.Name) {
		return nil, &Error{"event name must match [a-z][a-z0-9_]{0,63}"}
	}
	level := e.Level
	if level == "" {
		level = Vocabulary[e.Name]
	}
	switch level {
	case LevelInfo, LevelWarn, LevelCritical:
	case "":
		return nil, &Error{"event " + e.Name + " is not in the vocabulary: give a level"}
	default:
		return nil, &Error{"level must be INFO, WARN or CRITICAL"}
	}
	t := e.Time
	if t.IsZero() {
		t = now
	}
	r := &Record{
		Datetime:      t.UTC().Format(time.RFC3339Nano),
		AppID:         Clean(appID),
		Event:         e.Name,
		Level:         level,
		Description:   Clean(RedactValue(e.Description)),
		Reason:        Clean(e.Reason),
		RequestID:     Clean(e.RequestID),
		UserID:        Clean(e.UserID),
		SourceIP:      Clean(e.SourceIP),
		UserAgent:     Clean(RedactValue(e.UserAgent)),
		RequestMethod: Clean(e.RequestMethod),
		RequestURI:    Clean(RedactValue(e.RequestURI)),
		Host:          Clean(e.Host),
	}
	if len(e.Fields) > 0 {
		r.Fields = make(map[string]any, len(e.Fields))
		keys := sortedKeys(e.Fields)
		for i, k := range keys {
			if i == maxFields {
				r.Fields["_truncated"] = len(keys) - maxFields
				break
			}
			r.Fields[Clean(k)] = cleanAny(k, e.Fields[k], 0)
		}
	}
	return r, nil
}

const (
	maxFields = 64
	maxDepth  = 4
)

// cleanAny sanitizes and redacts a field value of any JSON-like shape.
func cleanAny(name string, v any, depth int) any {
	if depth > maxDepth {
		return "[too deep]"
	}
	switch x := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, json.Number:
		if IsSensitiveName(name) {
			return Redacted
		}
		return x
	case string:
		return RedactField(name, x)
	case []any:
		n := min(len(x), maxFields)
		out := make([]any, n)
		for i := range n {
			out[i] = cleanAny(name, x[i], depth+1)
		}
		return out
	case []string:
		n := min(len(x), maxFields)
		out := make([]any, n)
		for i := range n {
			out[i] = RedactField(name, x[i])
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for _, k := range sortedKeys(x) {
			if len(out) == maxFields {
				break
			}
			out[Clean(k)] = cleanAny(k, x[k], depth+1)
		}
		return out
	default:
		// Anything else (structs, errors…) might print secrets through a
		// String method: refuse to guess.
		return "[unsupported type]"
	}
}

// sortedKeys makes truncation deterministic: the same event always keeps the
// same fields.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Logger writes events as JSON lines to a writer (a file, os.Stderr, a
// pipe to a log shipper). It is safe for concurrent use; each event is one
// Write, so lines never interleave.
type Logger struct {
	mu    sync.Mutex
	w     io.Writer
	appID string
	now   func() time.Time
}

// NewLogger returns a Logger writing to w for application appID. now is the
// clock for events without a time; nil means time.Now.
func NewLogger(w io.Writer, appID string, now func() time.Time) *Logger {
	if now == nil {
		now = time.Now
	}
	return &Logger{w: w, appID: appID, now: now}
}

// Log writes e. A write error is returned, but callers should not fail a
// request because logging failed (OWASP): count it, alert, carry on.
func (l *Logger) Log(e Event) error {
	b, err := e.JSON(l.appID, l.now())
	if err != nil {
		return err
	}
	b = append(b, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err = l.w.Write(b)
	return err
}
