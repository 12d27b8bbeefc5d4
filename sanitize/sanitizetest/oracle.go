// Package sanitizetest holds test helpers for sanitizers: a static oracle
// that finds script-capable constructs in HTML the way a browser would parse
// it, and loaders for the shared attack corpora. It is used by the sanitize
// package's own tests and is meant to be reused by browser-level tests.
package sanitizetest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// scriptElements can run script, load a plugin or a document, or change how
// the rest of the page is parsed or resolved, when they appear in the DOM.
var scriptElements = map[string]bool{
	"script": true, "object": true, "embed": true, "applet": true, "frame": true,
	"frameset": true, "base": true, "meta": true, "link": true, "style": true,
	"template": true, "noscript": true, "xmp": true, "noembed": true, "noframes": true,
	"plaintext": true, "portal": true, "fencedframe": true, "param": true,
}

// Findings parses s as a body fragment, as innerHTML would, and returns a
// description of every script-capable construct in the resulting DOM:
// script-running or plugin elements, SVG or MathML content, iframes that are
// not sandboxed without scripts, event-handler attributes, srcdoc, URL
// attributes with a javascript:, vbscript: or non-image data: URL (after the
// URL parser's whitespace and control stripping), and style attributes with
// expression(), behavior, -moz-binding or a script URL. An empty result
// means none was found.
func Findings(s string) []string {
	return findings(s, false)
}

// FindingsAllowingForeign is Findings for output of a policy that allows
// SVG and MathML: foreign elements are not findings in themselves, but
// script-capable or namespace-switching ones are (script, style, a, use,
// image, foreignObject, animation elements, annotation-xml, mglyph,
// malignmark, maction, …), as are any HTML element inside foreign content,
// any href or namespaced attribute on a foreign element, and everything
// Findings reports.
func FindingsAllowingForeign(s string) []string {
	return findings(s, true)
}

// unsafeForeign are SVG and MathML elements that run script, load or link to
// resources, animate attributes, or switch the parser to another namespace.
var unsafeForeign = map[string]bool{
	"script": true, "style": true, "a": true, "use": true, "image": true, "feImage": true,
	"foreignObject": true, "animate": true, "animateMotion": true, "animateTransform": true,
	"set": true, "discard": true, "handler": true, "listener": true, "iframe": true,
	"annotation-xml": true, "mglyph": true, "malignmark": true, "maction": true,
}

func findings(s string, allowForeign bool) []string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return []string{"unparseable: " + err.Error()}
	}
	var out []string
	var walk func(n *html.Node, inForeign bool)
	walk = func(n *html.Node, inForeign bool) {
		if n.Type == html.ElementNode {
			if allowForeign {
				out = append(out, foreignFindings(n, inForeign)...)
				inForeign = n.Namespace != ""
			}
			out = append(out, elementFindings(n, allowForeign)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inForeign)
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	return out
}

// foreignFindings reports what makes element n unsafe as, or inside,
// foreign content.
func foreignFindings(n *html.Node, inForeign bool) []string {
	var out []string
	switch {
	case n.Namespace != "" && unsafeForeign[n.Data]:
		out = append(out, "unsafe foreign element "+n.Namespace+":"+n.Data)
	case n.Namespace == "" && inForeign:
		out = append(out, "HTML element "+n.Data+" inside foreign content")
	}
	if n.Namespace != "" {
		for _, a := range n.Attr {
			if a.Namespace != "" || strings.EqualFold(a.Key, "href") {
				out = append(out, "link or namespaced attribute on "+n.Data+": "+a.Namespace+":"+a.Key)
			}
		}
	}
	return out
}

func elementFindings(n *html.Node, allowForeign bool) []string {
	var out []string
	name := n.Data
	if n.Namespace != "" && !allowForeign {
		out = append(out, "foreign element "+n.Namespace+":"+name)
	}
	if scriptElements[name] {
		out = append(out, "element "+name)
	}
	if name == "iframe" {
		sb, ok := attr(n, "sandbox")
		if !ok || strings.Contains(sb, "allow-scripts") {
			out = append(out, "iframe without a script-free sandbox")
		}
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			out = append(out, "event handler "+name+"["+key+"]")
		case key == "srcdoc":
			out = append(out, "srcdoc on "+name)
		case key == "style":
			if badStyle(a.Val) {
				out = append(out, "script-capable style on "+name+": "+a.Val)
			}
		case key == "srcset" || key == "imagesrcset":
			for _, c := range strings.Split(a.Val, ",") {
				if f := strings.Fields(c); len(f) > 0 && BadURL(f[0], true) {
					out = append(out, "script URL in "+name+"["+key+"]")
				}
			}
		case urlAttrs[key] || a.Namespace != "" && key == "href":
			if BadURL(a.Val, key == "src" || key == "poster") {
				out = append(out, "script URL in "+name+"["+key+"]: "+a.Val)
			}
		}
	}
	return out
}

var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true, "cite": true,
	"background": true, "data": true, "ping": true, "xlink:href": true, "longdesc": true,
	"manifest": true, "codebase": true, "icon": true, "lowsrc": true, "dynsrc": true,
	"itemtype": true, "classid": true, "archive": true, "to": true, "from": true, "values": true,
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// BadURL reports whether a browser would run script or render an HTML or
// SVG document for URL u (an attribute value after entity decoding).
// resource says the URL is loaded as an image or media, where raster data:
// images are harmless.
func BadURL(u string, resource bool) bool {
	s := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimFunc(u, func(r rune) bool { return r <= ' ' }))
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return false
	}
	switch strings.ToLower(s[:colon]) {
	case "javascript", "vbscript", "livescript", "jscript", "mocha":
		return true
	case "data":
		rest := strings.ToLower(s[colon+1:])
		return !resource || !strings.HasPrefix(rest, "image/") || strings.HasPrefix(rest, "image/svg")
	}
	return false
}

func badStyle(v string) bool {
	l := strings.ToLower(v)
	for _, bad := range []string{"expression", "behavior", "-moz-binding", "javascript:", "vbscript:", "\\"} {
		if strings.Contains(l, bad) {
			return true
		}
	}
	return false
}
