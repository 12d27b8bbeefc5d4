package dispatch

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/edgeguard/edgeguard/audit"
	"github.com/edgeguard/edgeguard/ratelimit"
)

func init() {
	Register("ratelimit", `GCRA rate limiter; configuration: {"policies":[{"name","quota","window_s"|"window_ms","burst"?}],"headers"?,"ipv6_prefix"?,"trusted_proxies"?} (docs/practices.md)`,
		compileRateLimit,
		map[string]TypedOp[*rateLimitKind]{
			"decide": {Doc: `{"state","now_ms","cost"?,"request_id"?} in; {"allowed","state","ttl_ms","retry_after_ms","policies","headers","problem"?,"event"?} out`,
				In: JSON, Out: JSON, Run: (*rateLimitKind).decide},
			"key": {Doc: `{"ip"?,"forwarded_for"?,"user"?,"route"?} in; {"key"} out (client found through trusted_proxies; IPv6 grouped by prefix, IPv4-mapped as IPv4)`,
				In: JSON, Out: JSON, Run: (*rateLimitKind).key},
		})
}

type rateLimitKind struct {
	limiter *ratelimit.Limiter
	headers ratelimit.HeaderMode
	prefix  int
	proxies ratelimit.Proxies
}

type policyJSON struct {
	Name     string `json:"name"`
	Quota    int64  `json:"quota"`
	WindowS  int64  `json:"window_s"`
	WindowMS int64  `json:"window_ms"`
	Burst    int64  `json:"burst"`
}

func compileRateLimit(config []byte) (*rateLimitKind, error) {
	var cfg struct {
		Policies       []policyJSON `json:"policies"`
		Headers        string       `json:"headers"`
		IPv6Prefix     int          `json:"ipv6_prefix"`
		TrustedProxies []string     `json:"trusted_proxies"`
	}
	if err := strictDecode(CodeBadConfig, "ratelimit", config, &cfg); err != nil {
		return nil, err
	}
	policies := make([]ratelimit.Policy, len(cfg.Policies))
	for i, p := range cfg.Policies {
		if (p.WindowS == 0) == (p.WindowMS == 0) {
			return nil, Errorf(CodeBadConfig, "ratelimit: policy %d: give exactly one of window_s and window_ms", i)
		}
		if p.WindowS < 0 || p.WindowMS < 0 || p.WindowS > 366*86400 || p.WindowMS > 366*86400_000 {
			return nil, Errorf(CodeBadConfig, "ratelimit: policy %d: window out of range", i)
		}
		w := time.Duration(p.WindowS)*time.Second + time.Duration(p.WindowMS)*time.Millisecond
		policies[i] = ratelimit.Policy{Name: p.Name, Quota: p.Quota, Window: w, Burst: p.Burst}
	}
	l, err := ratelimit.New(policies...)
	if err != nil {
		return nil, err
	}
	mode := ratelimit.HeaderMode(cfg.Headers)
	if mode == "" {
		mode = ratelimit.HeadersIETF
	}
	if !mode.Valid() {
		return nil, Errorf(CodeBadConfig, `ratelimit: headers must be "ietf", "legacy", "both" or "none"`)
	}
	if cfg.IPv6Prefix != 0 && (cfg.IPv6Prefix < 32 || cfg.IPv6Prefix > 128) {
		return nil, Errorf(CodeBadConfig, "ratelimit: ipv6_prefix must be 32 … 128")
	}
	proxies, err := ratelimit.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	return &rateLimitKind{limiter: l, headers: mode, prefix: cfg.IPv6Prefix, proxies: proxies}, nil
}

// maxNowMS is ratelimit.MaxNow in milliseconds (the year 2255): past it,
// now_ms is a unit mistake (µs, ns) and would overflow as nanoseconds.
const maxNowMS = ratelimit.MaxNow / int64(time.Millisecond)

