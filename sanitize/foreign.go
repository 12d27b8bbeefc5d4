package sanitize

import (
	"bytes"
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
)

// Foreign content: the opt-in safe mode for SVG and MathML ("svg" and
// "mathml" policy keys, docs/sanitize.md).
//
// Foreign content is where namespace-confusion mXSS lives: the same markup
// parses differently depending on whether the parser thinks it is in HTML,
// SVG or MathML, and the places where one switches to another (SVG
// foreignObject, desc and title; MathML annotation-xml and the text
// integration points mi, mo, mn, ms, mtext) are where sanitizer and browser
// disagree (DOMPurify CVE-2019-16728, CVE-2020-26870). The safe mode therefore
// keeps a foreign subtree only in its own namespace:
//   - an svg or math root is kept only where the parser put it under an HTML
//     element (or at the top of the fragment), and every element inside it
//     must be in the same namespace and on the allowlist; anything else in
//     that namespace or another foreign one is removed with its content;
//   - HTML elements inside foreign content (which only integration points
//     produce) are reduced to their text; no HTML element is ever emitted
//     inside a foreign element;
//   - attributes come from a fixed per-namespace table in which every value
//     is checked by a grammar: no URLs at all (no href, xlink:href, src), no
//     event handlers, no style, no namespaced attributes; id values and
//     url(#id) references are rewritten into a "user-content-" namespace so
//     that they cannot clobber the page's own ids and globals.
//
// The fixpoint check stays the final guard: any output with foreign content
// is parsed again (the replay does not model foreign content).

// foreignRule is what a policy allows in one foreign namespace.
type foreignRule struct {
	root     string // "svg" or "math": the only element that may enter the namespace
	elements map[string]bool
	attrs    map[string]attrCheck
}

// attrCheck validates a foreign attribute value and returns the value to
// emit (possibly rewritten), or false to drop the attribute.
type attrCheck func(v string) (string, bool)

// foreignLanguage is the built-in allowlist of one namespace; policies may
// narrow it, never widen it.
type foreignLanguage struct {
	key, root string
	elements  []string
	attrs     map[string]attrCheck
}

// svgLanguage: static shapes, text and gradients. Left out on purpose, as
// script-capable, resource-loading or namespace-switching: script, style, a,
// use, image, feImage and every filter, foreignObject, animate, animateMotion,
// animateTransform, set, discard, iframe, video, audio, canvas, pattern,
// marker, symbol, mask, textPath, switch, cursor, font-face.
var svgLanguage = foreignLanguage{
	key: "svg", root: "svg",
	elements: []string{"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
		"text", "tspan", "title", "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath"},
	attrs: func() map[string]attrCheck {
		m := map[string]attrCheck{
			"id": checkID, "d": checkPathData, "transform": checkTransform, "gradientTransform": checkTransform,
			"viewBox":   grammarCheck(grammar(cssNumber|cssLength|cssComma, 7, "")),
			"clip-path": checkClipPath,
		}
		add := func(check attrCheck, names ...string) {
			for _, n := range names {
				m[n] = check
			}
		}
		add(grammarCheck(grammar(cssNumber|lengthish, 1, "")), "cx", "cy", "r", "rx", "ry", "fx", "fy",
			"x1", "y1", "x2", "y2", "width", "height", "stroke-width", "stroke-miterlimit",
			"stroke-dashoffset", "font-size", "textLength", "offset", "opacity", "fill-opacity",
			"stroke-opacity", "stop-opacity")
		add(grammarCheck(grammar(cssNumber|lengthish|cssComma, 1<<16, "")), "x", "y", "dx", "dy", "rotate",
			"points", "stroke-dasharray")
		add(checkPaint, "fill", "stroke")
		add(grammarCheck(grammar(cssColor, 1, "")), "stop-color", "color")
		add(keywords("nonzero evenodd"), "fill-rule", "clip-rule")
		add(keywords("butt round square"), "stroke-linecap")
		add(keywords("miter round bevel arcs miter-clip"), "stroke-linejoin")
		add(keywords("start middle end"), "text-anchor")
		add(keywords("auto middle central hanging alphabetic ideographic mathematical text-top text-bottom"), "dominant-baseline")
		add(keywords("userspaceonuse objectboundingbox"), "gradientUnits", "clipPathUnits")
		add(keywords("pad reflect repeat"), "spreadMethod")
		add(keywords("spacing spacingandglyphs"), "lengthAdjust")
		add(keywords("none non-scaling-stroke"), "vector-effect")
		add(keywords("auto optimizespeed crispedges geometricprecision"), "shape-rendering")
		add(keywords("normal italic oblique"), "font-style")
		add(grammarCheck(grammar(cssKeyword|cssNumber, 1, "normal bold bolder lighter")), "font-weight")
		add(grammarCheck(grammar(cssAnyIdent|cssString|cssComma, 32, "")), "font-family")
		add(grammarCheck(grammar(cssKeyword, 2, "none xminymin xmidymin xmaxymin xminymid xmidymid xmaxymid xminymax xmidymax xmaxymax meet slice")), "preserveAspectRatio")
		add(keywords("img presentation none"), "role")
		add(keywords("true false"), "aria-hidden")
		add(anyText, "aria-label")
		return m
	}(),
}

