package sanitize

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Element and attribute tables. They encode what the HTML standard says about
// parsing and about which attributes carry URLs; policies cannot change them.

// elementClass says how the sanitizer treats an element.
type elementClass uint8

const (
	// allowable elements may be allowed by a policy; when a policy does not
	// allow them they are unwrapped (the tag goes, the children stay).
	allowable elementClass = iota + 1
	// dropped elements are removed together with their content, whatever the
	// policy says: raw-text and RCDATA elements (their content is not markup,
	// so keeping it as text changes its meaning and is how tokenizer/tree
	// builder differentials become XSS), script-capable and plugin elements,
	// document metadata, and foreign-content roots.
	dropped
	// framed is iframe: its content is raw text (dropped), the element itself
	// may be allowed only with a host allowlist and a sandbox.
	framed
)

// elementTable lists every HTML element a policy may name. Names outside it
// are rejected at compile time (typos must not silently allow nothing), and
// unknown elements in input are unwrapped.
var elementTable = map[string]elementClass{
	// Allowable: text-level, grouping, sectioning, tables, lists, media, forms.
	"a": allowable, "abbr": allowable, "acronym": allowable, "address": allowable,
	"area": allowable, "article": allowable, "aside": allowable, "audio": allowable,
	"b": allowable, "bdi": allowable, "bdo": allowable, "big": allowable,
	"blockquote": allowable, "br": allowable, "button": allowable, "canvas": allowable,
	"caption": allowable, "center": allowable, "cite": allowable, "code": allowable,
	"col": allowable, "colgroup": allowable, "data": allowable, "datalist": allowable,
	"dd": allowable, "del": allowable, "details": allowable, "dfn": allowable,
	"dialog": allowable, "dir": allowable, "div": allowable, "dl": allowable,
	"dt": allowable, "em": allowable, "fieldset": allowable, "figcaption": allowable,
	"figure": allowable, "font": allowable, "footer": allowable, "form": allowable,
	"h1": allowable, "h2": allowable, "h3": allowable, "h4": allowable,
	"h5": allowable, "h6": allowable, "header": allowable, "hgroup": allowable,
	"hr": allowable, "i": allowable, "img": allowable, "input": allowable,
	"ins": allowable, "kbd": allowable, "label": allowable, "legend": allowable,
	"li": allowable, "main": allowable, "map": allowable, "mark": allowable,
	"menu": allowable, "meter": allowable, "nav": allowable, "nobr": allowable,
	"ol": allowable, "optgroup": allowable, "option": allowable, "output": allowable,
	"p": allowable, "picture": allowable, "pre": allowable, "progress": allowable,
	"q": allowable, "rp": allowable, "rt": allowable, "ruby": allowable,
	"s": allowable, "samp": allowable, "search": allowable, "section": allowable,
	"select": allowable, "small": allowable, "source": allowable, "span": allowable,
	"strike": allowable, "strong": allowable, "sub": allowable, "summary": allowable,
	"sup": allowable, "table": allowable, "tbody": allowable, "td": allowable,
	"tfoot": allowable, "th": allowable, "thead": allowable, "time": allowable,
	"tr": allowable, "track": allowable, "tt": allowable, "u": allowable,
	"ul": allowable, "var": allowable, "video": allowable, "wbr": allowable,

	"iframe": framed,

	// Dropped with content.
	"script": dropped, "style": dropped, "noscript": dropped, "xmp": dropped,
	"noembed": dropped, "noframes": dropped, "plaintext": dropped, "template": dropped,
	"textarea": dropped, "title": dropped, "svg": dropped, "math": dropped,
	"object": dropped, "embed": dropped, "applet": dropped, "param": dropped,
	"frame": dropped, "frameset": dropped, "base": dropped, "basefont": dropped,
	"link": dropped, "meta": dropped, "head": dropped, "html": dropped,
	"body": dropped, "portal": dropped, "fencedframe": dropped, "slot": dropped,
	"selectedcontent": dropped,
}

