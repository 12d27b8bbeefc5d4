// Package dispatch is edgeguard's table of operations.
//
// Every verdict edgeguard gives, whichever host asks for it (the native Go API,
// the WebAssembly exports, the wazero harness, the JS package), is computed by
// exactly one function registered here. A configuration is compiled once into
// a handle and reused for many calls:
//
//	t := dispatch.NewTable()
//	h, err := t.Open("sanitize", []byte(`"ugc"`))
//	out, format, err := t.Call(h, "sanitize", []byte(html))
//
// The table is pure Go: it knows nothing about WebAssembly, memory or hosts.
package dispatch

import (
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"
)

// ABIVersion is the version of the module's binary interface (docs/abi.md).
// It changes only when an existing export or result layout changes meaning.
const ABIVersion = 1

// Version is the edgeguard release this table belongs to.
const Version = "0.1.0"

// ModuleHandle is the handle that is always open: it carries the stateless
// operations (version, kinds, echo). Handles returned by Open are never 0.
const ModuleHandle uint32 = 0

// Format says how a payload's bytes are to be read.
type Format uint8

const (
	// Text is raw UTF-8 (HTML in, HTML out): no JSON wrapping, no escaping cost.
	Text Format = iota
	// JSON is a UTF-8 JSON document.
	JSON
)

func (f Format) String() string {
	if f == JSON {
		return "json"
	}
	return "text"
}

// Limits bound what a single table accepts. The zero value means DefaultLimits.
type Limits struct {
	MaxInput   int // bytes of one call's input
	MaxConfig  int // bytes of one configuration
	MaxHandles int // open handles at once
}

// DefaultLimits are generous for web payloads and small enough that a wasm
// instance with a 128 MiB ceiling can always finish one call.
var DefaultLimits = Limits{MaxInput: 8 << 20, MaxConfig: 1 << 20, MaxHandles: 4096}

// Op is one operation of a kind.
type Op struct {
	Doc string
	In  Format // how the input is read; every input must be valid UTF-8
	Out Format
	run func(obj any, in []byte) ([]byte, error)
}

// Kind is a family of operations sharing one compiled configuration type.
type Kind struct {
	Name    string
	Doc     string
	compile func(config []byte) (any, error)
	ops     map[string]Op
}