// mathmlLanguage: MathML Core presentation markup. Left out on purpose:
// annotation-xml (an HTML or SVG integration point depending on its encoding
// attribute, the classic namespace-confusion vector), annotation, mglyph and
// malignmark (which the tree builder treats specially inside text
// integration points, CVE-2020-26870), maction (script-driven toggling),
// menclose and mmultiscripts (not needed for the common cases), and href on
// any element.
var mathmlLanguage = foreignLanguage{
	key: "mathml", root: "math",
	elements: []string{"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
		"mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "semantics"},
	attrs: func() map[string]attrCheck {
		m := map[string]attrCheck{
			"display":     keywords("block inline"),
			"mathvariant": keywords("normal bold italic bold-italic double-struck bold-fraktur script bold-script fraktur sans-serif bold-sans-serif sans-serif-italic sans-serif-bold-italic monospace initial tailed looped stretched"),
			"form":        keywords("prefix infix postfix"),
			"dir":         keywords("ltr rtl"),
			"scriptlevel": grammarCheck(grammar(cssNumber, 1, "")),
			"columnalign": grammarCheck(grammar(cssKeyword, 64, "left center right")),
			"rowalign":    grammarCheck(grammar(cssKeyword, 64, "top bottom center baseline axis")),
			"alttext":     anyText,
			"aria-label":  anyText,
		}
		for _, n := range []string{"displaystyle", "fence", "separator", "stretchy", "symmetric", "largeop",
			"movablelimits", "accent", "accentunder"} {
			m[n] = keywords("true false")
		}
		for _, n := range []string{"lspace", "rspace", "minsize", "maxsize", "width", "height", "depth",
			"linethickness", "mathsize"} {
			m[n] = grammarCheck(grammar(cssNumber|lengthish, 1, ""))
		}
		for _, n := range []string{"columnspan", "rowspan"} {
			m[n] = func(v string) (string, bool) { return v, valueTypes["integer"](v) }
		}
		for _, n := range []string{"mathcolor", "mathbackground"} {
			m[n] = grammarCheck(grammar(cssColor, 1, ""))
		}
		return m
	}(),
}

// grammarPolicy runs CSS value grammars (css.go) for foreign attributes. It
// has no CSS URL rule, so matchGrammar refuses every url(); the grammars used
// here do not include cssURL either.
var grammarPolicy = &Policy{}

// grammarCheck checks a value with a CSS value grammar.
func grammarCheck(g *cssGrammar) attrCheck {
	return func(v string) (string, bool) {
		return v, grammarPolicy.matchGrammar(g, v)
	}
}

// keywords accepts exactly one of the space-separated (lower-case) words,
// case-insensitively.
func keywords(words string) attrCheck {
	return grammarCheck(grammar(cssKeyword, 1, words))
}

// anyText accepts any value: attribute values are always quoted and escaped,
// so text cannot break out of them.
func anyText(v string) (string, bool) { return v, true }

// idPrefix namespaces every id and same-document reference in foreign
// content (DOMPurify's SANITIZE_NAMED_PROPS uses the same prefix): an id
// "x" in user content would otherwise shadow window.x, document.x or a
// form's named property, or hijack the page's own url(#x) references.
const idPrefix = "user-content-"

// checkID accepts an id of letters, digits, '-' and '_' (starting with a
// letter) and prefixes it; an id that already has the prefix is kept as is,
// which keeps the output a fixpoint.
func checkID(v string) (string, bool) {
	if len(v) == 0 || len(v) > 128 || !isASCIIAlpha(v[0]) || !validClassToken(v) {
		return "", false
	}
	if strings.HasPrefix(v, idPrefix) {
		return v, true
	}
	return idPrefix + v, true
}

// fragmentRef reads "url(#id)" at the start of v and returns the rewritten
// reference and the rest of v. No quotes, spaces or escapes inside the
// parentheses: anything but a bare same-document fragment is refused.
func fragmentRef(v string) (ref, rest string, ok bool) {
	if !strings.HasPrefix(v, "url(#") {
		return "", v, false
	}
	end := strings.IndexByte(v, ')')
	if end < 0 {
		return "", v, false
	}
	id, ok := checkID(v[len("url(#"):end])
	if !ok {
		return "", v, false
	}
	return "url(#" + id + ")", v[end+1:], true
}

var colorOrNone = grammar(cssColor|cssKeyword, 1, "none")

// checkPaint accepts a color, "none", or url(#id) optionally followed by a
// fallback color.
func checkPaint(v string) (string, bool) {
	t := strings.TrimSpace(v)
	ref, rest, ok := fragmentRef(t)
	if !ok {
		return v, grammarPolicy.matchGrammar(colorOrNone, v)
	}
	if strings.TrimSpace(rest) == "" {
		return ref, true
	}
	if !isHTMLSpace(rest[0]) || !grammarPolicy.matchGrammar(colorOrNone, rest) {
		return "", false
	}
	return ref + rest, true
}

// checkClipPath accepts "none" or url(#id).
func checkClipPath(v string) (string, bool) {
	t := strings.TrimSpace(v)
	if t == "none" {
		return v, true
	}
	ref, rest, ok := fragmentRef(t)
	return ref, ok && strings.TrimSpace(rest) == ""
}

// pathDataChars are the bytes of SVG path data: commands, numbers,
// separators.
var pathDataChars = [256]bool{}

func init() {
	for _, c := range "MmZzLlHhVvCcSsQqTtAaEe0123456789+-., \t\n\r\f" {
		pathDataChars[c] = true
	}
}

// checkPathData accepts path data made of commands, numbers and separators
// only; whether the path is well-formed is the renderer's business (a bad
// path draws nothing).
func checkPathData(v string) (string, bool) {
	for i := 0; i < len(v); i++ {
		if !pathDataChars[v[i]] {
			return "", false
		}
	}
	return v, true
}

// transformFunctions are the SVG transform list functions.
var transformFunctions = setOf("matrix", "translate", "scale", "rotate", "skewX", "skewY")

// checkTransform accepts a list of transform functions with numeric
// arguments.
func checkTransform(v string) (string, bool) {
	s := v
	n := 0
	for {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			return v, n > 0
		}
		open := strings.IndexByte(s, '(')
		if open < 0 || !transformFunctions[strings.TrimRight(s[:open], " \t\n\r\f")] {
			return "", false
		}
		end := strings.IndexByte(s[open:], ')')
		if end < 0 {
			return "", false
		}
		for _, f := range strings.FieldsFunc(s[open+1:open+end], func(r rune) bool { return r == ',' || r < 0x80 && isHTMLSpace(byte(r)) }) {
			if !isNumber(strings.TrimLeft(f, "+-")) {
				return "", false
			}
		}
		s = s[open+end+1:]
		n++
	}
}

