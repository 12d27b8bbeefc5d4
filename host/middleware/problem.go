package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/internal/jstext"
)

// ProblemContentType is the media type of every refusal (RFC 9457).
const ProblemContentType = "application/problem+json"

// member is one member of a problem document; value is JSON text.
type member struct {
	name  string
	value json.RawMessage
}

func textMember(name, s string) member { return member{name, json.RawMessage(jstext.Quote(s))} }

// writeProblem answers an RFC 9457 document laid out as the Express
// adapter's sendProblem lays it out: type, title and status first (a
// member named type or title takes its place), then the others in order.
// Titles are Node's (STATUS_CODES), so that both adapters send the same
// bytes.
func writeProblem(w http.ResponseWriter, status int, members ...member) {
	var b bytes.Buffer
	typ, title := json.RawMessage(`"about:blank"`), json.RawMessage(jstext.Quote(statusTitle(status)))
	for _, m := range members {
		switch m.name {
		case "type":
			typ = m.value
		case "title":
			title = m.value
		}
	}
	b.WriteString(`{"type":`)
	b.Write(typ)
	b.WriteString(`,"title":`)
	b.Write(title)
	b.WriteString(`,"status":`)
	b.WriteString(strconv.Itoa(status))
	for _, m := range members {
		if m.name == "type" || m.name == "title" || m.name == "status" {
			continue
		}
		b.WriteByte(',')
		jstext.WriteQuoted(&b, m.name)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	h := w.Header()
	h.Set("Content-Type", ProblemContentType)
	// A refusal describes this request only; a cache must not replay it.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// statusTitle is Node's STATUS_CODES text where it differs from Go's.
func statusTitle(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "Payload Too Large"
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}

// moduleProblem answers with a problem object the engine made (csrf,
// ratelimit), keeping its members and their order; only the status is
// forced to the one answered. A document that is not an object, or an
// empty one, is replaced by fallback.
func moduleProblem(w http.ResponseWriter, status int, problem json.RawMessage, fallback ...member) {
	members, err := objectMembers(problem)
	if err != nil || len(members) == 0 {
		members = fallback
	}
	writeProblem(w, status, members...)
}

// objectMembers splits a JSON object into its members, in order.
func objectMembers(doc json.RawMessage) ([]member, error) {
	if len(doc) == 0 {
		return nil, errors.New("no document")
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{name, v})
	}
	return out, nil
}

// refusal is a 4xx answer and the security event that goes with it.
type refusal struct {
	status int
	code   string // the problem's code member, stable
	detail string // the problem's detail member, optional
	event  string // OWASP vocabulary name
	fields map[string]any
}

// refuse answers r's refusal and logs its event.
func (g *Guard) refuse(w http.ResponseWriter, r *http.Request, f *refusal) {
	g.event(r, eventInput{Event: f.event, Reason: f.code, Fields: f.fields})
	var members []member
	if f.detail != "" {
		members = append(members, textMember("detail", f.detail))
	}
	members = append(members, textMember("code", f.code))
	writeProblem(w, f.status, members...)
}

// fail answers an unexpected failure (an engine trap, a timeout, a store
// error): 503 when the engine said it may pass (unavailable, timeout), else
// 500, never with the error's text, which may name internals. The event
// records its code.
func (g *Guard) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := dispatch.AsError(err, dispatch.CodeInternal).Code
	g.event(r, eventInput{Event: "sys_crash", Level: "CRITICAL", Description: "edgeguard middleware failed", Reason: code})
	status := http.StatusInternalServerError
	switch code {
	case dispatch.CodeUnavailable, dispatch.CodeTimeout:
		status = http.StatusServiceUnavailable
	}
	writeProblem(w, status)
}

// eventInput is the audit kind's event op input (docs/practices.md).
type eventInput struct {
	Event         string         `json:"event"`
	Level         string         `json:"level,omitempty"`
	Description   string         `json:"description,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	SourceIP      string         `json:"source_ip,omitempty"`
	UserAgent     string         `json:"useragent,omitempty"`
	RequestMethod string         `json:"request_method,omitempty"`
	RequestURI    string         `json:"request_uri,omitempty"`
	Hostname      string         `json:"hostname,omitempty"`
	Fields        map[string]any `json:"fields,omitempty"`
}

// event has the engine render ev, with r's client and request filled in,
// and hands the line to the sink. Logging must not turn one failure into
// two: an event that cannot be rendered is dropped.
func (g *Guard) event(r *http.Request, ev eventInput) {
	ev.SourceIP, ev.UserAgent = clientIP(r), r.UserAgent()
	ev.RequestMethod, ev.RequestURI, ev.Hostname = r.Method, r.URL.RequestURI(), r.Host
	in, err := json.Marshal(ev)
	if err != nil {
		return
	}
	// A client that went away still gets its refusal logged.
	res, err := g.audit.Call(context.WithoutCancel(r.Context()), "event", in)
	if err != nil {
		return
	}
	g.events(r, res.Data)
}
