// Package demo serves edgeguard's demo page: the same checks run in the
// visitor's browser (the module, through the npm package) and on the server
// (the Go host), side by side, so that a visitor sees they agree.
package demo

import (
	"embed"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

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
	for _, a := range apis {
		mux.Handle(a.pattern, a.handler(eng))
	}
	return secureHeaders(mux)
}

// api is one server-side endpoint of a panel. Each panel's endpoints live
// in their own api_*.go file and register themselves.
type api struct {
	pattern string // a ServeMux pattern, e.g. "POST /api/sanitize"
	handler func(eng *host.Engine) http.Handler
}

var apis []api

func registerAPI(pattern string, handler func(eng *host.Engine) http.Handler) {
	apis = append(apis, api{pattern, handler})
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
