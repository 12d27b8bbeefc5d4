// Package sanitize removes from untrusted HTML everything a policy does not
// allow, so that the result is safe to insert into a page.
//
// It parses like a browser: the input goes through the WHATWG tree builder
// (golang.org/x/net/html, fragment parsing in a body context), the policy is
// applied to the tree, the tree is serialized with the browser's own escaping
// rules, and the result is parsed and sanitized again until it no longer
// changes (a fixpoint). What a browser builds from the output is therefore
// exactly what the policy allowed, which is what blocks mutation XSS.
//
// A policy is compiled once from JSON (a preset name or a policy object, see
// docs/sanitize.md) and is then immutable and safe for concurrent use.
package sanitize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Stable error codes (docs/abi.md).
const (
	CodeBadConfig = "bad_config" // the policy failed to compile
	CodeTooLarge  = "too_large"  // the input is over the policy's size or nesting limit
)

// Error is a sanitizer error with a stable code.
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Code returns the stable error code (CodeBadConfig or CodeTooLarge).
func (e *Error) Code() string { return e.code }

func errorf(code, format string, args ...any) error {
	return &Error{code: code, msg: fmt.Sprintf(format, args...)}
}

// Policy is a compiled sanitizer policy. It is immutable and safe for
// concurrent use.
type Policy struct {
	name     string
	elements map[string]*elementRule
	byAtom   map[atom.Atom]*elementRule // elements, keyed by atom when the name has one
	styles   map[string]*styleRule      // nil: no style attribute
	styleURL *urlRule                   // for url() in CSS, when a property takes one
	classes  map[string]bool            // nil: any well-formed class token
	data     bool                       // data-* attributes
	links    linkRule
	maxInput int
	maxDepth int
	svg      *foreignRule // nil: SVG dropped with its content (foreign.go)
	mathml   *foreignRule // nil: MathML dropped with its content
}

// presetSources are the presets, written in the public policy format so that
// they are compiled, validated and documented like any user policy.
var presetSources = map[string]string{
	"strict": `{}`,
	"basic": `{
		"elements": {"b":[],"i":[],"u":[],"s":[],"em":[],"strong":[],"small":[],"mark":[],
			"sub":[],"sup":[],"code":[],"kbd":[],"samp":[],"var":[],"abbr":[],"cite":[],"dfn":[],
			"q":[],"del":[],"ins":[],"bdi":[],"span":[],"br":[],"wbr":[],"p":[]},
		"attributes": {"title":{},"lang":{"type":"lang"},"dir":{"values":["ltr","rtl","auto"]}}
	}`,
	"ugc": ugcSource,
	"rich": `{
		"preset": "ugc",
		"elements": {
			"img": {"attributes": {"src":{"schemes":["https"],"relativeUrls":true},
				"srcset":{"schemes":["https"],"relativeUrls":true},"loading":{"values":["lazy","eager"]}}},
			"picture":[], "source": {"attributes": {"srcset":{"schemes":["https"],"relativeUrls":true},
				"media":{},"type":{},"width":{"type":"integer"},"height":{"type":"integer"}}},
			"kbd":[], "nav":[], "header":[], "footer":[], "main":[], "address":[], "center":[],
			"a": {"attributes": {"href":{}, "target":{"values":["_blank","_self"]}}}
		},
		"attributes": {"class":{}},
		"styles": ["color","background-color","text-align","text-decoration","font-weight","font-style",
			"font-size","font-family","line-height","margin","margin-top","margin-right","margin-bottom",
			"margin-left","padding","padding-top","padding-right","padding-bottom","padding-left",
			"border","border-color","border-style","border-width","border-radius","border-collapse",
			"width","max-width","height","vertical-align","white-space","list-style-type"],
		"links": {"rel":["nofollow"],"externalRel":["noopener","noreferrer"],"externalTarget":"_blank"}
	}`,
}