// Ops lists the kind's operation names, sorted.
func (k *Kind) Ops() []string {
	names := make([]string, 0, len(k.ops))
	for n := range k.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var kinds = map[string]*Kind{}

// OpFunc is the typed form of an operation on a compiled configuration T.
type OpFunc[T any] func(compiled T, in []byte) ([]byte, error)

// TypedOp describes one operation of a kind registered with Register.
type TypedOp[T any] struct {
	Doc string
	In  Format
	Out Format
	Run OpFunc[T]
}

// Register adds a kind to the table. It is called from init functions in this
// package only, so a duplicate name is a programming error and panics.
func Register[T any](name, doc string, compile func(config []byte) (T, error), ops map[string]TypedOp[T]) {
	if _, dup := kinds[name]; dup {
		panic("dispatch: duplicate kind " + name)
	}
	k := &Kind{Name: name, Doc: doc, ops: map[string]Op{}}
	k.compile = func(config []byte) (any, error) { return compile(config) }
	for opName, op := range ops {
		run := op.Run
		k.ops[opName] = Op{Doc: op.Doc, In: op.In, Out: op.Out, run: func(obj any, in []byte) ([]byte, error) {
			return run(obj.(T), in)
		}}
	}
	kinds[name] = k
}

// Kinds lists every registered kind, sorted by name.
func Kinds() []*Kind {
	out := make([]*Kind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type entry struct {
	kind *Kind
	obj  any
}

// Table holds the handles of one engine (one wasm instance, or one native
// engine). It is safe for concurrent use; compiled configurations are
// immutable, so calls on the same handle run in parallel.
type Table struct {
	limits  Limits
	mu      sync.RWMutex
	handles map[uint32]entry
	next    uint32
}

// NewTable returns an empty table with DefaultLimits.
func NewTable() *Table { return NewTableWithLimits(Limits{}) }

// NewTableWithLimits returns an empty table; zero fields take DefaultLimits.
func NewTableWithLimits(l Limits) *Table {
	if l.MaxInput <= 0 {
		l.MaxInput = DefaultLimits.MaxInput
	}
	if l.MaxConfig <= 0 {
		l.MaxConfig = DefaultLimits.MaxConfig
	}
	if l.MaxHandles <= 0 {
		l.MaxHandles = DefaultLimits.MaxHandles
	}
	return &Table{limits: l, handles: map[uint32]entry{}}
}

// Limits reports the table's effective limits.
func (t *Table) Limits() Limits { return t.limits }

// CheckInputSize is the one input-size verdict: the table applies it, and
// hosts apply it before copying an input into a module, with the same error.
func CheckInputSize(n int, l Limits) error {
	if n > l.MaxInput {
		return Errorf(CodeTooLarge, "input is %d bytes, limit %d", n, l.MaxInput)
	}
	return nil
}

// Open compiles config for kind and returns a handle to it. Handles are never
// reused within a table, so a stale handle is always detected.
func (t *Table) Open(kind string, config []byte) (h uint32, err error) {
	k, ok := kinds[kind]
	if !ok {
		return 0, Errorf(CodeUnknownKind, "unknown kind %q", kind)
	}
	if len(config) > t.limits.MaxConfig {
		return 0, Errorf(CodeTooLarge, "configuration is %d bytes, limit %d", len(config), t.limits.MaxConfig)
	}
	if !utf8.Valid(config) {
		return 0, Errorf(CodeInvalidUTF8, "configuration is not valid UTF-8")
	}
	t.mu.RLock()
	full := len(t.handles) >= t.limits.MaxHandles
	t.mu.RUnlock()
	if full {
		return 0, Errorf(CodeTooManyHandles, "%d handles open, limit %d", t.limits.MaxHandles, t.limits.MaxHandles)
	}
	obj, err := guard(func() (any, error) { return k.compile(config) })
	if err != nil {
		return 0, AsError(err, CodeBadConfig)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.handles[t.next] = entry{kind: k, obj: obj}
	return t.next, nil
}

// Call runs op on handle h with input in. The table never retains in.
func (t *Table) Call(h uint32, op string, in []byte) ([]byte, Format, error) {
	var e entry
	if h == ModuleHandle {
		e = entry{kind: moduleKind}
	} else {
		t.mu.RLock()
		var ok bool
		e, ok = t.handles[h]
		t.mu.RUnlock()
		if !ok {
			return nil, 0, Errorf(CodeBadHandle, "handle %d is not open", h)
		}
	}
	o, ok := e.kind.ops[op]
	if !ok {
		return nil, 0, &Error{Code: CodeUnknownOp, Message: fmt.Sprintf("kind %q has no operation %q", e.kind.Name, op),
			Detail: map[string]any{"kind": e.kind.Name, "ops": e.kind.Ops()}}
	}
	if err := CheckInputSize(len(in), t.limits); err != nil {
		return nil, 0, err
	}
	// JSON must be UTF-8 too (RFC 8259); encoding/json would silently
	// replace bad bytes with U+FFFD, answering a different question.
	if !utf8.Valid(in) {
		return nil, 0, Errorf(CodeInvalidUTF8, "input is not valid UTF-8")
	}
	out, err := guard(func() ([]byte, error) { return o.run(e.obj, in) })
	if err != nil {
		return nil, 0, AsError(err, CodeBadRequest)
	}
	return out, o.Out, nil
}

// Close releases handle h. Closing the module handle or an unknown handle is
// an error, so that a double close is visible.
func (t *Table) Close(h uint32) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.handles[h]; !ok {
		return Errorf(CodeBadHandle, "handle %d is not open", h)
	}
	delete(t.handles, h)
	return nil
}

// Len reports how many handles are open.
func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.handles)
}

// guard turns a panic inside an operation into CodeInternal, so that one bad
// input never takes a wasm instance (or a Go server) down with it.
func guard[T any](f func() (T, error)) (out T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			out = zero
			// No stack in the error: it would reach callers, and it differs
			// between native and wasm builds.
			err = Errorf(CodeInternal, "operation panicked: %v", r)
		}
	}()
	return f()
}
