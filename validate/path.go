package validate

import (
	"strconv"
	"strings"
)

// Field paths, as lodash's toPath and express-validator's field selection
// read them: "a.b", "a[0].b", `a["b.c"]`, wildcards "*" (one level) and "**"
// (any depth).

// parsePath splits a field path into segments.
func parsePath(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	var segs []string
	i := 0
	for i < len(p) {
		if p[i] == '[' {
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, &Error{code: CodeBadSchema, msg: "unclosed [ in field path " + strconv.Quote(p)}
			}
			inner := p[i+1 : i+end]
			if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[len(inner)-1] == inner[0] {
				inner = inner[1 : len(inner)-1]
			}
			segs = append(segs, inner)
			i += end + 1
			if i < len(p) && p[i] == '.' {
				i++
			}
			continue
		}
		j := i
		for j < len(p) && p[j] != '.' && p[j] != '[' {
			j++
		}
		segs = append(segs, p[i:j])
		i = j
		if i < len(p) && p[i] == '.' {
			i++
			if i == len(p) {
				segs = append(segs, "")
			}
		}
	}
	return segs, nil
}

// reconstructPath is express-validator's reconstructFieldPath.
func reconstructPath(segs []string) string {
	if len(segs) == 1 && !isDigits(segs[0]) && !strings.Contains(segs[0], ".") {
		return segs[0] // the common case, without building a string
	}
	var b strings.Builder
	for _, s := range segs {
		switch {
		case strings.Contains(s, "."):
			b.WriteString(`["` + s + `"]`)
		case isDigits(s):
			b.WriteString("[" + s + "]")
		case b.Len() > 0:
			b.WriteString("." + s)
		default:
			b.WriteString(s)
		}
	}
	return b.String()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isObjectLike is lodash's isObjectLike for the value model.
func isObjectLike(v any) bool {
	switch v.(type) {
	case *Object, []any:
		return true
	}
	return false
}

// childKeys is Object.keys(v) for objects and arrays.
func childKeys(v any) []string {
	switch t := v.(type) {
	case *Object:
		return t.Keys()
	case []any:
		out := make([]string, len(t))
		for i := range t {
			out[i] = strconv.Itoa(i)
		}
		return out
	}
	return nil
}

// child is v[key] (Undefined when absent).
func child(v any, key string) any {
	switch t := v.(type) {
	case *Object:
		if c, ok := t.Get(key); ok {
			return c
		}
	case []any:
		if isArrayIndex(key) {
			if i, _ := strconv.Atoi(key); i < len(t) {
				return t[i]
			}
		}
	}
	return Undefined
}

// getPath is lodash's get.
func getPath(v any, segs []string) any {
	for _, s := range segs {
		if !isObjectLike(v) {
			return Undefined
		}
		v = child(v, s)
	}
	return v
}

// setPath is lodash's set: it creates missing containers (an array when the
// next segment is an index) and returns the possibly new root.
func setPath(root any, segs []string, val any) any {
	if len(segs) == 0 {
		return val
	}
	if !isObjectLike(root) {
		if isDigits(segs[0]) {
			root = []any{}
		} else {
			root = NewObject()
		}
	}
	key := segs[0]
	next := setPath(child(root, key), segs[1:], val)
	switch t := root.(type) {
	case *Object:
		t.Set(key, next)
		return t
	case []any:
		if !isArrayIndex(key) {
			return t // a non-index key on an array is not representable in JSON
		}
		i, _ := strconv.Atoi(key)
		if i >= maxArrayGrowth {
			return t
		}
		for len(t) <= i {
			t = append(t, Undefined)
		}
		t[i] = next
		return t
	}
	return root
}

// maxArrayGrowth bounds the index a path may write to: lodash would allocate
// a sparse array, a Go slice would allocate every element.
const maxArrayGrowth = 1 << 16
