package headers

import "strings"

// Template is a compiled header set in a form a host can fill in itself:
// each header value is Parts joined with the response's nonce. It lets a
// JavaScript host build one response's headers without a call into the
// module (the nonce comes from the host's own CSPRNG), while every value
// still comes from this package. Hosts that take a nonce from their caller
// use Build, which checks it.
type Template struct {
	Headers []TemplateHeader `json:"headers"`
	Remove  []string         `json:"remove"`
	// Nonce says whether any header has a nonce slot; when false every
	// header has exactly one part.
	Nonce bool `json:"nonce"`
}

// TemplateHeader is one header of a Template.
type TemplateHeader struct {
	Name  string   `json:"name"`
	Parts []string `json:"parts"`
}

// Template returns the policy's header set with its nonce slots left open.
func (p *Policy) Template() *Template {
	mark := ""
	if p.UsesNonce() {
		mark = nonceMark
	}
	r := p.build(mark)
	t := &Template{Remove: r.Remove, Nonce: p.UsesNonce(), Headers: make([]TemplateHeader, len(r.Headers))}
	for i, h := range r.Headers {
		parts := []string{h.Value}
		if mark != "" {
			parts = strings.Split(h.Value, mark)
		}
		t.Headers[i] = TemplateHeader{h.Name, parts}
	}
	return t
}

// Template returns the policy's header with its nonce slots left open:
// the value is Parts joined with the response's nonce.
func (c *CSP) Template() TemplateHeader {
	if !c.UsesNonce() {
		return TemplateHeader{Name: c.header, Parts: []string{c.parts[0]}}
	}
	return TemplateHeader{Name: c.header, Parts: strings.Split(c.value(nonceMark), nonceMark)}
}