// compile turns the policy's choice for this language (true, false, or an
// object narrowing the allowlist) into a rule, or nil when off.
func (l *foreignLanguage) compile(raw json.RawMessage) (*foreignRule, error) {
	raw = bytes.TrimSpace(raw)
	// true, or an object without a member, is the whole allowlist.
	elements, attrs := l.elements, sortedKeys(l.attrs)
	if len(raw) > 0 && raw[0] != '{' {
		on, err := boolValue(l.key, raw)
		if err != nil || !on {
			return nil, err
		}
	} else {
		m, err := object(l.key, raw, "elements", "attributes")
		if err != nil {
			return nil, err
		}
		if v, ok := m["elements"]; ok {
			if elements, err = strList(l.key+".elements", v); err != nil {
				return nil, err
			}
		}
		if v, ok := m["attributes"]; ok {
			if attrs, err = strList(l.key+".attributes", v); err != nil {
				return nil, err
			}
		}
	}
	rule := &foreignRule{root: l.root, elements: map[string]bool{}, attrs: map[string]attrCheck{}}
	for _, e := range elements {
		if !contains(l.elements, e) {
			return nil, configError(l.key+".elements", "%q is not in the safe %s subset (%s)", e, l.key, strings.Join(l.elements, ", "))
		}
		rule.elements[e] = true
	}
	if !rule.elements[l.root] {
		return nil, configError(l.key+".elements", "must include %q, the only way into %s content", l.root, l.key)
	}
	for _, a := range attrs {
		c, ok := l.attrs[a]
		if !ok {
			return nil, configError(l.key+".attributes", "%q is not in the safe %s subset (%s)", a, l.key, strings.Join(sortedKeys(l.attrs), ", "))
		}
		rule.attrs[a] = c
	}
	return rule, nil
}