// ugcSource mirrors bluemonday's UGCPolicy (v1.0.27), minus "id" (DOM
// clobbering) and with its loose regular expressions tightened.
const ugcSource = `{
	"elements": {
		"article":[], "aside":[], "details": {"attributes": {"open":{"values":["","open"]}}},
		"figure":[], "figcaption":[], "section":[], "summary":[], "hgroup":[],
		"h1":[], "h2":[], "h3":[], "h4":[], "h5":[], "h6":[],
		"blockquote": ["cite"], "br":[], "div":[], "hr":[], "p":[], "span":[], "wbr":[],
		"a": ["href"],
		"map": {"attributes": {"name":{"type":"name"}}},
		"area": {"attributes": {"href":{}, "alt":{}, "coords":{"pattern":"[0-9]+(,[0-9]+)+"},
			"rel":{"type":"tokens"}, "shape":{"values":["default","circle","rect","poly"]}}},
		"abbr":[], "acronym":[], "cite":[], "code":[], "dfn":[], "em":[], "mark":[], "s":[], "samp":[],
		"strong":[], "sub":[], "sup":[], "var":[], "q": ["cite"],
		"time": {"attributes": {"datetime":{"type":"datetime"}}},
		"b":[], "i":[], "pre":[], "small":[], "strike":[], "tt":[], "u":[],
		"bdi": {"attributes": {"dir":{"values":["ltr","rtl"]}}},
		"bdo": {"attributes": {"dir":{"values":["ltr","rtl"]}}},
		"rp":[], "rt":[], "ruby":[],
		"del": {"attributes": {"cite":{}, "datetime":{"type":"datetime"}}},
		"ins": {"attributes": {"cite":{}, "datetime":{"type":"datetime"}}},
		"ol": {"attributes": {"type":{"values":["1","a","A","i","I"]}, "start":{"type":"integer"}, "reversed":{"values":["","reversed"]}}},
		"ul": {"attributes": {"type":{"values":["circle","disc","square"]}}},
		"li": {"attributes": {"value":{"type":"integer"}}},
		"dl":[], "dt":[], "dd":[],
		"table": {"attributes": {"height":{"type":"numberOrPercent"}, "width":{"type":"numberOrPercent"}, "summary":{}}},
		"caption":[],
		"col": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "height":{"type":"numberOrPercent"},
			"width":{"type":"numberOrPercent"}, "span":{"type":"integer"}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"colgroup": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "height":{"type":"numberOrPercent"},
			"width":{"type":"numberOrPercent"}, "span":{"type":"integer"}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"thead": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"tbody": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"tfoot": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"tr": {"attributes": {"align":{"values":["center","justify","left","right","char"]}, "valign":{"values":["baseline","bottom","middle","top"]}}},
		"td": {"attributes": {"abbr":{}, "align":{"values":["center","justify","left","right","char"]}, "colspan":{"type":"integer"},
			"rowspan":{"type":"integer"}, "headers":{"type":"tokens"}, "height":{"type":"numberOrPercent"}, "width":{"type":"numberOrPercent"},
			"scope":{"values":["row","col","rowgroup","colgroup"]}, "valign":{"values":["baseline","bottom","middle","top"]}, "nowrap":{"values":["","nowrap"]}}},
		"th": {"attributes": {"abbr":{}, "align":{"values":["center","justify","left","right","char"]}, "colspan":{"type":"integer"},
			"rowspan":{"type":"integer"}, "headers":{"type":"tokens"}, "height":{"type":"numberOrPercent"}, "width":{"type":"numberOrPercent"},
			"scope":{"values":["row","col","rowgroup","colgroup"]}, "valign":{"values":["baseline","bottom","middle","top"]}, "nowrap":{"values":["","nowrap"]}}},
		"meter": {"attributes": {"value":{"type":"number"}, "min":{"type":"number"}, "max":{"type":"number"},
			"low":{"type":"number"}, "high":{"type":"number"}, "optimum":{"type":"number"}}},
		"progress": {"attributes": {"value":{"type":"number"}, "max":{"type":"number"}}},
		"img": {"attributes": {"src":{}, "alt":{}, "height":{"type":"numberOrPercent"}, "width":{"type":"numberOrPercent"},
			"align":{"values":["left","right","top","texttop","middle","absmiddle","baseline","bottom","absbottom"]},
			"usemap":{"type":"name"}}}
	},
	"attributes": {"title":{}, "lang":{"type":"lang"}, "dir":{"values":["ltr","rtl","auto"]}},
	"links": {"rel":["nofollow"]}
}`

var (
	presetMu       sync.Mutex
	presetPolicies = map[string]*Policy{}
)

// PresetNames lists the preset policy names, sorted.
func PresetNames() []string {
	return sortedKeys(presetSources)
}

// Preset returns the named preset policy. Presets are compiled on first use
// and shared.
func Preset(name string) (*Policy, error) {
	presetMu.Lock()
	defer presetMu.Unlock()
	if p, ok := presetPolicies[name]; ok {
		return p, nil
	}
	src, ok := presetSources[name]
	if !ok {
		return nil, errorf(CodeBadConfig, "unknown preset %q (presets: %s)", name, strings.Join(PresetNames(), ", "))
	}
	s, err := decodePolicy(json.RawMessage(src))
	if err != nil {
		return nil, err
	}
	p, err := s.compile(name)
	if err != nil {
		return nil, err
	}
	presetPolicies[name] = p
	return p, nil
}

