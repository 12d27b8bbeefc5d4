package sanitize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html/atom"
)

// The JSON policy format (docs/sanitize.md). Decoding goes through
// json.RawMessage maps by hand rather than tagged structs so that every error
// names the full path of the offending key ("elements.a.attributes.href.hosts").

// spec is a decoded, not yet compiled policy. Presets are specs too: a policy
// object with "preset" starts from the preset's spec and adds to it.
type spec struct {
	elements       map[string]*elemSpec
	global         map[string]*attrSpec
	schemes        []string
	relative       bool
	styles         map[string]*styleSpec
	classes        []string
	classesSet     bool
	dataAttributes bool
	links          *linkSpec
	maxInput       int
	maxDepth       int
	svg, mathml    json.RawMessage // foreign.go; nil: off
}

type elemSpec struct {
	attrs      map[string]*attrSpec
	sandbox    []string
	sandboxSet bool
}

type attrSpec struct {
	values   []string
	pattern  string
	typ      string
	schemes  []string
	relative *bool
	hosts    []string
}

type styleSpec struct {
	values  []string
	pattern string
}

type linkSpec struct {
	rel            []string
	externalRel    []string
	externalTarget string
}

// Defaults for policy objects that do not say otherwise.
const (
	// DefaultMaxInput is the default cap on input size, in bytes.
	DefaultMaxInput = 2 << 20
	// DefaultMaxDepth is the default cap on element nesting (OWASP's is 256;
	// the parser itself refuses 512).
	DefaultMaxDepth = 256
	maxDepthCap     = 500
	maxInputCap     = 64 << 20
)

func newSpec() *spec {
	return &spec{
		elements: map[string]*elemSpec{}, global: map[string]*attrSpec{}, styles: map[string]*styleSpec{},
		schemes: []string{"http", "https", "mailto"}, relative: true,
		maxInput: DefaultMaxInput, maxDepth: DefaultMaxDepth,
	}
}

// object decodes raw as a JSON object whose keys must all be in known.
func object(path string, raw json.RawMessage, known ...string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := strictUnmarshal(raw, &m); err != nil || m == nil {
		return nil, configError(path, "must be a JSON object")
	}
	for k := range m {
		if !contains(known, k) {
			return nil, configError(join(path, k), "unknown key (known: %s)", strings.Join(known, ", "))
		}
	}
	return m, nil
}

