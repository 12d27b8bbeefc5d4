// Package slogaudit connects audit events to log/slog: Log writes an event
// through any slog.Logger, and NewHandler wraps any slog.Handler so that
// everything logged through it is sanitised and redacted like an event.
// It is a separate package so that the WebAssembly module, which never logs
// through slog, does not link it.
package slogaudit

import (
	"context"
	"log/slog"
	"time"

	"github.com/edgeguard/edgeguard/audit"
)

// LevelCritical is the slog level of CRITICAL events: above Error, so that
// handlers filtering at Error keep them.
const LevelCritical = slog.LevelError + 4

// Level maps an OWASP vocabulary level to a slog level.
func Level(owasp string) slog.Level {
	switch owasp {
	case audit.LevelInfo:
		return slog.LevelInfo
	case audit.LevelWarn:
		return slog.LevelWarn
	}
	return LevelCritical
}

// Log writes e to l: the message is the event name, the attributes are the
// sanitised record's fields (the OWASP level as "owasp_level", since slog
// owns "level"). An invalid event is logged as an audit_error record
// instead of being dropped silently.
func Log(ctx context.Context, l *slog.Logger, appID string, e audit.Event) {
	r, err := e.Sanitize(appID, time.Now())
	if err != nil {
		l.LogAttrs(ctx, slog.LevelError, "audit_error", slog.String("error", audit.Clean(err.Error())))
		return
	}
	attrs := []slog.Attr{slog.String("owasp_level", r.Level)}
	for _, kv := range []struct{ k, v string }{
		{"appid", r.AppID}, {"description", r.Description}, {"reason", r.Reason}, {"request_id", r.RequestID},
		{"userid", r.UserID}, {"source_ip", r.SourceIP}, {"useragent", r.UserAgent},
		{"request_method", r.RequestMethod}, {"request_uri", r.RequestURI}, {"hostname", r.Host},
	} {
		if kv.v != "" {
			attrs = append(attrs, slog.String(kv.k, kv.v))
		}
	}
	if len(r.Fields) > 0 {
		attrs = append(attrs, slog.Any("fields", r.Fields))
	}
	l.LogAttrs(ctx, Level(r.Level), r.Event, attrs...)
}

// NewHandler wraps next: messages, attribute keys and string values are
// cleaned to one line, values under sensitive keys are redacted (session ids
// hashed), and credentials recognised by shape are redacted anywhere.
func NewHandler(next slog.Handler) slog.Handler { return &handler{next: next} }

type handler struct{ next slog.Handler }

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, audit.Clean(audit.RedactValue(r.Message)), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(cleanAttr(a, 0))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = cleanAttr(a, 0)
	}
	return &handler{next: h.next.WithAttrs(clean)}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(audit.Clean(name))}
}

func cleanAttr(a slog.Attr, depth int) slog.Attr {
	key := audit.Clean(a.Key)
	v := a.Value.Resolve()
	switch {
	case v.Kind() == slog.KindGroup:
		if depth > 4 {
			return slog.String(key, "[too deep]")
		}
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = cleanAttr(g, depth+1)
		}
		return slog.Group(key, clean...)
	case audit.IsSensitiveName(a.Key):
		return slog.String(key, audit.RedactField(a.Key, v.String()))
	case v.Kind() == slog.KindString:
		return slog.String(key, audit.RedactField(a.Key, v.String()))
	case v.Kind() == slog.KindAny:
		// Errors, structs and Stringers print through their own code:
		// sanitise what they print.
		return slog.String(key, audit.RedactField(a.Key, v.String()))
	}
	return slog.Attr{Key: key, Value: v}
}