// foreignRule returns the policy's rule for namespace ns, or nil.
func (p *Policy) foreignRule(ns string) *foreignRule {
	switch ns {
	case "svg":
		return p.svg
	case "math":
		return p.mathml
	}
	return nil
}

// foreignAllowed reports whether element n, whose nearest emitted ancestor
// is in namespace parentNS ("" for HTML or the fragment root), may be kept.
func (p *Policy) foreignAllowed(n *html.Node, parentNS string) (*foreignRule, bool) {
	r := p.foreignRule(n.Namespace)
	if r == nil || !r.elements[n.Data] {
		return nil, false
	}
	// Entering a namespace only through its root from HTML; otherwise only
	// within the same namespace (a nested svg included).
	return r, parentNS == n.Namespace || parentNS == "" && n.Data == r.root
}

// attribute returns the value to emit for a foreign element's attribute a,
// or false to drop it. Namespaced attributes (xlink:*, xml:*, xmlns:*) are
// never kept.
func (r *foreignRule) attribute(a html.Attribute) (string, bool) {
	if a.Namespace != "" {
		return "", false
	}
	check := r.attrs[a.Key]
	if check == nil {
		return "", false
	}
	return check(a.Val)
}

// foreign writes the allowed foreign element n (the caller checked
// foreignAllowed) and its content, and reports whether the depth limit was
// exceeded.
func (w *walker) foreign(n *html.Node, r *foreignRule, depth int) bool {
	// The replay models the HTML tree builder only: output with foreign
	// content is always parsed again.
	w.replay.unsure = true
	w.afterPre = false
	attrs := w.attrs[:0]
	for _, a := range n.Attr {
		if v, ok := r.attribute(a); ok {
			attrs = append(attrs, html.Attribute{Key: a.Key, Val: v})
		}
	}
	w.attrs = attrs
	w.startTag(n)
	saved := w.ns
	w.ns = n.Namespace
	tooDeep := w.children(n, depth)
	w.ns = saved
	if tooDeep {
		return true
	}
	// Always an explicit end tag, as a browser's serializer writes it: in
	// foreign content it closes the element like "/>" would.
	w.b.WriteString("</")
	w.b.WriteString(n.Data)
	w.b.WriteByte('>')
	return false
}
