package demo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

func TestJWTAPI(t *testing.T) {
	ctx := context.Background()
	for _, native := range []bool{true, false} {
		eng, srv := serveDemo(t, host.Options{Native: native, CallTimeout: 2 * time.Second})

		get := func(path string) []byte {
			res, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, res.StatusCode, b)
			}
			return b
		}
		var demo struct {
			Token   string         `json:"token"`
			Options map[string]any `json:"options"`
		}
		if err := json.Unmarshal(get("/api/jwt/demo"), &demo); err != nil {
			t.Fatal(err)
		}

		// The Go host's remote key set helper verifies the demo token
		// against the served JWKS, as the browser's does.
		set, err := host.NewRemoteJWKS(srv.URL+"/api/jwt/jwks.json", host.RemoteJWKSOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rv, err := eng.RemoteJWTVerifier(ctx, set, demo.Options)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := rv.Verify(ctx, demo.Token)
		if err != nil {
			t.Fatalf("demo token against the served JWKS: %v", err)
		}
		if !strings.Contains(string(tok.Claims), `"sub":"user-42"`) {
			t.Errorf("claims %s", tok.Claims)
		}
		rv.Close()

		dot := strings.LastIndexByte(demo.Token, '.')
		forged := demo.Token[:dot+1] + strings.Repeat("A", len(demo.Token)-dot-2) + "A"
		cases := []struct {
			name, token, rule string
			verdict, decision string // decision: exact JSON or "" for null
			status            int    // of the challenge, 0 for none
			errCode           string
		}{
			{"allowed", demo.Token, `{"roles_any":["editor"],"scope":["write:orders"]}`, "valid", `{"ok":true}`, 0, ""},
			{"denied", demo.Token, `{"roles":["admin"]}`, "valid", `{"ok":false,"code":"insufficient_scope","missing":["role:admin"]}`, 403, ""},
			{"policy", demo.Token, `{"rule":{"claim_in":{"/sub":["user-42"]}}}`, "valid", `{"ok":true}`, 0, ""},
			{"forged", forged, `{"roles":["admin"]}`, "signature", "", 401, ""},
			{"garbage", "not a token", `{"roles":["admin"]}`, "malformed", "", 401, ""},
			{"bad rule", demo.Token, `{"rolez":["admin"]}`, "", "", 0, "bad_config"},
		}
		for _, c := range cases {
			body, _ := json.Marshal(map[string]any{"token": c.token, "rule": json.RawMessage(c.rule)})
			res, err := http.Post(srv.URL+"/api/jwt/verify", "application/json", strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var reply struct {
				Result struct {
					Verdict   string          `json:"verdict"`
					Decision  json.RawMessage `json:"decision"`
					Challenge *struct {
						Status int    `json:"status"`
						Header string `json:"www_authenticate"`
					} `json:"challenge"`
				} `json:"result"`
				Error *host.Error `json:"error"`
				Mode  string      `json:"mode"`
			}
			if err := json.Unmarshal(raw, &reply); err != nil {
				t.Fatalf("%s: %v: %s", c.name, err, raw)
			}
			status := 0
			if reply.Result.Challenge != nil {
				status = reply.Result.Challenge.Status
				if !strings.HasPrefix(reply.Result.Challenge.Header, `Bearer realm="demo", error=`) {
					t.Errorf("%s: WWW-Authenticate %q", c.name, reply.Result.Challenge.Header)
				}
			}
			decision := string(reply.Result.Decision)
			if decision == "null" {
				decision = ""
			}
			errCode := ""
			if reply.Error != nil {
				errCode = reply.Error.Code
			}
			if errCode != c.errCode || (c.errCode == "" && (reply.Result.Verdict != c.verdict || decision != c.decision || status != c.status)) || reply.Mode != eng.Mode() {
				t.Errorf("%s (%s): got %s", c.name, eng.Mode(), raw)
			}
		}
		var jwks struct {
			Keys []map[string]string `json:"keys"`
		}
		if err := json.Unmarshal(get("/api/jwt/jwks.json"), &jwks); err != nil || len(jwks.Keys) != 1 || jwks.Keys[0]["kty"] != "OKP" || jwks.Keys[0]["d"] != "" {
			t.Errorf("jwks: %v %v", jwks, err)
		}
	}
}