// Compile compiles a JSON policy configuration: either a preset name as a
// JSON string ("ugc") or a policy object (docs/sanitize.md), which may extend
// a preset with {"preset": "ugc", …}. Errors have code CodeBadConfig and name
// the offending key.
func Compile(config []byte) (*Policy, error) {
	config = bytes.TrimSpace(config)
	switch {
	case len(config) > 0 && config[0] == '"':
		var name string
		if err := strictUnmarshal(config, &name); err != nil {
			return nil, errorf(CodeBadConfig, "policy: %v", err)
		}
		return Preset(name)
	case len(config) > 0 && config[0] == '{':
		s, err := decodePolicy(config)
		if err != nil {
			return nil, err
		}
		return s.compile("")
	}
	return nil, errorf(CodeBadConfig, "policy: must be a preset name (%s) or a policy object", strings.Join(PresetNames(), ", "))
}

// Name returns the preset name the policy was built from, or "" for a
// policy object.
func (p *Policy) Name() string { return p.name }

// MaxInput returns the largest input, in bytes, that Sanitize accepts.
func (p *Policy) MaxInput() int { return p.maxInput }

// maxPasses bounds the serialize/re-parse loop. Sanitizing removes or
// unwraps elements, which can leave a tree the parser would build
// differently (a <p> inside a <p> once an unwrapped <button> between them is
// gone); each pass settles one layer of such nesting, and real input settles
// in one or two. Past the bound the output degrades to text.
const maxPasses = 4

// Sanitize returns html with everything the policy forbids removed. The
// result is a fixpoint: sanitizing it again returns it unchanged. Errors
// have code CodeTooLarge (input over the size or nesting limit).
func (p *Policy) Sanitize(html string) (string, error) {
	if len(html) > p.maxInput {
		return "", errorf(CodeTooLarge, "input is %d bytes, limit %d", len(html), p.maxInput)
	}
	if isPlainText(html) {
		// Nothing to parse: no tags, no character references, nothing the
		// parser rewrites. The output is the escaped text, which is what the
		// full path produces too (tested).
		return escapeTextString(html), nil
	}
	out, trivial, err := p.pass(html, true)
	if err != nil {
		return "", err
	}
	if trivial || out == html {
		// Either a browser parses out into exactly the tree it was written
		// from (see replay), or the input was already sanitized output
		// (content sanitized when stored and again when rendered), so that
		// pass(out) == pass(html) == out. Both make out a fixpoint without
		// parsing it again.
		return out, nil
	}
	for i := 1; i < maxPasses; i++ {
		again, _, err := p.pass(out, true)
		if err == nil && again == out {
			return out, nil
		}
		if err != nil {
			break
		}
		out = again
	}
	// Did not settle: keep the text only. Text re-parses as itself.
	text, _, err := p.pass(out, false)
	if err != nil {
		return "", err
	}
	return text, nil
}

// isPlainText reports input that parses as a single text node equal to
// itself: no tag, no character reference, no CR (turned into LF) and no NUL.
func isPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if escapeClass[s[i]]&textMarkup != 0 {
			return false
		}
	}
	return true
}

// pass parses s as a body fragment and serializes what the policy allows
// (or, with markup false, only the text). trivial reports that a browser
// would parse the output back into the same tree (see replay).
func (p *Policy) pass(s string, markup bool) (out string, trivial bool, err error) {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		// x/net/html refuses input nested deeper than 512 elements; nothing
		// else in a strings.Reader can fail.
		return "", false, errorf(CodeTooLarge, "elements are nested deeper than the HTML parser allows (%v)", err)
	}
	w := walker{p: p, markup: markup}
	w.b.Grow(len(s))
	for _, n := range nodes {
		if w.node(n, 1) {
			return "", false, errorf(CodeTooLarge, "elements are nested deeper than %d", p.maxDepth)
		}
	}
	return w.b.String(), !w.replay.unsure, nil
}

// walker serializes the allowed part of a parsed tree.
type walker struct {
	p      *Policy
	markup bool
	b      strings.Builder
	attrs  []html.Attribute // scratch, reused for every element
	// afterPre is set right after a <pre> start tag: a newline there is
	// eaten by the parser, so a text that starts with one needs another.
	afterPre bool
	replay   replay
	// ns is the namespace of the nearest foreign element being written
	// ("svg" or "math"), "" outside foreign content.
	ns string
}

