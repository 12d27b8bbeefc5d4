package middleware

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestExpressRequest checks the document Validate sends against Express's
// view of the same request (Node's header merging, cookie-parser's first
// cookie, the simple query parser, req.params from the route).
func TestExpressRequest(t *testing.T) {
	var got []byte
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}/{rest...}", func(w http.ResponseWriter, r *http.Request) {
		got = expressRequest(r, nil)
	})
	r := httptest.NewRequest("GET", "http://shop.example/items/7/a/b%2Fc?b=2&a=1&a=%FF&e=", nil)
	r.Header["Authorization"] = []string{"Bearer one", "Bearer two"}
	r.Header["X-Tag"] = []string{"x", "y"}
	r.Header["x-tag"] = []string{"z"} // a second spelling, only in hand-built maps
	r.Header["Host"] = []string{"evil.example"}
	r.Header["Cookie"] = []string{"a=1; b=\"q\"", "a=3"}
	r.Header["Empty"] = nil
	mux.ServeHTTP(httptest.NewRecorder(), r)

	want := `{"query":{"a":["1","\ufffd"],"b":"2","e":""},` +
		`"params":{"id":"7","rest":"a/b/c"},` +
		`"headers":{"authorization":"Bearer one","cookie":"a=1; b=\"q\"; a=3","host":"shop.example","x-tag":"x, y, z"},` +
		`"cookies":{"a":"1","b":"q"}}`
	var doc map[string]any
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	// The two x-tag spellings come from a map, so their order is not fixed.
	if h := doc["headers"].(map[string]any); h["x-tag"] == "z, x, y" {
		h["x-tag"] = "x, y, z"
	}
	if canon, _ := json.Marshal(doc); string(canon) != mustCanon(t, want) {
		t.Fatalf("document\n got %s\nwant %s", got, want)
	}
	if body := expressRequest(r, []byte(`{"x":1}`)); string(body[:16]) != `{"body":{"x":1},` {
		t.Fatalf("body member: %s", body)
	}
}

func mustCanon(t *testing.T, doc string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
