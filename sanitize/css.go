package sanitize

import (
	"regexp"
	"strings"
)

// Inline CSS is checked declaration by declaration. Each value is read once,
// left to right, as a sequence of components (keywords, numbers with units,
// colors, strings, a few functions, commas, slashes); each component must be
// of a class the property accepts, and the number of components is capped.
// There is no backtracking over alternatives, so the cost is linear in the
// value's length: bluemonday's shorthand handlers try every partition of the
// value against every sub-grammar, which is exponential (its issue #225: a
// 90-byte font: value runs for 35 s).
//
// The grammar is deliberately looser than CSS in one way (a shorthand accepts
// its components in any order) and stricter in others (no escapes, no
// comments, no functions other than colors and url(), no !important hacks
// beyond the keyword itself). Looser never matters for safety: every
// component is individually harmless.

// cssClass is a bit set of component classes.
type cssClass uint16

const (
	cssKeyword  cssClass = 1 << iota // an identifier from the property's keyword list
	cssAnyIdent                      // any identifier (font family names)
	cssLength                        // a dimension with a length unit, or 0
	cssPercent                       // a percentage
	cssNumber                        // a unitless number
	cssColor                         // a named color, #hex, rgb()/rgba()/hsl()/hsla()
	cssString                        // a quoted string (font family names)
	cssURL                           // url(…), checked by the policy's URL rule
	cssComma                         // ',' between list items
	cssSlash                         // '/' (font-size/line-height, border-radius)
)

// cssGrammar is the value grammar of one property.
type cssGrammar struct {
	classes  cssClass
	keywords string // space-separated, with surrounding spaces, for a cheap lookup
	max      int    // most components (commas and slashes included)
}

func (g *cssGrammar) keyword(word string) bool {
	return g.keywords != "" && strings.Contains(g.keywords, " "+word+" ")
}

func grammar(classes cssClass, max int, keywords string) *cssGrammar {
	if keywords != "" {
		keywords = " " + keywords + " "
	}
	return &cssGrammar{classes: classes, keywords: keywords, max: max}
}

const (
	lengthish     = cssLength | cssPercent
	borderStyles  = "none hidden dotted dashed solid double groove ridge inset outset"
	fontSizeWords = "xx-small x-small small medium large x-large xx-large xxx-large smaller larger"
	fontWords     = "normal italic oblique small-caps bold bolder lighter condensed expanded semi-condensed semi-expanded caption icon menu message-box small-caption status-bar " + fontSizeWords + " serif sans-serif monospace cursive fantasy system-ui"
	listTypes     = "none disc circle square decimal decimal-leading-zero lower-roman upper-roman lower-greek lower-alpha lower-latin upper-alpha upper-latin armenian georgian"
	bgWords       = "none repeat repeat-x repeat-y no-repeat space round scroll fixed local left right top bottom center auto cover contain border-box padding-box content-box"
)