// node writes n and reports whether the depth limit was exceeded.
func (w *walker) node(n *html.Node, depth int) (tooDeep bool) {
	switch n.Type {
	case html.TextNode:
		if w.afterPre && strings.HasPrefix(n.Data, "\n") {
			w.b.WriteByte('\n')
		}
		w.afterPre = false
		w.replay.text(n.Data)
		escapeText(&w.b, n.Data)
		return false
	case html.ElementNode:
	default:
		return false // comments, doctypes
	}
	if depth > w.p.maxDepth {
		return true
	}
	if n.Namespace != "" {
		// SVG and MathML: dropped with their content unless the policy's
		// safe mode allows the element here (foreign.go). In text-only mode
		// foreign content is dropped: its text may be raw text elsewhere.
		if r, ok := w.p.foreignAllowed(n, w.ns); ok && w.markup {
			return w.foreign(n, r, depth)
		}
		return false
	}
	if w.ns != "" {
		// An HTML element inside foreign content, put there by an
		// integration point: never emitted, its text only.
		return w.unwrap(n, depth, false)
	}
	rule := w.p.rule(n)
	if rule == nil || !w.markup || !w.filterAttrs(n, rule) {
		// Not allowed (or text only): unwrapped. An allowed element that
		// filterAttrs rejects is a link without a URL or an image without
		// a source: what is left is a dead element, unwrapped too
		// (bluemonday does the same).
		return w.unwrap(n, depth, w.markup)
	}
	w.afterPre = false
	w.replay.start(rule.replay)
	w.startTag(n)
	if !rule.void {
		if !rule.iframe {
			w.afterPre = n.DataAtom == atom.Pre
			if w.children(n, depth) {
				return true
			}
		}
		w.afterPre = false
		w.b.WriteString("</")
		w.b.WriteString(n.Data)
		w.b.WriteByte('>')
	}
	w.replay.end()
	return false
}

// unwrap writes n's content without n (markup: whether the content may keep
// its markup), or nothing when the element's content must go with it.
func (w *walker) unwrap(n *html.Node, depth int, markup bool) (tooDeep bool) {
	if class := classOf(n); class == dropped || class == framed {
		return false
	}
	saved := w.markup
	w.markup = markup
	tooDeep = w.children(n, depth)
	w.markup = saved
	return tooDeep
}

// rule returns p.elements[n.Data], by atom when it can (nameAtom).
func (p *Policy) rule(n *html.Node) *elementRule {
	if a := nameAtom(n); a != 0 {
		return p.byAtom[a]
	}
	return p.elements[n.Data]
}

func (w *walker) children(n *html.Node, depth int) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if w.node(c, depth+1) {
			return true
		}
	}
	return false
}

// needsURL lists elements that are pointless without one of their URL
// attributes.
var needsURL = map[string][2]string{
	"a": {"href"}, "area": {"href"}, "img": {"src", "srcset"}, "iframe": {"src"},
	"source": {"src", "srcset"}, "track": {"src"},
}

// filterAttrs collects into w.attrs the attributes of n that the policy
// allows, rewritten (links, sandbox), and reports whether the element is
// worth keeping.
func (w *walker) filterAttrs(n *html.Node, rule *elementRule) bool {
	p := w.p
	attrs := w.attrs[:0]
	for _, a := range n.Attr {
		if v, ok := p.attribute(rule, a); ok {
			attrs = append(attrs, html.Attribute{Key: a.Key, Val: v})
		}
	}
	w.attrs = attrs
	if need := rule.needs; need[0] != "" && !hasAttr(attrs, need[0]) && (need[1] == "" || !hasAttr(attrs, need[1])) {
		return false
	}
	if n.DataAtom == atom.A || n.DataAtom == atom.Area {
		attrs = p.rewriteLink(attrs)
	}
	if rule.iframe {
		attrs = append(attrs, html.Attribute{Key: "sandbox", Val: rule.sandbox})
	}
	if rule.formatting {
		// x/net/html sorts the attributes of formatting elements by name
		// when it parses them (browsers keep source order). Emitting them
		// sorted keeps the output a fixpoint of our own parser; attribute
		// order has no meaning.
		slices.SortFunc(attrs, func(a, b html.Attribute) int { return strings.Compare(a.Key, b.Key) })
	}
	w.attrs = attrs
	return true
}

