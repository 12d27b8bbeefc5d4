package main

import (
	"errors"
	"fmt"
)

// module is what wasmsize needs from a wasm binary.
type module struct {
	sections      []section
	importedFuncs int            // function indexes below this are imports
	bodySizes     []int          // code section, in function index order after the imports
	funcNames     map[int]string // from the "name" custom section
}

type section struct {
	name string
	size int // including its id and size header
}

var sectionNames = map[byte]string{
	1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
	7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "data count",
}

// parse reads the sections of a wasm binary (version 1).
func parse(b []byte) (*module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" || b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0 {
		return nil, errors.New("not a wasm version 1 module")
	}
	m := &module{funcNames: map[int]string{}}
	r := &reader{b: b, off: 8}
	for r.off < len(b) {
		start := r.off
		id := r.byte()
		size := r.u32()
		body := r.bytes(size)
		if r.err != nil {
			return nil, r.err
		}
		name := sectionNames[id]
		sr := &reader{b: body}
		switch id {
		case 0:
			name = "custom " + sr.name()
			if name == "custom name" {
				m.readNames(sr)
			}
		case 2:
			m.importedFuncs = countFuncImports(sr)
		case 10:
			for n := sr.u32(); n > 0 && sr.err == nil; n-- {
				size := sr.u32()
				sr.bytes(size)
				m.bodySizes = append(m.bodySizes, size)
			}
		}
		if sr.err != nil {
			return nil, fmt.Errorf("section %s: %w", name, sr.err)
		}
		if name == "" {
			name = fmt.Sprintf("unknown %d", id)
		}
		m.sections = append(m.sections, section{name, r.off - start})
	}
	return m, nil
}

// countFuncImports counts the function imports (kind 0) of an import section.
func countFuncImports(r *reader) int {
	n := 0
	for count := r.u32(); count > 0 && r.err == nil; count-- {
		r.name() // module
		r.name() // field
		switch kind := r.byte(); kind {
		case 0: // function: type index
			r.u32()
			n++
		case 1: // table: reftype, limits
			r.byte()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: valtype, mutability
			r.byte()
			r.byte()
		default:
			r.err = fmt.Errorf("import kind %d", kind)
		}
	}
	return n
}

// readNames reads subsection 1 (function names) of the name section.
func (m *module) readNames(r *reader) {
	for r.off < len(r.b) && r.err == nil {
		id := r.byte()
		sub := &reader{b: r.bytes(r.u32())}
		if id != 1 {
			continue
		}
		for n := sub.u32(); n > 0 && sub.err == nil; n-- {
			idx := sub.u32()
			m.funcNames[idx] = sub.name()
		}
		r.err = sub.err
	}
}

// reader decodes the wasm binary encoding; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail()
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errors.New("truncated")
	}
}

// u32 reads an unsigned LEB128 of at most 5 bytes.
func (r *reader) u32() int {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if v > 1<<32-1 {
				r.err = errors.New("u32 overflow")
				return 0
			}
			return int(v)
		}
	}
	r.err = errors.New("LEB128 too long")
	return 0
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b)-r.off {
		r.fail()
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) name() string { return string(r.bytes(r.u32())) }

func (r *reader) limits() {
	if flags := r.byte(); flags&1 != 0 {
		r.u32()
	}
	r.u32()
}