func strictUnmarshal(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func configError(path, format string, args ...any) error {
	if path == "" {
		path = "policy"
	}
	return &Error{code: CodeBadConfig, msg: path + ": " + fmt.Sprintf(format, args...)}
}

func strList(path string, raw json.RawMessage) ([]string, error) {
	var l []string
	if err := strictUnmarshal(raw, &l); err != nil {
		return nil, configError(path, "must be a list of strings")
	}
	return l, nil
}

func boolValue(path string, raw json.RawMessage) (bool, error) {
	var b bool
	if err := strictUnmarshal(raw, &b); err != nil {
		return false, configError(path, "must be true or false")
	}
	return b, nil
}

func intValue(path string, raw json.RawMessage, lo, hi int) (int, error) {
	var n int
	if err := strictUnmarshal(raw, &n); err != nil || n < lo || n > hi {
		return 0, configError(path, "must be an integer from %d to %d", lo, hi)
	}
	return n, nil
}

// decodePolicy decodes a policy object. A "preset" key makes it extend that
// preset's spec.
func decodePolicy(raw json.RawMessage) (*spec, error) {
	m, err := object("", raw, "preset", "elements", "attributes", "schemes", "relativeUrls",
		"styles", "classes", "dataAttributes", "links", "limits", "svg", "mathml")
	if err != nil {
		return nil, err
	}
	s := newSpec()
	if p, ok := m["preset"]; ok {
		var name string
		if err := strictUnmarshal(p, &name); err != nil {
			return nil, configError("preset", "must be a preset name")
		}
		src, ok := presetSources[name]
		if !ok {
			return nil, configError("preset", "unknown preset %q (presets: %s)", name, strings.Join(PresetNames(), ", "))
		}
		if s, err = decodePolicy(json.RawMessage(src)); err != nil {
			return nil, err
		}
	}
	// Keys are applied in a fixed order so that the first error reported for
	// a bad policy is the same every time.
	for _, key := range sortedKeys(m) {
		v := m[key]
		switch key {
		case "elements":
			err = s.decodeElements(v)
		case "attributes":
			err = decodeAttrs("attributes", v, s.global)
		case "schemes":
			s.schemes, err = strList(key, v)
		case "relativeUrls":
			s.relative, err = boolValue(key, v)
		case "styles":
			err = s.decodeStyles(v)
		case "classes":
			s.classes, err = strList(key, v)
			s.classesSet = true
		case "dataAttributes":
			s.dataAttributes, err = boolValue(key, v)
		case "links":
			err = s.decodeLinks(v)
		case "limits":
			err = s.decodeLimits(v)
		case "svg":
			s.svg = v
		case "mathml":
			s.mathml = v
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *spec) decodeElements(raw json.RawMessage) error {
	var m map[string]json.RawMessage
	if err := strictUnmarshal(raw, &m); err != nil || m == nil {
		return configError("elements", "must be an object mapping element names to attribute lists or element objects")
	}
	for _, name := range sortedKeys(m) {
		path := "elements." + name
		e := s.elements[name]
		if e == nil {
			e = &elemSpec{attrs: map[string]*attrSpec{}}
			s.elements[name] = e
		}
		v := bytes.TrimSpace(m[name])
		if len(v) > 0 && v[0] == '[' {
			if err := decodeAttrs(path, v, e.attrs); err != nil {
				return err
			}
			continue
		}
		em, err := object(path, v, "attributes", "sandbox")
		if err != nil {
			return err
		}
		if a, ok := em["attributes"]; ok {
			if err := decodeAttrs(path+".attributes", a, e.attrs); err != nil {
				return err
			}
		}
		if sb, ok := em["sandbox"]; ok {
			if e.sandbox, err = strList(path+".sandbox", sb); err != nil {
				return err
			}
			e.sandboxSet = true
		}
	}
	return nil
}

// decodeAttrs reads either a list of attribute names or an object mapping
// names to attribute specs, into into.
func decodeAttrs(path string, raw json.RawMessage, into map[string]*attrSpec) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		names, err := strList(path, raw)
		if err != nil {
			return err
		}
		for _, n := range names {
			into[n] = &attrSpec{}
		}
		return nil
	}
	var m map[string]json.RawMessage
	if err := strictUnmarshal(raw, &m); err != nil || m == nil {
		return configError(path, "must be a list of attribute names or an object of attribute rules")
	}
	for _, name := range sortedKeys(m) {
		ap := join(path, name)
		am, err := object(ap, m[name], "values", "pattern", "type", "schemes", "relativeUrls", "hosts")
		if err != nil {
			return err
		}
		a := &attrSpec{}
		for _, key := range sortedKeys(am) {
			v := am[key]
			switch key {
			case "values":
				a.values, err = strList(join(ap, key), v)
			case "pattern":
				if strictUnmarshal(v, &a.pattern) != nil {
					err = configError(join(ap, key), "must be a string")
				}
			case "type":
				if strictUnmarshal(v, &a.typ) != nil {
					err = configError(join(ap, key), "must be a string")
				}
			case "schemes":
				a.schemes, err = strList(join(ap, key), v)
			case "relativeUrls":
				var b bool
				b, err = boolValue(join(ap, key), v)
				a.relative = &b
			case "hosts":
				a.hosts, err = strList(join(ap, key), v)
			}
			if err != nil {
				return err
			}
		}
		into[name] = a
	}
	return nil
}

func (s *spec) decodeStyles(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		names, err := strList("styles", raw)
		if err != nil {
			return err
		}
		for _, n := range names {
			s.styles[n] = &styleSpec{}
		}
		return nil
	}
	var m map[string]json.RawMessage
	if err := strictUnmarshal(raw, &m); err != nil || m == nil {
		return configError("styles", "must be a list of CSS properties or an object of property rules")
	}
	for _, prop := range sortedKeys(m) {
		path := "styles." + prop
		pm, err := object(path, m[prop], "values", "pattern")
		if err != nil {
			return err
		}
		st := &styleSpec{}
		if v, ok := pm["values"]; ok {
			if st.values, err = strList(path+".values", v); err != nil {
				return err
			}
		}
		if v, ok := pm["pattern"]; ok {
			if strictUnmarshal(v, &st.pattern) != nil {
				return configError(path+".pattern", "must be a string")
			}
		}
		s.styles[prop] = st
	}
	return nil
}