// formattingElements are the tree builder's "formatting" elements.
var formattingElements = setOf("a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u")

func hasAttr(attrs []html.Attribute, key string) bool {
	for _, a := range attrs {
		if a.Key == key {
			return true
		}
	}
	return false
}

// startTag writes n's start tag with the attributes filterAttrs kept.
func (w *walker) startTag(n *html.Node) {
	w.b.WriteByte('<')
	w.b.WriteString(n.Data)
	for _, a := range w.attrs {
		w.b.WriteByte(' ')
		w.b.WriteString(a.Key)
		w.b.WriteString(`="`)
		escapeAttr(&w.b, a.Val)
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
}

// attribute returns the value to emit for a, or false to drop it.
func (p *Policy) attribute(rule *elementRule, a html.Attribute) (string, bool) {
	if a.Namespace != "" {
		return "", false
	}
	if a.Key == "style" {
		if p.styles == nil {
			return "", false
		}
		v := p.sanitizeStyle(a.Val)
		return v, v != ""
	}
	r := rule.attrs[a.Key]
	if r == nil {
		return a.Val, p.data && validDataAttr(a.Key)
	}
	switch r.kind {
	case urlAttr:
		return a.Val, r.url.allows(a.Val, a.Key)
	case urlsAttr:
		for _, u := range strings.Fields(a.Val) {
			if !r.url.allows(u, a.Key) {
				return "", false
			}
		}
		return a.Val, true
	case srcsetAttr:
		urls, ok := splitSrcset(a.Val)
		if !ok || len(urls) == 0 {
			return "", false
		}
		for _, u := range urls {
			if !r.url.allows(u, a.Key) {
				return "", false
			}
		}
		return a.Val, true
	case classAttr:
		v := p.filterClasses(a.Val)
		return v, v != ""
	}
	return a.Val, r.valueAllowed(a.Val)
}

// filterClasses keeps the class tokens the policy allows.
func (p *Policy) filterClasses(v string) string {
	tokens := strings.Fields(v)
	kept := tokens[:0]
	for _, t := range tokens {
		if p.classes != nil && p.classes[t] || p.classes == nil && validClassToken(t) {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, " ")
}

// validDataAttr accepts data-* names that browsers expose through dataset
// and that cannot be mistaken for something else: lower-case letters,
// digits, '-', '_' and '.' after "data-", and not data-xml*.
func validDataAttr(k string) bool {
	if !strings.HasPrefix(k, "data-") || len(k) == len("data-") || strings.HasPrefix(k, "data-xml") {
		return false
	}
	for i := len("data-"); i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || isASCIIDigit(c) || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// rewriteLink applies the policy's link rules to the attributes of an a or
// area element: rel tokens for every link and for external ones, target for
// external ones, and rel=noopener whenever a target other than _self is
// present (what bluemonday and OWASP do for target=_blank).
func (p *Policy) rewriteLink(attrs []html.Attribute) []html.Attribute {
	href, target, rel := -1, -1, -1
	for i, a := range attrs {
		switch a.Key {
		case "href":
			href = i
		case "target":
			target = i
		case "rel":
			rel = i
		}
	}
	if href < 0 {
		return attrs
	}
	// Small arrays on the stack: a link is rewritten on every a element, and
	// in wasm each heap allocation is collector work inside the call.
	var addBuf, tokenBuf [8]string
	add := append(addBuf[:0], p.links.rel...)
	if isExternalURL(normalizeURL(attrs[href].Val)) {
		add = append(add, p.links.externalRel...)
		if p.links.externalTarget != "" {
			if target < 0 {
				attrs = append(attrs, html.Attribute{Key: "target"})
				target = len(attrs) - 1
			}
			attrs[target].Val = p.links.externalTarget
		}
	}
	if target >= 0 && !strings.EqualFold(attrs[target].Val, "_self") {
		add = append(add, "noopener")
	}
	if len(add) == 0 {
		return attrs
	}
	tokens := tokenBuf[:0]
	if rel >= 0 {
		tokens = append(tokens, strings.Fields(attrs[rel].Val)...)
	}
	changed := false
	for _, t := range add {
		if !containsFold(tokens, t) {
			tokens = append(tokens, t)
			changed = true
		}
	}
	if !changed {
		return attrs
	}
	if rel < 0 {
		attrs = append(attrs, html.Attribute{Key: "rel"})
		rel = len(attrs) - 1
	}
	attrs[rel].Val = strings.Join(tokens, " ")
	return attrs
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
