package sanitize

// replay decides, while the output is being written, whether a browser
// parsing that output would build exactly the tree it was written from.
//
// The fixpoint check parses every output again; that second parse doubles
// the cost of a call. But the output is a very regular token stream: only
// allowed HTML elements, every one closed by its own end tag in order, all
// text escaped, no comments, no raw-text or foreign elements. For such a
// stream, the tree builder's "in body" rules insert each start tag as a child
// of the current node and pop it at its end tag, except in the cases listed
// here (implied end tags, table and select modes, nested a/form/button,
// headings, list items, ruby). replay follows the stream with a stack of open
// elements and gives up at the first token that might trigger one of those
// rules; only then is the output parsed again. It errs on the side of giving
// up: a false "trivial" would break the fixpoint guarantee (which the fuzz
// target checks), never safety, which does not depend on it — every element
// and attribute in the output was allowed, and re-parsing can only move them.
type replay struct {
	stack  []string
	unsure bool
}

// closesP are the start tags that close a p element in button scope.
var closesP = setOf("address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
	"div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
	"ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
	"form", "li", "dd", "dt", "plaintext", "table", "hr", "xmp")

// scopeBoundaries end the search for "a p element in button scope".
var scopeBoundaries = setOf("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button")

var headings = setOf("h1", "h2", "h3", "h4", "h5", "h6")

// tableChildren are the only start tags that a table-mode current node
// accepts without rearranging anything.
var tableChildren = map[string]map[string]bool{
	"table":    setOf("caption", "colgroup", "tbody", "thead", "tfoot"),
	"tbody":    setOf("tr"),
	"thead":    setOf("tr"),
	"tfoot":    setOf("tr"),
	"tr":       setOf("td", "th"),
	"colgroup": setOf("col"),
}

// tableOnly start tags are ignored, or close the current cell or caption,
// outside the table modes above.
var tableOnly = setOf("caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th")

// neverTrivial start tags switch insertion modes or close their own kind
// (select and its options, ruby base containers, nobr).
var neverTrivial = setOf("select", "option", "optgroup", "datalist", "rb", "rtc", "nobr", "frameset")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func (r *replay) current() string {
	if len(r.stack) == 0 {
		return "body"
	}
	return r.stack[len(r.stack)-1]
}

func (r *replay) inStack(name string) bool {
	for _, n := range r.stack {
		if n == name {
			return true
		}
	}
	return false
}

// foundBefore reports whether, walking down from the current node, one of
// names comes before one of stops (or the bottom).
func (r *replay) foundBefore(names, stops map[string]bool) bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch n := r.stack[i]; {
		case names[n]:
			return true
		case stops[n]:
			return false
		}
	}
	return false
}

var (
	pOnly    = setOf("p")
	liOnly   = setOf("li")
	ddDt     = setOf("dd", "dt")
	listStop = setOf("ol", "ul", "menu", "dir")
	dlStop   = setOf("dl")
)

// start records a start tag; void elements are popped by the caller.
func (r *replay) start(name string) {
	if !r.unsure {
		r.unsure = r.nonTrivial(name)
	}
	r.stack = append(r.stack, name)
}

// nonTrivial reports whether start tag name, with the current stack, might
// do anything but insert a child of the current node.
func (r *replay) nonTrivial(name string) bool {
	cur := r.current()
	if allowed, tableMode := tableChildren[cur]; tableMode {
		return !allowed[name]
	}
	return tableOnly[name] || neverTrivial[name] ||
		name == "a" && r.inStack("a") ||
		name == "button" && r.inStack("button") ||
		name == "form" && r.inStack("form") ||
		closesP[name] && r.foundBefore(pOnly, scopeBoundaries) ||
		headings[name] && headings[cur] ||
		name == "li" && r.foundBefore(liOnly, listStop) ||
		ddDt[name] && r.foundBefore(ddDt, dlStop) ||
		(name == "rp" || name == "rt") && cur != "ruby"
}

// end records the end tag of the current node (or a void element's end).
func (r *replay) end() {
	r.stack = r.stack[:len(r.stack)-1]
}

// text records a text node: in table modes anything but whitespace is
// foster-parented.
func (r *replay) text(s string) {
	if r.unsure {
		return
	}
	if _, tableMode := tableChildren[r.current()]; tableMode {
		for i := 0; i < len(s); i++ {
			if !isHTMLSpace(s[i]) {
				r.unsure = true
				return
			}
		}
	}
}
