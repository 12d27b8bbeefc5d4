package csp

import (
	"encoding/json"
	"slices"
	"strings"
)

// Directive is one directive of a policy: a lower-case name and its values in
// order, without repeats.
type Directive struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Policy is a parsed Content-Security-Policy. Directives keep the order they
// had in the header. The zero value is an empty policy.
type Policy struct {
	directives []Directive
	index      map[string]int // name → position in directives
	// dropped lists later occurrences of a directive name, which browsers
	// (and csp-evaluator) ignore; kept so that EvaluateExtra can flag them.
	dropped []string
}

// Parse parses a serialized policy the way csp-evaluator's CspParser does:
// the header is split on ";", each part on whitespace; directive names and
// keyword or scheme values are lower-cased; a repeated directive is ignored
// (the first one wins, as in browsers); repeated values are dropped. Parse
// never fails: whatever a browser would ignore is kept for the checks to
// report.
func Parse(header string) *Policy {
	p := &Policy{}
	for part := range strings.SplitSeq(header, ";") {
		fields := jsFields(part)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		if p.Has(name) {
			p.dropped = append(p.dropped, name)
			continue
		}
		values := make([]string, 0, len(fields)-1)
		seen := make(map[string]struct{}, len(fields)-1)
		for _, v := range fields[1:] {
			v = normalizeValue(v)
			if _, dup := seen[v]; dup {
				continue
			}
			seen[v] = struct{}{}
			values = append(values, v)
		}
		p.Set(name, values)
	}
	return p
}

// normalizeValue lower-cases keywords and schemes, which are
// case-insensitive; hosts with paths, nonces and hashes keep their case.
func normalizeValue(v string) string {
	lower := strings.ToLower(v)
	if IsKeyword(lower) || IsURLScheme(v) {
		return lower
	}
	return v
}

// Directives returns the policy's directives in order. The slice is a copy;
// its value slices are shared, do not modify them.
func (p *Policy) Directives() []Directive { return slices.Clone(p.directives) }

// MarshalJSON writes {"directives": [{"name", "values"}...], "policy":
// String()}: the parse result in order, and its canonical serialization.
func (p *Policy) MarshalJSON() ([]byte, error) {
	ds := make([]Directive, len(p.directives))
	for i, d := range p.directives {
		ds[i] = Directive{d.Name, d.Values}
		if ds[i].Values == nil {
			ds[i].Values = []string{}
		}
	}
	return json.Marshal(struct {
		Directives []Directive `json:"directives"`
		Policy     string      `json:"policy"`
	}{ds, p.String()})
}

// Has reports whether the policy has directive name.
func (p *Policy) Has(name string) bool { _, ok := p.index[name]; return ok }

// Values returns the values of directive name (nil when absent).
func (p *Policy) Values(name string) []string {
	if i, ok := p.index[name]; ok {
		return p.directives[i].Values
	}
	return nil
}

// Set sets directive name to values, keeping its position if it exists and
// appending it otherwise.
func (p *Policy) Set(name string, values []string) {
	if i, ok := p.index[name]; ok {
		p.directives[i].Values = values
		return
	}
	if p.index == nil {
		p.index = map[string]int{}
	}
	p.index[name] = len(p.directives)
	p.directives = append(p.directives, Directive{Name: name, Values: values})
}

// Delete removes directive name if present.
func (p *Policy) Delete(name string) {
	i, ok := p.index[name]
	if !ok {
		return
	}
	p.directives = slices.Delete(p.directives, i, i+1)
	delete(p.index, name)
	for j := i; j < len(p.directives); j++ {
		p.index[p.directives[j].Name] = j
	}
}

// Clone returns a deep copy.
func (p *Policy) Clone() *Policy {
	c := &Policy{dropped: slices.Clone(p.dropped)}
	for _, d := range p.directives {
		c.Set(d.Name, slices.Clone(d.Values))
	}
	return c
}

// String serializes the policy: directives joined by "; ", a directive's
// name and values by single spaces. Parse(p.String()) equals p, and String
// of that is the same text again.
func (p *Policy) String() string {
	var b strings.Builder
	for i, d := range p.directives {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.Name)
		for _, v := range d.Values {
			b.WriteByte(' ')
			b.WriteString(v)
		}
	}
	return b.String()
}

// EffectiveDirective is the directive a browser consults for name: name
// itself when present, else script-src for script-src-attr/-elem (and
// style-src for the style ones), else default-src for fetch directives.
func (p *Policy) EffectiveDirective(name string) string {
	if p.Has(name) {
		return name
	}
	if (name == "script-src-attr" || name == "script-src-elem") && p.Has("script-src") {
		return "script-src"
	}
	if (name == "style-src-attr" || name == "style-src-elem") && p.Has("style-src") {
		return "style-src"
	}
	if _, fetch := fetchDirectives[name]; fetch {
		return "default-src"
	}
	return name
}

// effectiveDirectives maps names to their effective directives, without
// repeats, in first-seen order.
func (p *Policy) effectiveDirectives(names ...string) []string {
	var out []string
	for _, n := range names {
		if e := p.EffectiveDirective(n); !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

func (p *Policy) effectiveValues(name string) []string {
	return p.Values(p.EffectiveDirective(name))
}

// HasScriptNonces reports whether the directive governing scripts (script-src
// when directive is "") carries a well-formed nonce.
func (p *Policy) HasScriptNonces(directive string) bool {
	return slices.ContainsFunc(p.scriptValues(directive), func(v string) bool { return IsNonce(v, true) })
}

// HasScriptHashes reports whether the directive governing scripts carries a
// well-formed hash.
func (p *Policy) HasScriptHashes(directive string) bool {
	return slices.ContainsFunc(p.scriptValues(directive), func(v string) bool { return IsHash(v, true) })
}

// HasStrictDynamic reports whether the directive governing scripts has
// 'strict-dynamic'.
func (p *Policy) HasStrictDynamic(directive string) bool {
	return slices.Contains(p.scriptValues(directive), kwStrictDynamic)
}

func (p *Policy) scriptValues(directive string) []string {
	if directive == "" {
		directive = "script-src"
	}
	return p.effectiveValues(directive)
}
