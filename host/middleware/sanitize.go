package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/internal/jstext"
)

// SanitizeBody sanitizes HTML in the named top-level fields of the JSON
// body with a sanitize policy (a preset name such as "ugc", or a policy
// object; nil means "ugc"), DOMPurify's job on the way in. A field holding
// text, or a list of texts, is replaced by its sanitized form; the body the
// handler reads (r.Body, and Validate after it) is the rewritten one, its
// other members byte for byte as sent. A named field that is present but
// neither is answered 400: passing it on unsanitized would be the unsafe
// choice. A body that is not a JSON object passes unchanged.
func (g *Guard) SanitizeBody(fields []string, policy any) (Middleware, error) {
	if len(fields) == 0 {
		return nil, dispatch.Errorf(dispatch.CodeBadConfig, "sanitizeBody: name at least one field")
	}
	if policy == nil {
		policy = "ugc"
	}
	h, err := g.open(context.Background(), "sanitize", policy)
	if err != nil {
		return nil, err
	}
	named := make(map[string]bool, len(fields))
	for _, f := range fields {
		named[f] = true
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, body, f := g.jsonBody(w, r)
			if f != nil {
				g.refuse(w, r, f)
				return
			}
			members, err := objectMembers(body)
			if err != nil { // no body, or an array: nothing is named
				next.ServeHTTP(w, r)
				return
			}
			changed := false
			for i, m := range members {
				if !named[m.name] {
					continue
				}
				// Every occurrence of a repeated name is sanitized: JSON
				// parsers disagree on which one wins.
				clean, ok, err := sanitizeValue(r, h, m.value)
				if err != nil {
					g.refuseEngine(w, r, err)
					return
				}
				if !ok {
					g.refuse(w, r, &refusal{status: http.StatusBadRequest, code: "not_text",
						detail: "Field " + jstext.Quote(m.name) + " must be text.", event: "input_validation_fail"})
					return
				}
				members[i].value, changed = clean, true
			}
			if changed {
				r = withBody(r, joinMembers(members))
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// sanitizeValue sanitizes a JSON string or array of strings; ok is false
// for any other value.
func sanitizeValue(r *http.Request, h *host.Handle, v json.RawMessage) (out json.RawMessage, ok bool, err error) {
	var items []json.RawMessage
	if v[0] != '[' {
		items = []json.RawMessage{v}
	} else if json.Unmarshal(v, &items) != nil {
		// (items starts empty: unmarshaling into a RawMessage reuses its
		// backing array, which would be the body's.)
		return nil, false, nil
	}
	texts := make([]string, len(items))
	for i, item := range items {
		// Checked by its first byte: encoding/json would take null for "".
		if len(item) == 0 || item[0] != '"' || json.Unmarshal(item, &texts[i]) != nil {
			return nil, false, nil
		}
	}
	var b bytes.Buffer
	if v[0] == '[' {
		b.WriteByte('[')
	}
	for i, t := range texts {
		res, err := h.Call(r.Context(), "sanitize", []byte(t))
		if err != nil {
			return nil, false, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		jstext.WriteQuoted(&b, string(res.Data))
	}
	if v[0] == '[' {
		b.WriteByte(']')
	}
	return b.Bytes(), true, nil
}

// joinMembers is objectMembers' inverse.
func joinMembers(members []member) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		writeName(&b, i, m.name)
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}