func (s *spec) decodeLinks(raw json.RawMessage) error {
	m, err := object("links", raw, "rel", "externalRel", "externalTarget")
	if err != nil {
		return err
	}
	l := &linkSpec{}
	if s.links != nil {
		*l = *s.links
	}
	if v, ok := m["rel"]; ok {
		if l.rel, err = strList("links.rel", v); err != nil {
			return err
		}
	}
	if v, ok := m["externalRel"]; ok {
		if l.externalRel, err = strList("links.externalRel", v); err != nil {
			return err
		}
	}
	if v, ok := m["externalTarget"]; ok {
		if strictUnmarshal(v, &l.externalTarget) != nil {
			return configError("links.externalTarget", "must be a string")
		}
	}
	s.links = l
	return nil
}

func (s *spec) decodeLimits(raw json.RawMessage) error {
	m, err := object("limits", raw, "maxInputBytes", "maxDepth")
	if err != nil {
		return err
	}
	if v, ok := m["maxInputBytes"]; ok {
		if s.maxInput, err = intValue("limits.maxInputBytes", v, 1, maxInputCap); err != nil {
			return err
		}
	}
	if v, ok := m["maxDepth"]; ok {
		if s.maxDepth, err = intValue("limits.maxDepth", v, 1, maxDepthCap); err != nil {
			return err
		}
	}
	return nil
}

