package middleware

import (
	"bufio"
	"errors"
	"net"
	"net/http"
)

// HTTPError is an error with the status a handler wants answered, as
// http-errors' errors are for Express. Detail is shown to the client for a
// 4xx status only; the Error text never is.
type HTTPError struct {
	Status int
	Detail string
	Err    error // the cause, for logs and errors.Is; never shown
}

// Error returns the cause's text (for logs; never sent), or the status's
// title when there is no cause.
func (e *HTTPError) Error() string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return statusTitle(e.Status)
}

// Unwrap returns the cause.
func (e *HTTPError) Unwrap() error { return e.Err }

// Error answers err as the Express adapter's errorHandler does: an RFC 9457
// problem with the status of an *HTTPError in err's chain (500 otherwise),
// Detail only for a 4xx, never the error's text or a stack; and one
// security event (sys_crash for a 5xx, input_validation_fail for a 4xx).
// Handlers call it where an Express route would call next(err).
func (g *Guard) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, detail := http.StatusInternalServerError, ""
	var he *HTTPError
	if errors.As(err, &he) && he.Status >= 400 && he.Status <= 599 {
		status = he.Status
		if status < 500 {
			detail = he.Detail
		}
	}
	if status >= 500 {
		g.event(r, eventInput{Event: "sys_crash", Level: "CRITICAL", Description: "unhandled error"})
	} else {
		g.event(r, eventInput{Event: "input_validation_fail", Level: "WARN", Description: "request refused with " + statusTitle(status)})
	}
	var members []member
	if detail != "" {
		members = append(members, textMember("detail", detail))
	}
	writeProblem(w, status, members...)
}

// Recover turns a panic in the handlers it wraps into Error's 500 answer
// and event, where net/http would log the stack and cut the connection.
// http.ErrAbortHandler is passed on: it is a deliberate abort. A panic
// after the response started cannot become a problem document; it is
// re-raised so that net/http cuts the connection and the client sees a
// failure, not a short body (as the Express adapter destroys the socket).
func (g *Guard) Recover() Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw := &startedWriter{ResponseWriter: w}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler || sw.started {
					panic(v)
				}
				g.Error(w, r, nil)
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

// startedWriter records whether the response has started.
type startedWriter struct {
	http.ResponseWriter
	started bool
}

// WriteHeader records that the response started.
func (s *startedWriter) WriteHeader(code int) {
	s.started = true
	s.ResponseWriter.WriteHeader(code)
}

// Write records that the response started.
func (s *startedWriter) Write(b []byte) (int, error) {
	s.started = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer
// (deadlines, full duplex).
func (s *startedWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush keeps streaming handlers working behind Recover: they assert
// http.Flusher on the writer they get.
func (s *startedWriter) Flush() {
	s.started = true
	http.NewResponseController(s.ResponseWriter).Flush() //nolint:errcheck // http.Flusher has no error either
}

// Hijack is http.Hijacker's, for WebSocket upgrades behind Recover; after
// it the connection is the handler's, so a panic is re-raised.
func (s *startedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	s.started = true
	return http.NewResponseController(s.ResponseWriter).Hijack()
}