// cssProperties are the properties a policy can allow without giving its own
// value constraint. Properties that move content out of its box (position,
// top/left, z-index, transform) or hide it (display, visibility) are absent on
// purpose: they enable UI redressing over the host page. A policy can still
// allow them with an explicit "values" or "pattern".
var cssProperties = map[string]*cssGrammar{
	"color":                 grammar(cssColor, 1, ""),
	"background-color":      grammar(cssColor, 1, ""),
	"background-image":      grammar(cssURL|cssComma, 7, "none"),
	"background":            grammar(cssColor|cssURL|lengthish|cssKeyword|cssSlash|cssComma, 16, bgWords),
	"text-align":            grammar(cssKeyword, 1, "left right center justify start end"),
	"text-decoration":       grammar(cssKeyword|cssColor|cssLength, 4, "none underline overline line-through solid double dotted dashed wavy"),
	"text-decoration-line":  grammar(cssKeyword, 3, "none underline overline line-through"),
	"text-decoration-style": grammar(cssKeyword, 1, "solid double dotted dashed wavy"),
	"text-decoration-color": grammar(cssColor, 1, ""),
	"text-transform":        grammar(cssKeyword, 1, "none capitalize uppercase lowercase"),
	"text-indent":           grammar(lengthish, 1, ""),
	"font-weight":           grammar(cssKeyword|cssNumber, 1, "normal bold bolder lighter"),
	"font-style":            grammar(cssKeyword, 1, "normal italic oblique"),
	"font-variant":          grammar(cssKeyword, 1, "normal small-caps"),
	"font-size":             grammar(cssKeyword|lengthish, 1, fontSizeWords),
	"font-family":           grammar(cssAnyIdent|cssString|cssComma, 32, ""),
	"font":                  grammar(cssKeyword|cssAnyIdent|cssString|lengthish|cssNumber|cssComma|cssSlash, 32, fontWords),
	"line-height":           grammar(cssKeyword|lengthish|cssNumber, 1, "normal"),
	"letter-spacing":        grammar(cssKeyword|cssLength, 1, "normal"),
	"word-spacing":          grammar(cssKeyword|cssLength, 1, "normal"),
	"white-space":           grammar(cssKeyword, 1, "normal nowrap pre pre-wrap pre-line break-spaces"),
	"vertical-align":        grammar(cssKeyword|lengthish, 1, "baseline sub super text-top text-bottom middle top bottom"),
	"margin":                grammar(cssKeyword|lengthish, 4, "auto"),
	"margin-top":            grammar(cssKeyword|lengthish, 1, "auto"),
	"margin-right":          grammar(cssKeyword|lengthish, 1, "auto"),
	"margin-bottom":         grammar(cssKeyword|lengthish, 1, "auto"),
	"margin-left":           grammar(cssKeyword|lengthish, 1, "auto"),
	"padding":               grammar(lengthish, 4, ""),
	"padding-top":           grammar(lengthish, 1, ""),
	"padding-right":         grammar(lengthish, 1, ""),
	"padding-bottom":        grammar(lengthish, 1, ""),
	"padding-left":          grammar(lengthish, 1, ""),
	"width":                 grammar(cssKeyword|lengthish, 1, "auto max-content min-content fit-content"),
	"height":                grammar(cssKeyword|lengthish, 1, "auto max-content min-content fit-content"),
	"min-width":             grammar(cssKeyword|lengthish, 1, "auto"),
	"min-height":            grammar(cssKeyword|lengthish, 1, "auto"),
	"max-width":             grammar(cssKeyword|lengthish, 1, "none"),
	"max-height":            grammar(cssKeyword|lengthish, 1, "none"),
	"border":                grammar(cssKeyword|cssColor|cssLength, 3, "thin medium thick "+borderStyles),
	"border-top":            grammar(cssKeyword|cssColor|cssLength, 3, "thin medium thick "+borderStyles),
	"border-right":          grammar(cssKeyword|cssColor|cssLength, 3, "thin medium thick "+borderStyles),
	"border-bottom":         grammar(cssKeyword|cssColor|cssLength, 3, "thin medium thick "+borderStyles),
	"border-left":           grammar(cssKeyword|cssColor|cssLength, 3, "thin medium thick "+borderStyles),
	"border-width":          grammar(cssKeyword|cssLength, 4, "thin medium thick"),
	"border-style":          grammar(cssKeyword, 4, borderStyles),
	"border-color":          grammar(cssColor, 4, ""),
	"border-radius":         grammar(lengthish|cssSlash, 9, ""),
	"border-collapse":       grammar(cssKeyword, 1, "collapse separate"),
	"border-spacing":        grammar(cssLength, 2, ""),
	"list-style-type":       grammar(cssKeyword, 1, listTypes),
	"list-style-position":   grammar(cssKeyword, 1, "inside outside"),
	"list-style":            grammar(cssKeyword, 2, listTypes+" inside outside"),
	"float":                 grammar(cssKeyword, 1, "left right none inline-start inline-end"),
	"clear":                 grammar(cssKeyword, 1, "left right both none inline-start inline-end"),
	"opacity":               grammar(cssNumber|cssPercent, 1, ""),
	"overflow":              grammar(cssKeyword, 2, "visible hidden clip scroll auto"),
	"overflow-wrap":         grammar(cssKeyword, 1, "normal break-word anywhere"),
	"word-break":            grammar(cssKeyword, 1, "normal break-all keep-all break-word"),
	"text-overflow":         grammar(cssKeyword, 1, "clip ellipsis"),
	"table-layout":          grammar(cssKeyword, 1, "auto fixed"),
	"caption-side":          grammar(cssKeyword, 1, "top bottom"),
	"empty-cells":           grammar(cssKeyword, 1, "show hide"),
}

// cssWideKeywords are valid alone for every property.
var cssWideKeywords = map[string]bool{"inherit": true, "initial": true, "unset": true, "revert": true, "revert-layer": true}

