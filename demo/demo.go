// Package demo serves edgeguard's demo page: the same checks run in the
// visitor's browser (the module, through the npm package) and on the server
// (the Go host), side by side, so that a visitor sees they agree.
package demo

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

//go:embed static
var static embed.FS

// contentSecurityPolicy is the policy the page runs under: no inline script
// or style at all; 'wasm-unsafe-eval' is the one allowance WebAssembly needs.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data: https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

const maxBody = 1 << 20

// FindJSDir locates the js/ package directory from the working directory up.
func FindJSDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "js")
		if _, err := os.Stat(filepath.Join(p, "package.json")); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("js/package.json not found above the working directory; pass --js")
		}
		dir = parent
	}
}

// Handler serves the page, its assets, the npm package from jsDir under
// /edgeguard/, and the server-side API.
func Handler(eng *host.Engine, jsDir string) http.Handler {
	mime.AddExtensionType(".wasm", "application/wasm")
	mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	assets, _ := fs.Sub(static, "static")
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServerFS(assets))
	mux.Handle("GET /edgeguard/", http.StripPrefix("/edgeguard/", http.FileServer(jsFiles{http.Dir(jsDir)})))
	api := &sanitizers{eng: eng, byPolicy: map[string]*host.Sanitizer{}}
	mux.HandleFunc("POST /api/sanitize", api.serve)
	return secureHeaders(mux)
}

// jsFiles serves only the package's runtime files, never its tests or
// node_modules.
type jsFiles struct{ root http.FileSystem }

func (j jsFiles) Open(name string) (http.File, error) {
	if !strings.HasPrefix(name, "/src/") && !strings.HasPrefix(name, "/dist/") {
		return nil, os.ErrNotExist
	}
	return j.root.Open(name)
}

func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
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

func (s *sanitizers) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
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
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(reply)
}
