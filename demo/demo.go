// Package demo serves edgeguard's demo page: the same checks run in the
// visitor's browser (the module, through the npm package) and on the server
// (the Go host), side by side, so that a visitor sees they agree.
package demo

import (
	"context"
	"embed"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/edgeguard/edgeguard/headers"
	"github.com/edgeguard/edgeguard/host"
)

//go:embed static
var static embed.FS

// pageOptions are the helmet options every response of the demo is served
// with, compiled by the headers package as an application would: the strict
// CSP the headers panel demonstrates (a fresh nonce per response +
// 'strict-dynamic', object-src and base-uri 'none'), plus 'wasm-unsafe-eval',
// the one allowance compiling the module needs. The page has no inline
// script or style, so style-src is only 'self'. upgrade-insecure-requests is
// dropped because the demo is usually served over plain http on loopback,
// where it would upgrade the page's own requests to an https port that does
// not exist. Trusted Types are not required: the sanitize panel's preview
// writes the module's output with innerHTML on purpose. Violations are
// reported to cspReportPath, where the module turns them into security
// events (api_headers.go).
const pageOptions = `{
	"contentSecurityPolicy": {
		"preset": "strict",
		"wasmUnsafeEval": true,
		"directives": {
			"styleSrc": ["'self'"],
			"imgSrc": ["'self'", "data:", "https:"],
			"frameAncestors": ["'none'"],
			"upgradeInsecureRequests": null,
			"reportUri": "` + cspReportPath + `"
		}
	},
	"xFrameOptions": {"action": "deny"},
	"permissionsPolicy": true
}`

// pageHeaders is pageOptions compiled once; a bad edit fails at start-up.
var pageHeaders = func() *headers.Policy {
	p, err := headers.Compile([]byte(pageOptions))
	if err != nil {
		panic("demo: page header options: " + err.Error())
	}
	return p
}()

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
	mux.Handle("GET /{$}", indexPage(assets))
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

// nonceKey carries the response's CSP nonce from secureHeaders to the page.
type nonceKey struct{}

// secureHeaders sets pageHeaders on every response, with a fresh nonce
// drawn from crypto/rand, and hands the nonce on to indexPage.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := pageHeaders.BuildFresh()
		if err != nil {
			http.Error(w, "cannot build the security headers", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		for _, x := range res.Headers {
			h.Set(x.Name, x.Value)
		}
		for _, name := range res.Remove {
			h.Del(name)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, res.Nonce)))
	})
}

// indexPage serves index.html with the response's nonce on every <script>
// tag, which is what lets the page's module run under a nonce-based policy
// ('strict-dynamic' then trusts the modules it imports). The page must not
// be cached: a cached copy would replay its nonce.
func indexPage(assets fs.FS) http.Handler {
	page, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		panic("demo: index.html missing from the embedded assets")
	}
	// The page is split once where the attribute goes; a request only joins.
	parts := strings.Split(string(page), "<script ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce, _ := r.Context().Value(nonceKey{}).(string)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		// A nonce from BuildFresh is base64: nothing in it needs escaping
		// inside a double-quoted attribute.
		if nonce == "" {
			w.Write(page)
			return
		}
		io.WriteString(w, strings.Join(parts, `<script nonce="`+nonce+`" `))
	})
}
