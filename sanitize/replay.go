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
	stack  []rflags
	open   [3]int // open a, button, form elements
	unsure bool
}

// rflags describes what an element means to the tree builder.
type rflags uint32

const (
	rTableOnly     rflags = 1 << iota // ignored, or closes a cell or caption, outside table modes
	rNever                            // switches insertion mode or closes its own kind
	rClosesP                          // closes a p element in button scope
	rHeading                          // h1–h6
	rA                                // a (nested a runs the adoption agency)
	rButton                           // button (closes an open button)
	rForm                             // form (ignored inside a form)
	rLi                               // li (closes an open li)
	rDdDt                             // dd, dt (close an open dd or dt)
	rRpRt                             // rp, rt (close an open rp or rt)
	rRuby                             // ruby
	rP                                // p
	rScopeBoundary                    // ends the search for a p in button scope
	rListStop                         // ol, ul, menu, dir
	rDlStop                           // dl
	rInTable                          // as the current node: "in table" mode
	rInSection                        // tbody, thead, tfoot: "in table body"
	rInRow                            // tr: "in row"
	rInColgroup                       // colgroup: "in column group"
	rTableChild                       // caption, colgroup, tbody, thead, tfoot
	rRowChild                         // tr
	rCellChild                        // td, th
	rColChild                         // col
)

const rTableModes = rInTable | rInSection | rInRow | rInColgroup

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var replayTable = func() map[string]rflags {
	m := map[string]rflags{}
	add := func(f rflags, names ...string) {
		for _, n := range names {
			m[n] |= f
		}
	}
	add(rClosesP, "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
		"div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
		"ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
		"form", "li", "dd", "dt", "plaintext", "table", "hr", "xmp")
	add(rTableOnly, "caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th")
	add(rNever, "select", "option", "optgroup", "datalist", "rb", "rtc", "nobr", "frameset")
	add(rHeading, "h1", "h2", "h3", "h4", "h5", "h6")
	add(rScopeBoundary, "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button")
	add(rListStop, "ol", "ul", "menu", "dir")
	add(rA, "a")
	add(rButton, "button")
	add(rForm, "form")
	add(rLi, "li")
	add(rDdDt, "dd", "dt")
	add(rRpRt, "rp", "rt")
	add(rRuby, "ruby")
	add(rP, "p")
	add(rDlStop, "dl")
	add(rInTable, "table")
	add(rInSection, "tbody", "thead", "tfoot")
	add(rInRow, "tr")
	add(rInColgroup, "colgroup")
	add(rTableChild, "caption", "colgroup", "tbody", "thead", "tfoot")
	add(rRowChild, "tr")
	add(rCellChild, "td", "th")
	add(rColChild, "col")
	return m
}()

func (r *replay) current() rflags {
	if len(r.stack) == 0 {
		return 0 // the body context element
	}
	return r.stack[len(r.stack)-1]
}

// foundBefore reports whether, walking down from the current node, an
// element with flag want comes before one with flag stop (or the bottom).
func (r *replay) foundBefore(want, stop rflags) bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch f := r.stack[i]; {
		case f&want != 0:
			return true
		case f&stop != 0:
			return false
		}
	}
	return false
}

// counted are the flags whose open elements are counted, in r.open order.
var counted = [3]rflags{rA, rButton, rForm}

// start records a start tag with the element's flags; void elements are
// popped by the caller.
func (r *replay) start(f rflags) {
	if !r.unsure {
		r.unsure = r.nonTrivial(f)
	}
	for i, c := range counted {
		if f&c != 0 {
			r.open[i]++
		}
	}
	r.stack = append(r.stack, f)
}

// nonTrivial reports whether a start tag with flags f, with the current
// stack, might do anything but insert a child of the current node.
func (r *replay) nonTrivial(f rflags) bool {
	cur := r.current()
	switch {
	case cur&rInTable != 0:
		return f&rTableChild == 0
	case cur&rInSection != 0:
		return f&rRowChild == 0
	case cur&rInRow != 0:
		return f&rCellChild == 0
	case cur&rInColgroup != 0:
		return f&rColChild == 0
	}
	return f&(rTableOnly|rNever) != 0 ||
		f&rA != 0 && r.open[0] > 0 ||
		f&rButton != 0 && r.open[1] > 0 ||
		f&rForm != 0 && r.open[2] > 0 ||
		f&rClosesP != 0 && r.foundBefore(rP, rScopeBoundary) ||
		f&rHeading != 0 && cur&rHeading != 0 ||
		f&rLi != 0 && r.foundBefore(rLi, rListStop) ||
		f&rDdDt != 0 && r.foundBefore(rDdDt, rDlStop) ||
		f&rRpRt != 0 && cur&rRuby == 0
}

// end records the end tag of the current node (or a void element's end).
func (r *replay) end() {
	f := r.stack[len(r.stack)-1]
	for i, c := range counted {
		if f&c != 0 {
			r.open[i]--
		}
	}
	r.stack = r.stack[:len(r.stack)-1]
}

// text records a text node: in table modes anything but whitespace is
// foster-parented.
func (r *replay) text(s string) {
	if r.unsure || r.current()&rTableModes == 0 {
		return
	}
	for i := 0; i < len(s); i++ {
		if !isHTMLSpace(s[i]) {
			r.unsure = true
			return
		}
	}
}
