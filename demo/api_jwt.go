package demo

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/edgeguard/edgeguard/host"
)

// The JWT panel's identity provider: a demo Ed25519 key made when the server
// starts (never stored), its JWKS at /api/jwt/jwks.json, and a token it
// signed, valid for a year. The browser fetches the JWKS with the npm
// package's remote key set helper; the server verifies with the same set.
const (
	jwtIssuer   = "https://edgeguard.demo/"
	jwtAudience = "demo-api"
	jwtRealm    = "demo"
)

type demoIssuer struct {
	kid   string
	priv  ed25519.PrivateKey
	jwks  []byte
	token string
}

var demoIDP = sync.OnceValue(func() *demoIssuer {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic("demo: " + err.Error())
	}
	now := time.Now()
	d := &demoIssuer{kid: "demo-" + now.UTC().Format("20060102T150405"), priv: priv}
	d.jwks, _ = json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": d.kid,
		"x": base64.RawURLEncoding.EncodeToString(pub)}}})
	d.token = d.sign(map[string]any{
		"iss": jwtIssuer, "aud": jwtAudience, "sub": "user-42", "name": "Ada Demo",
		"iat": now.Unix(), "exp": now.AddDate(1, 0, 0).Unix(),
		"scope": "read:orders write:orders", "roles": []string{"editor"},
	})
	return d
})

// sign makes a compact EdDSA JWS over claims.
func (d *demoIssuer) sign(claims map[string]any) string {
	enc := base64.RawURLEncoding.EncodeToString
	header, _ := json.Marshal(map[string]string{"alg": "EdDSA", "typ": "JWT", "kid": d.kid})
	payload, _ := json.Marshal(claims)
	input := enc(header) + "." + enc(payload)
	return input + "." + enc(ed25519.Sign(d.priv, []byte(input)))
}

// verifierOptions are the options both sides verify with (the browser adds
// its remote key set, the server the same set as a local document).
func verifierOptions() map[string]any {
	return map[string]any{"algorithms": []string{"EdDSA"}, "issuer": jwtIssuer, "audience": jwtAudience}
}

func init() {
	registerAPI("GET /api/jwt/jwks.json", func(*host.Engine) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/jwk-set+json")
			w.Header().Set("Cache-Control", "public, max-age=300")
			w.Write(demoIDP().jwks)
		})
	})
	registerAPI("GET /api/jwt/demo", func(*host.Engine) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeRawJSON(w, map[string]any{"token": demoIDP().token, "options": verifierOptions(), "realm": jwtRealm})
		})
	})
	registerAPI("POST /api/jwt/verify", func(eng *host.Engine) http.Handler {
		return &jwtAPI{eng: eng}
	})
}

// jwtOutcome is what each side shows and the panel compares: the same
// members, in the same order, as the panel builds in the browser.
type jwtOutcome struct {
	Verdict   string          `json:"verdict"` // "valid" or the error code
	Header    json.RawMessage `json:"header"`
	Claims    json.RawMessage `json:"claims"`
	Decision  json.RawMessage `json:"decision"`
	Challenge json.RawMessage `json:"challenge"`
}

type jwtReply struct {
	Result jwtOutcome  `json:"result"`
	Error  *host.Error `json:"error,omitempty"` // a failure outside the verdict (a bad rule)
	Mode   string      `json:"mode"`
	Micros int64       `json:"micros"`
}

// jwtAPI verifies with a verifier compiled once; the rule, being the
// visitor's to edit, is compiled per request.
type jwtAPI struct {
	eng  *host.Engine
	once sync.Once
	v    *host.JWTVerifier
	err  error
}

func (a *jwtAPI) verifier(ctx context.Context) (*host.JWTVerifier, error) {
	a.once.Do(func() {
		cfg := verifierOptions()
		cfg["keys"] = map[string]json.RawMessage{"jwks": demoIDP().jwks}
		a.v, a.err = a.eng.JWTVerifier(ctx, cfg)
	})
	return a.v, a.err
}

func (a *jwtAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, maxBody, "body too large")
	if !ok {
		return
	}
	var req struct {
		Token string          `json:"token"`
		Rule  json.RawMessage `json:"rule"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Rule) == 0 {
		http.Error(w, `want {"token": "…", "rule": {…}}`, http.StatusBadRequest)
		return
	}
	reply := jwtReply{Mode: a.eng.Mode()}
	start := time.Now()
	result, err := a.outcome(r.Context(), req.Token, req.Rule)
	reply.Result = result
	reply.Micros = time.Since(start).Microseconds()
	if err != nil {
		reply.Error = replyError(err, "")
	}
	writeRawJSON(w, reply)
}

// outcome verifies, authorizes and renders the RFC 6750 answer, exactly as
// the panel does in the browser.
func (a *jwtAPI) outcome(ctx context.Context, token string, rule json.RawMessage) (jwtOutcome, error) {
	out := jwtOutcome{Verdict: "valid"} // nil members encode as null
	authz, err := a.eng.Open(ctx, "authz", authzPolicy(rule))
	if err != nil {
		return out, err
	}
	defer authz.Close()
	challenge := func(code string, missing json.RawMessage) error {
		req := fmt.Sprintf(`{"code":%q,"realm":%q`, code, jwtRealm)
		if missing != nil {
			req += `,"missing":` + string(missing)
		}
		res, err := authz.Call(ctx, "challenge", []byte(req+"}"))
		out.Challenge = res.Data
		return err
	}
	v, err := a.verifier(ctx)
	if err != nil {
		return out, err
	}
	t, err := v.Verify(ctx, token)
	if err != nil {
		var e *host.Error
		if !errors.As(err, &e) {
			return out, err
		}
		out.Verdict = e.Code
		return out, challenge(e.Code, nil)
	}
	out.Header, out.Claims = t.Header, t.Claims
	res, err := authz.Call(ctx, "check", t.Claims)
	if err != nil {
		return out, err
	}
	out.Decision = res.Data
	var d struct {
		OK      bool            `json:"ok"`
		Missing json.RawMessage `json:"missing"`
	}
	if err := json.Unmarshal(res.Data, &d); err != nil {
		return out, err
	}
	if !d.OK {
		return out, challenge("insufficient_scope", d.Missing)
	}
	return out, nil
}