// lengthUnits are the CSS length units accepted after a number.
var lengthUnits = map[string]bool{
	"px": true, "em": true, "rem": true, "ex": true, "ch": true, "vw": true, "vh": true,
	"vmin": true, "vmax": true, "cm": true, "mm": true, "in": true, "pt": true, "pc": true,
	"q": true, "lh": true, "rlh": true, "svw": true, "svh": true, "lvw": true, "lvh": true,
	"dvw": true, "dvh": true,
}

// styleRule is a compiled constraint for one allowed property.
type styleRule struct {
	grammar *cssGrammar     // built-in grammar (nil when values or pattern is given)
	values  map[string]bool // allowed values, lower-cased
	pattern *regexp.Regexp  // anchored RE2 (linear time)
}

// cssUnsafe reports text that must never appear in a style value that a
// policy constrains with its own values or pattern: unsafe characters, and
// constructs that run script or load code in some engine. (Built-in grammars
// accept only the functions they know, so they need the character check
// alone.)
func cssUnsafe(v string) bool {
	if cssUnsafeChars(v) {
		return true
	}
	lower := strings.ToLower(v)
	for _, bad := range []string{"expression", "javascript", "vbscript", "behavior", "binding", "url(", "image(", "image-set(", "element(", "var(", "attr(", "env("} {
		if strings.Contains(lower, bad) {
			return true
		}
	}
	return false
}

// cssUnsafeChars reports characters that have no place in a declaration
// value: escapes and comments hide what the browser will read, and braces,
// semicolons and at-signs only appear when someone tries to leave the value.
func cssUnsafeChars(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < ' ' && !isHTMLSpace(c) || c == '\\' || c == 0x7f || c == '<' || c == '>' || c == '@' || c == '{' || c == '}' || c == ';' {
			return true
		}
		if c == '/' && i+1 < len(v) && v[i+1] == '*' {
			return true
		}
	}
	return false
}

// sanitizeStyle returns the declarations of an inline style that the policy
// allows, re-serialized as "prop: value; prop: value", or "" if none is.
func (p *Policy) sanitizeStyle(style string) string {
	var out strings.Builder
	for _, decl := range splitDeclarations(style) {
		colon := strings.IndexByte(decl, ':')
		if colon < 0 {
			continue
		}
		prop := strings.ToLower(strings.TrimSpace(decl[:colon]))
		rule := p.styles[prop]
		if rule == nil {
			continue
		}
		value := strings.TrimSpace(decl[colon+1:])
		important := false
		if v, ok := cutImportant(value); ok {
			value, important = v, true
		}
		if value == "" || !p.styleValueAllowed(rule, value) {
			continue
		}
		if out.Len() > 0 {
			out.WriteString("; ")
		}
		out.WriteString(prop)
		out.WriteString(": ")
		out.WriteString(value)
		if important {
			out.WriteString(" !important")
		}
	}
	return out.String()
}

// cutImportant removes a trailing "!important" (any case, spaces allowed).
func cutImportant(v string) (string, bool) {
	bang := strings.LastIndexByte(v, '!')
	if bang < 0 || !strings.EqualFold(strings.TrimSpace(v[bang+1:]), "important") {
		return v, false
	}
	return strings.TrimSpace(v[:bang]), true
}