func (k *rateLimitKind) decide(in []byte) ([]byte, error) {
	var req struct {
		State     string `json:"state"`
		NowMS     int64  `json:"now_ms"`
		Cost      *int64 `json:"cost"`
		RequestID string `json:"request_id"`
	}
	if err := strictDecode(CodeBadRequest, "decide", in, &req); err != nil {
		return nil, err
	}
	if req.NowMS <= 0 || req.NowMS > maxNowMS {
		return nil, Errorf(CodeBadRequest, "decide: now_ms must be the current Unix time in milliseconds")
	}
	cost := int64(1)
	if req.Cost != nil {
		cost = *req.Cost
	}
	now := req.NowMS * int64(time.Millisecond)
	d, err := k.limiter.Decide(req.State, now, cost)
	if err != nil {
		return nil, err
	}
	type policyOut struct {
		Name         string `json:"name"`
		Allowed      bool   `json:"allowed"`
		Limit        int64  `json:"limit"`
		Remaining    int64  `json:"remaining"`
		ResetMS      int64  `json:"reset_ms"`
		RetryAfterMS int64  `json:"retry_after_ms"`
	}
	out := struct {
		Allowed      bool               `json:"allowed"`
		State        string             `json:"state"`
		TTLMS        int64              `json:"ttl_ms"`
		RetryAfterMS int64              `json:"retry_after_ms"`
		Policies     []policyOut        `json:"policies"`
		Headers      []ratelimit.Field  `json:"headers"`
		Problem      *ratelimit.Problem `json:"problem,omitempty"`
		Event        json.RawMessage    `json:"event,omitempty"`
	}{Allowed: d.Allowed, State: d.State, TTLMS: ceilMS(d.TTL), RetryAfterMS: ceilMS(d.RetryAfter()),
		Headers: k.limiter.Headers(d, k.headers), Problem: k.limiter.Problem(d)}
	for i, p := range k.limiter.Policies() {
		r := d.Results[i]
		out.Policies = append(out.Policies, policyOut{p.Name, r.Allowed, r.Limit, r.Remaining, ceilMS(r.ResetAfter), ceilMS(r.RetryAfter)})
	}
	if out.Headers == nil {
		out.Headers = []ratelimit.Field{}
	}
	if out.Problem != nil {
		ev, err := audit.Event{Name: "excess_rate_limit_exceeded", Reason: "quota_exceeded", RequestID: req.RequestID,
			Time: time.Unix(0, now), Fields: map[string]any{"violated_policies": out.Problem.ViolatedPolicies}}.JSON("", time.Time{})
		if err != nil {
			return nil, err
		}
		out.Event = ev
	}
	return json.Marshal(out)
}

// ceilMS rounds a duration up to whole milliseconds; negative (the "never"
// of RetryAfter) stays -1.
func ceilMS(d time.Duration) int64 {
	if d < 0 {
		return -1
	}
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

func (k *rateLimitKind) key(in []byte) ([]byte, error) {
	var req struct {
		IP           string `json:"ip"`
		ForwardedFor string `json:"forwarded_for"`
		User         string `json:"user"`
		Route        string `json:"route"`
	}
	if err := strictDecode(CodeBadRequest, "key", in, &req); err != nil {
		return nil, err
	}
	var parts []ratelimit.Part
	if req.IP != "" {
		addr, err := k.proxies.ClientAddr(req.IP, req.ForwardedFor)
		if err != nil {
			return nil, err
		}
		ip, err := ratelimit.ClientIP(addr, k.prefix)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ratelimit.Part{Name: "ip", Value: ip})
	}
	if req.User != "" {
		parts = append(parts, ratelimit.Part{Name: "user", Value: req.User})
	}
	if req.Route != "" {
		parts = append(parts, ratelimit.Part{Name: "route", Value: req.Route})
	}
	if len(parts) == 0 {
		return nil, Errorf(CodeBadRequest, "key: give at least one of ip, user, route")
	}
	return json.Marshal(struct {
		Key string `json:"key"`
	}{ratelimit.Key(parts...)})
}

// jsonNames adds the JSON member names of struct type t to names,
// including those promoted from embedded structs.
func jsonNames(t reflect.Type, names map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			jsonNames(f.Type, names)
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		names[tag] = true
	}
}

// strictDecode decodes the JSON object data into v, a pointer to a struct,
// as every configuration and input of the practice kinds is read: members
// are matched by exact name (encoding/json alone would also accept
// "QUOTA"), unknown members are refused with a message naming the first
// one in sorted order, and nothing may follow the object.
func strictDecode(code, what string, data []byte, v any) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return Errorf(code, "%s: expected a JSON object", what)
	}
	known := map[string]bool{}
	jsonNames(reflect.TypeOf(v).Elem(), known)
	var unknown []string
	for m := range members {
		if !known[m] {
			unknown = append(unknown, m)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return Errorf(code, "%s: unknown member %q", what, unknown[0])
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Errorf(code, "%s: %v", what, err)
	}
	return nil
}