// voidElements have no end tag and no children.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "keygen": true, "link": true, "meta": true,
	"param": true, "source": true, "track": true, "wbr": true,
}

// attrKind says how an attribute's value is checked.
type attrKind uint8

const (
	plainAttr  attrKind = iota // free text, or a value constraint
	urlAttr                    // one URL
	urlsAttr                   // space-separated URLs (ping)
	srcsetAttr                 // image candidate list
	classAttr                  // class tokens, filtered by the policy's classes
)

// urlAttributes are the attributes whose value a browser resolves as a URL
// (HTML, the obsolete presentational/plugin attributes browsers still honour,
// and SVG/XLink). Any of them that a policy allows gets the URL policy,
// whatever the element: bluemonday checks only a fixed list of element and
// attribute pairs, which let formaction, srcset and poster through unchecked.
var urlAttributes = map[string]attrKind{
	"href": urlAttr, "src": urlAttr, "action": urlAttr, "formaction": urlAttr,
	"poster": urlAttr, "cite": urlAttr, "background": urlAttr, "data": urlAttr,
	"xlink:href": urlAttr, "longdesc": urlAttr, "manifest": urlAttr, "codebase": urlAttr,
	"icon": urlAttr, "lowsrc": urlAttr, "dynsrc": urlAttr, "profile": urlAttr,
	"itemtype": urlAttr, "itemid": urlAttr, "archive": urlAttr, "classid": urlAttr,
	"ping": urlsAttr, "srcset": srcsetAttr, "imagesrcset": srcsetAttr,
}

// resourceAttributes load a resource rather than navigate; only they may
// carry data: URLs (and only images, see dataImageURL).
var resourceAttributes = map[string]bool{"src": true, "srcset": true, "poster": true}

// forbiddenAttributes can never be allowed: they run script, replace the
// document, or are controlled by a dedicated policy key.
var forbiddenAttributes = map[string]string{
	"style":   `use the "styles" key to allow inline CSS`,
	"sandbox": `use the element's "sandbox" key`,
	"srcdoc":  "srcdoc is a whole document; it is never allowed",
	"is":      "customized built-in elements are never allowed",
	"xmlns":   "namespace declarations are never allowed",
	"nonce":   "nonce attributes would let content pass a CSP",
}

// validSandboxTokens are the iframe sandbox tokens a policy may grant.
// allow-top-navigation and allow-top-navigation-to-custom-protocols are left
// out: they let framed content navigate the embedding page away (phishing).
var validSandboxTokens = map[string]bool{
	"allow-downloads": true, "allow-forms": true, "allow-modals": true,
	"allow-orientation-lock": true, "allow-pointer-lock": true, "allow-popups": true,
	"allow-popups-to-escape-sandbox": true, "allow-presentation": true,
	"allow-same-origin": true, "allow-scripts": true,
	"allow-storage-access-by-user-activation": true,
	"allow-top-navigation-by-user-activation": true,
}

// classByAtom is elementTable keyed by atom, for the names that have one.
var classByAtom = func() map[atom.Atom]elementClass {
	m := make(map[atom.Atom]elementClass, len(elementTable))
	for name, class := range elementTable {
		if a := atom.Lookup([]byte(name)); a != 0 {
			m[a] = class
		}
	}
	return m
}()

// classOf returns elementTable[n.Data] (0 if unknown), by atom when it can
// (nameAtom).
func classOf(n *html.Node) elementClass {
	if a := nameAtom(n); a != 0 {
		return classByAtom[a]
	}
	return elementTable[n.Data]
}

// nameAtom returns n.DataAtom when it is the atom of n.Data, else 0. The
// parser sets DataAtom to the atom of Data whenever the name has one; then
// an integer-keyed lookup finds the same table entry as n.Data without
// hashing a string (the comparison makes the equivalence hold whatever the
// parser does).
func nameAtom(n *html.Node) atom.Atom {
	if a := n.DataAtom; a != 0 && a.String() == n.Data {
		return a
	}
	return 0
}
