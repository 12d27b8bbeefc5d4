package demo

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

func init() {
	registerAPI("POST /api/sanitize", func(eng *host.Engine) http.Handler {
		return &sanitizers{eng: eng, byPolicy: map[string]*host.Sanitizer{}}
	})
}

type sanitizeReply struct {
	Output string      `json:"output"`
	Error  *host.Error `json:"error,omitempty"`
	Mode   string      `json:"mode"`
	Micros int64       `json:"micros"`
}

// sanitizers compiles each policy once, the way a real server would: the
// demo's requests only pay for sanitizing.
type sanitizers struct {
	eng      *host.Engine
	mu       sync.Mutex
	byPolicy map[string]*host.Sanitizer
}

func (s *sanitizers) get(ctx context.Context, policy string) (*host.Sanitizer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if san, ok := s.byPolicy[policy]; ok {
		return san, nil
	}
	san, err := s.eng.Sanitizer(ctx, policy) // a bad policy is not cached: it fails here
	if err == nil {
		s.byPolicy[policy] = san
	}
	return san, err
}

func (s *sanitizers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, maxBody, "body too large")
	if !ok {
		return
	}
	reply := sanitizeReply{Mode: s.eng.Mode()}
	san, err := s.get(r.Context(), r.URL.Query().Get("policy"))
	if err == nil {
		start := time.Now()
		reply.Output, err = san.Sanitize(r.Context(), string(body))
		reply.Micros = time.Since(start).Microseconds()
	}
	if err != nil {
		errors.As(err, &reply.Error)
	}
	writeJSON(w, reply)
}
