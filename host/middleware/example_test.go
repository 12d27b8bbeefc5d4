package middleware_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/host/middleware"
)

// A sign-up route behind helmet, a rate limit and validation, served by a
// native engine (host.Options{} would run the same code on the module).
func Example() {
	ctx := context.Background()
	eng, err := host.New(ctx, host.Options{Native: true})
	if err != nil {
		panic(err)
	}
	defer eng.Close(ctx)
	g, err := middleware.New(ctx, eng, middleware.Options{
		Events: func(r *http.Request, event []byte) {
			var ev struct{ Event, Reason string }
			json.Unmarshal(event, &ev)
			fmt.Println("event:", ev.Event, ev.Reason)
		},
	})
	if err != nil {
		panic(err)
	}
	defer g.Close()

	helmet, err := g.Helmet(nil) // helmet's defaults
	if err != nil {
		panic(err)
	}
	limit, err := g.RateLimit(middleware.RateLimitOptions{
		Policies: []middleware.RateLimitPolicy{{Quota: 100, Window: time.Minute}}})
	if err != nil {
		panic(err)
	}
	// JSON text keeps the schema's field order, which the errors follow.
	validate, err := g.Validate(json.RawMessage(`{
		"email": {"in": ["body"], "isEmail": true, "normalizeEmail": true},
		"age": {"in": ["body"], "isInt": {"options": {"min": 13}}, "toInt": true}}`))
	if err != nil {
		panic(err)
	}
	signup := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var user struct {
			Email string `json:"email"`
			Age   int    `json:"age"`
		}
		json.Unmarshal(middleware.Validated(r), &user)
		fmt.Fprintf(w, "welcome %s (%d)", user.Email, user.Age)
	})
	mux := http.NewServeMux()
	mux.Handle("POST /signup", middleware.Chain(helmet, limit, validate)(signup))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, body := range []string{`{"email":"Alice@Example.COM","age":"30"}`, `{"email":"alice","age":"30"}`} {
		res, err := http.Post(srv.URL+"/signup", "application/json", strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		text, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Println(res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("X-Content-Type-Options"))
		fmt.Println(string(text))
	}
	// Output:
	// 200 text/plain; charset=utf-8 nosniff
	// welcome alice@example.com (30)
	// event: input_validation_fail validation_failed
	// 400 application/problem+json nosniff
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The request failed validation.","errors":[{"type":"field","value":"alice","msg":"Invalid value","path":"email","location":"body","code":"is_email"}]}
}

// A bearer-token route whose keys come from the identity provider's JWK
// Set; a request without a token gets the RFC 6750 challenge.
func ExampleGuard_RequireJWT() {
	ctx := context.Background()
	eng, _ := host.New(ctx, host.Options{Native: true})
	defer eng.Close(ctx)
	g, _ := middleware.New(ctx, eng, middleware.Options{Events: func(*http.Request, []byte) {}})
	defer g.Close()

	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"keys":[]}`) // the provider's keys would be here
	}))
	defer idp.Close()
	set, err := host.NewRemoteJWKS(idp.URL, host.RemoteJWKSOptions{})
	if err != nil {
		panic(err)
	}
	auth, err := g.RequireJWT(middleware.JWTOptions{JWKS: set, Realm: "api",
		Config: map[string]any{"algorithms": []string{"ES256"}, "issuer": "https://idp.example/"}})
	if err != nil {
		panic(err)
	}
	me := auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(middleware.Claims(r))
	}))

	rec := httptest.NewRecorder()
	me.ServeHTTP(rec, httptest.NewRequest("GET", "/me", nil))
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	fmt.Println(rec.Body)
	// Output:
	// 401 Bearer realm="api"
	// {"type":"about:blank","title":"Unauthorized","status":401}
}