// splitDeclarations splits a declaration list on ';' outside strings and
// parentheses. Unbalanced quotes end the list: the browser would drop the
// rest as a bad declaration too.
func splitDeclarations(s string) []string {
	var out []string
	start, depth := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case c == ';' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if quote == 0 && start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func (p *Policy) styleValueAllowed(rule *styleRule, value string) bool {
	if rule.grammar == nil {
		if cssUnsafe(value) {
			return false
		}
		if rule.values != nil {
			return rule.values[strings.ToLower(value)]
		}
		return rule.pattern.MatchString(value)
	}
	if cssUnsafeChars(value) {
		return false
	}
	if cssWideKeywords[strings.ToLower(value)] {
		return true
	}
	return p.matchGrammar(rule.grammar, value)
}

// matchGrammar reads value component by component (one pass, no
// backtracking) and checks each against g.
func (p *Policy) matchGrammar(g *cssGrammar, v string) bool {
	n := 0
	i := 0
	for i < len(v) {
		c := v[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' {
			i++
			continue
		}
		n++
		if n > g.max {
			return false
		}
		var class cssClass
		var ok bool
		switch {
		case c == ',':
			class, ok, i = cssComma, true, i+1
		case c == '/':
			class, ok, i = cssSlash, true, i+1
		case c == '#':
			j := i + 1
			for j < len(v) && isHexDigit(v[j]) {
				j++
			}
			switch j - i - 1 {
			case 3, 4, 6, 8:
				class, ok = cssColor, true
			}
			i = j
		case c == '"' || c == '\'':
			j := strings.IndexByte(v[i+1:], c)
			if j < 0 {
				return false
			}
			class, ok = cssString, true
			i += j + 2
		case isASCIIDigit(c) || c == '.' || ((c == '+' || c == '-') && i+1 < len(v) && (isASCIIDigit(v[i+1]) || v[i+1] == '.')):
			class, ok, i = readCSSNumber(v, i)
		case isIdentStart(c):
			j := i
			for j < len(v) && isIdentChar(v[j]) {
				j++
			}
			word := strings.ToLower(v[i:j])
			if j < len(v) && v[j] == '(' {
				class, ok, i = p.readCSSFunction(word, v, j+1)
			} else {
				i = j
				switch {
				case g.keyword(word):
					class, ok = cssKeyword, true
				case g.classes&cssColor != 0 && namedColors[word]:
					class, ok = cssColor, true
				case g.classes&cssAnyIdent != 0 && !cssWideKeywords[word]:
					class, ok = cssAnyIdent, true
				}
			}
		}
		if !ok || g.classes&class == 0 {
			return false
		}
	}
	return n > 0
}

// readCSSNumber reads a number with an optional unit or '%' at v[i:].
func readCSSNumber(v string, i int) (cssClass, bool, int) {
	if v[i] == '+' || v[i] == '-' {
		i++
	}
	start := i
	for i < len(v) && (isASCIIDigit(v[i]) || v[i] == '.') {
		i++
	}
	if !isNumber(v[start:i]) {
		return 0, false, i
	}
	zero := strings.Trim(v[start:i], "0.") == ""
	if i < len(v) && v[i] == '%' {
		return cssPercent, true, i + 1
	}
	u := i
	for i < len(v) && isASCIIAlpha(v[i]) {
		i++
	}
	unit := strings.ToLower(v[u:i])
	switch {
	case unit == "" && zero:
		// A bare 0 is a valid length as well as a number.
		return cssLength | cssNumber, true, i
	case unit == "":
		return cssNumber, true, i
	case lengthUnits[unit]:
		return cssLength, true, i
	}
	return 0, false, i
}

// readCSSFunction reads the arguments of name( starting at v[i:], up to the
// matching ')'. Only color functions and url() exist here.
func (p *Policy) readCSSFunction(name, v string, i int) (cssClass, bool, int) {
	end := strings.IndexByte(v[i:], ')')
	if end < 0 {
		return 0, false, len(v)
	}
	args := v[i : i+end]
	next := i + end + 1
	switch name {
	case "rgb", "rgba", "hsl", "hsla":
		// Numbers, angles, percentages, commas, slashes and "none" only.
		for _, f := range strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == '/' || r == ' ' }) {
			f = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(f), "%"), "deg")
			if f != "none" && !isNumber(strings.TrimLeft(f, "+-")) {
				return 0, false, next
			}
		}
		return cssColor, true, next
	case "url":
		u := strings.TrimSpace(args)
		if len(u) >= 2 && (u[0] == '"' || u[0] == '\'') && u[len(u)-1] == u[0] {
			u = u[1 : len(u)-1]
		}
		if strings.ContainsAny(u, "\"'()") || p.styleURL == nil || !p.styleURL.allows(u, "style") {
			return 0, false, next
		}
		return cssURL, true, next
	}
	return 0, false, next
}

func isHexDigit(c byte) bool { return isASCIIDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isIdentStart(c byte) bool {
	return isASCIIAlpha(c) || c == '-' || c == '_' || c >= 0x80
}
func isIdentChar(c byte) bool { return isIdentStart(c) || isASCIIDigit(c) }

// namedColors are the CSS named colors plus transparent and currentcolor.
var namedColors = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`transparent currentcolor aliceblue antiquewhite aqua aquamarine azure
beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue chartreuse chocolate coral
cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray
darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite
forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred
indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue
lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise
mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange
orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna
silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise
violet wheat white whitesmoke yellow yellowgreen`) {
		m[c] = true
	}
	return m
}()
