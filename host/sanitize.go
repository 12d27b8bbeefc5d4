package host

import "context"

// Sanitizer sanitizes HTML under one compiled policy. It is safe for
// concurrent use.
type Sanitizer struct{ h *Handle }

// Sanitizer compiles policy: a preset name ("strict", "ugc", …) or a policy
// object that marshals to the JSON policy format (docs/sanitize.md).
func (e *Engine) Sanitizer(ctx context.Context, policy any) (*Sanitizer, error) {
	h, err := e.OpenJSON(ctx, "sanitize", policy)
	if err != nil {
		return nil, err
	}
	return &Sanitizer{h: h}, nil
}

// Sanitize returns html with everything the policy forbids removed.
func (s *Sanitizer) Sanitize(ctx context.Context, html string) (string, error) {
	r, err := s.h.Call(ctx, "sanitize", []byte(html))
	if err != nil {
		return "", err
	}
	return string(r.Data), nil
}

// Close releases the compiled policy.
func (s *Sanitizer) Close() error { return s.h.Close() }