// validAttrName accepts the lower-case names the HTML parser can produce for
// attributes that a policy may reasonably name.
func validAttrName(n string) bool {
	if n == "" || !(n[0] >= 'a' && n[0] <= 'z') {
		return false
	}
	for i := 1; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || isASCIIDigit(c) || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

var validRelTokens = map[string]bool{"nofollow": true, "noopener": true, "noreferrer": true, "ugc": true, "sponsored": true, "external": true}

// compile checks a spec for unknown names and impossible combinations and
// turns it into an immutable Policy.
func (s *spec) compile(name string) (*Policy, error) {
	p := &Policy{
		name: name, elements: map[string]*elementRule{}, byAtom: map[atom.Atom]*elementRule{},
		data: s.dataAttributes, maxInput: s.maxInput, maxDepth: s.maxDepth,
	}
	defaultURL, err := compileURLRule("schemes", s.schemes, s.relative, nil, "")
	if err != nil {
		return nil, err
	}
	anyClass := false
	for _, en := range sortedKeys(s.elements) {
		path := "elements." + en
		class, known := elementTable[en]
		switch {
		case !known:
			return nil, configError(path, "unknown HTML element")
		case class == dropped:
			return nil, configError(path, "can never be allowed (raw text, script-capable, metadata or foreign content)")
		}
		e := s.elements[en]
		rule := &elementRule{attrs: map[string]*attrRule{}, iframe: class == framed,
			void: voidElements[en], formatting: formattingElements[en], needs: needsURL[en], replay: replayTable[en]}
		if e.sandboxSet && !rule.iframe {
			return nil, configError(path+".sandbox", "only iframe takes a sandbox")
		}
		if rule.iframe {
			if rule.sandbox, err = compileSandbox(path+".sandbox", e.sandbox); err != nil {
				return nil, err
			}
		}
		for _, an := range sortedKeys(e.attrs) {
			ar, err := compileAttr(path+".attributes."+an, an, e.attrs[an], s, defaultURL)
			if err != nil {
				return nil, err
			}
			if rule.iframe && an == "src" && ar.url.hosts == nil {
				return nil, configError(path+".attributes.src", `an iframe src needs "hosts" (an allowlist of embeddable hosts)`)
			}
			anyClass = anyClass || an == "class"
			rule.attrs[an] = ar
		}
		p.elements[en] = rule
	}
	// Global rules only exist here: they are merged into every element's
	// below, so that sanitizing looks an attribute up once.
	global := map[string]*attrRule{}
	for _, an := range sortedKeys(s.global) {
		if an == "src" || an == "srcset" {
			// A global src would reach iframe without its host allowlist.
			return nil, configError("attributes."+an, "resource URLs are allowed per element, not globally")
		}
		ar, err := compileAttr("attributes."+an, an, s.global[an], s, defaultURL)
		if err != nil {
			return nil, err
		}
		anyClass = anyClass || an == "class"
		global[an] = ar
	}
	for en, rule := range p.elements {
		// The element's own rule wins over a global one.
		for an, ar := range global {
			if rule.attrs[an] == nil {
				rule.attrs[an] = ar
			}
		}
		if a := atom.Lookup([]byte(en)); a != 0 {
			p.byAtom[a] = rule
		}
	}
	if s.classesSet {
		if !anyClass {
			return nil, configError("classes", `no element allows the "class" attribute`)
		}
		p.classes = map[string]bool{}
		for _, c := range s.classes {
			if !validClassToken(c) {
				return nil, configError("classes", "%q is not a class name (letters, digits, '-' and '_')", c)
			}
			p.classes[c] = true
		}
	}
	if len(s.styles) > 0 {
		p.styles = map[string]*styleRule{}
		for _, prop := range sortedKeys(s.styles) {
			r, err := compileStyle("styles."+prop, prop, s.styles[prop])
			if err != nil {
				return nil, err
			}
			p.styles[prop] = r
			if r.grammar != nil && r.grammar.classes&cssURL != 0 {
				p.styleURL = defaultURL
			}
		}
	}
	if s.links != nil {
		if p.links, err = compileLinks(s.links, p); err != nil {
			return nil, err
		}
	}
	if s.svg != nil {
		if p.svg, err = svgLanguage.compile(s.svg); err != nil {
			return nil, err
		}
	}
	if s.mathml != nil {
		if p.mathml, err = mathmlLanguage.compile(s.mathml); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func compileAttr(path, name string, a *attrSpec, s *spec, defaultURL *urlRule) (*attrRule, error) {
	if !validAttrName(name) {
		return nil, configError(path, "not a valid lower-case attribute name")
	}
	if strings.HasPrefix(name, "on") {
		return nil, configError(path, "event handler attributes are never allowed")
	}
	if why, bad := forbiddenAttributes[name]; bad {
		return nil, configError(path, "%s", why)
	}
	if strings.HasPrefix(name, "xmlns") {
		return nil, configError(path, "namespace declarations are never allowed")
	}
	r := &attrRule{kind: plainAttr}
	if k, ok := urlAttributes[name]; ok {
		r.kind = k
	} else if name == "class" {
		r.kind = classAttr
	}
	constraints := 0
	for _, set := range []bool{a.values != nil, a.pattern != "", a.typ != ""} {
		if set {
			constraints++
		}
	}
	if constraints > 1 {
		return nil, configError(path, `give at most one of "values", "pattern" and "type"`)
	}
	isURL := r.kind == urlAttr || r.kind == urlsAttr || r.kind == srcsetAttr
	if isURL {
		if constraints > 0 {
			return nil, configError(path, `a URL attribute is checked by "schemes", "relativeUrls" and "hosts", not by values`)
		}
		schemes, relative := s.schemes, s.relative
		if a.schemes != nil {
			schemes = a.schemes
		}
		if a.relative != nil {
			relative = *a.relative
		}
		if a.schemes == nil && a.relative == nil && a.hosts == nil {
			r.url = defaultURL
		} else {
			var err error
			if r.url, err = compileURLRule(path, schemes, relative, a.hosts, name); err != nil {
				return nil, err
			}
		}
		if r.url.schemes["data"] && !resourceAttributes[name] {
			return nil, configError(path+".schemes", "data: URLs are only allowed on src, srcset and poster")
		}
		return r, nil
	}
	if a.schemes != nil || a.relative != nil || a.hosts != nil {
		return nil, configError(path, `"schemes", "relativeUrls" and "hosts" apply to URL attributes only`)
	}
	if r.kind == classAttr && constraints > 0 {
		return nil, configError(path, `class tokens are constrained by the top-level "classes" key`)
	}
	switch {
	case a.values != nil:
		r.values = map[string]bool{}
		for _, v := range a.values {
			r.values[strings.ToLower(v)] = true
		}
	case a.pattern != "":
		re, err := regexp.Compile(`^(?:` + a.pattern + `)$`)
		if err != nil {
			return nil, configError(path+".pattern", "invalid regular expression: %v", err)
		}
		r.pattern = re
	case a.typ != "":
		check, ok := valueTypes[a.typ]
		if !ok {
			return nil, configError(path+".type", "unknown type %q (types: %s)", a.typ, strings.Join(sortedKeys(valueTypes), ", "))
		}
		r.check = check
	}
	return r, nil
}

func compileURLRule(path string, schemes []string, relative bool, hosts []string, attr string) (*urlRule, error) {
	r := &urlRule{schemes: map[string]bool{}, relative: relative}
	for _, sc := range schemes {
		l := strings.ToLower(sc)
		if urlScheme(l+":") != l {
			return nil, configError(path, "%q is not a URL scheme", sc)
		}
		switch l {
		case "javascript", "vbscript", "livescript", "jscript", "mocha":
			return nil, configError(path, "the %s: scheme runs script and is never allowed", l)
		}
		r.schemes[l] = true
	}
	if hosts != nil {
		if len(hosts) == 0 {
			return nil, configError(path+".hosts", "must name at least one host")
		}
		for _, h := range hosts {
			if !validHostPattern(h) {
				return nil, configError(path+".hosts", "%q is not a host name or *.domain pattern (use lower-case ASCII or punycode)", h)
			}
			r.hosts = append(r.hosts, strings.TrimPrefix(h, "*"))
		}
		if !r.schemes["https"] && !r.schemes["http"] {
			return nil, configError(path+".hosts", "hosts need the http or https scheme")
		}
	}
	return r, nil
}

func validHostPattern(h string) bool {
	h = strings.TrimPrefix(h, "*.")
	if h == "" || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..") {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || isASCIIDigit(c) || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func compileSandbox(path string, tokens []string) (string, error) {
	seen := map[string]bool{}
	var out []string
	for _, t := range tokens {
		if !validSandboxTokens[t] {
			return "", configError(path, "%q is not an allowed sandbox token", t)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return strings.Join(out, " "), nil
}

func compileStyle(path, prop string, st *styleSpec) (*styleRule, error) {
	switch {
	case st.values != nil && st.pattern != "":
		return nil, configError(path, `give either "values" or "pattern", not both`)
	case st.values != nil:
		r := &styleRule{values: map[string]bool{}}
		for _, v := range st.values {
			if cssUnsafe(v) {
				return nil, configError(path+".values", "%q can never be allowed in CSS", v)
			}
			r.values[strings.ToLower(strings.TrimSpace(v))] = true
		}
		return r, nil
	case st.pattern != "":
		re, err := regexp.Compile(`^(?:` + st.pattern + `)$`)
		if err != nil {
			return nil, configError(path+".pattern", "invalid regular expression: %v", err)
		}
		return &styleRule{pattern: re}, nil
	}
	g, ok := cssProperties[prop]
	if !ok {
		return nil, configError(path, `no built-in value grammar for this property; give "values" or "pattern"`)
	}
	return &styleRule{grammar: g}, nil
}

func compileLinks(l *linkSpec, p *Policy) (linkRule, error) {
	hasHref := false
	for _, en := range []string{"a", "area"} {
		if e := p.elements[en]; e != nil && (e.attrs["href"] != nil) {
			hasHref = true
		}
	}
	if !hasHref {
		return linkRule{}, configError("links", "no a or area element allows href")
	}
	for _, list := range [][]string{l.rel, l.externalRel} {
		for _, t := range list {
			if !validRelTokens[t] {
				return linkRule{}, configError("links", "%q is not a supported rel token", t)
			}
		}
	}
	if l.externalTarget != "" && l.externalTarget != "_blank" {
		return linkRule{}, configError("links.externalTarget", `only "_blank" is supported`)
	}
	return linkRule{rel: l.rel, externalRel: l.externalRel, externalTarget: l.externalTarget}, nil
}

func validClassToken(c string) bool {
	if c == "" {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(isASCIIAlpha(ch) || isASCIIDigit(ch) || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
