package validate

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The request-level engine: express-validator's ContextRunner, Context,
// field selection, matchedData and checkExact, run synchronously.

// Request is the input of Schema.Validate: the five locations of an HTTP
// request, each a value of the JSON model (usually an *Object); Go maps
// (map[string]any, map[string]string, url.Values, http.Header) are accepted
// too. Header names are matched lower-cased, as Node presents them.
type Request struct {
	Body, Query, Params, Headers, Cookies any
}

// FieldError is one entry of express-validator's validationResult().array(),
// plus a stable Code and the rule's Params.
type FieldError struct {
	Type     string         // "field", "unknown_fields", "alternative", "alternative_grouped"
	Value    any            // the offending value (Undefined when absent); "[REDACTED]" for secrets
	Msg      any            // the message: "Invalid value", or the schema's errorMessage (any JSON value)
	Path     string         // e.g. "items[0].name"
	Location string         // body, query, params, headers or cookies
	Code     string         // stable code: the rule in snake_case (is_email, not_empty, unknown_fields, …)
	Params   []any          // the rule's arguments as written in the schema
	Fields   []UnknownField // unknown_fields only
	Nested   []FieldError   // alternative only
	Grouped  [][]FieldError // alternative_grouped only
}

// UnknownField is one field reported by the reject policy.
type UnknownField struct {
	Path, Location string
	Value          any
}

// Result is the outcome of one validation: the errors and the sanitized,
// validated data (express-validator's matchedData).
type Result struct {
	Errors []FieldError
	Data   *Object
}

// OK reports whether there are no errors.
func (r *Result) OK() bool { return len(r.Errors) == 0 }

// item is one step of a chain.
type item interface {
	run(ctx *context, inst *instance) (halt bool)
	// ticks is how many microtask turns express-validator's async
	// implementation of the item takes for one instance (see chainCost).
	ticks(ctx *context) int
}

// Microtask turns per instance of each kind of item, measured on
// express-validator 7.3.2 (a standard validator or sanitizer resolves in 2,
// a custom validator awaits its result once more, a custom sanitizer wraps
// its value in two more promises; a halted instance returns at once).
const (
	ticksStandard        = 2
	ticksCustom          = 3
	ticksCustomSanitizer = 5
	ticksHalted          = 1
	ticksCondition       = 2 // plus the condition chain's own cost
)

func (v validationItem) ticks(*context) int {
	if v.custom != nil {
		return ticksCustom
	}
	return ticksStandard
}
func (sanitizerItem) ticks(*context) int       { return ticksStandard }
func (customSanitizerItem) ticks(*context) int { return ticksCustomSanitizer }
func (bailItem) ticks(*context) int            { return ticksStandard }
func (c conditionItem) ticks(ctx *context) int { return ctx.lastCondCost + ticksCondition }

type validationItem struct {
	rule, code string
	negated    bool
	message    any
	params     args
	std        Func           // validator.js rule: sees each array element's string form
	custom     func(any) bool // express-validator rule: sees the raw value
}

func (v validationItem) run(ctx *context, inst *instance) bool {
	if v.custom != nil {
		if v.custom(inst.value) == v.negated {
			ctx.addError(v, inst, inst.value)
		}
		return false
	}
	values := []any{inst.value}
	if arr, ok := inst.value.([]any); ok {
		values = arr // express-validator 7 validates arrays item by item
	}
	for _, e := range values {
		if v.std(ToString(e)) == v.negated {
			ctx.addError(v, inst, e)
		}
	}
	return false
}

type sanitizerItem struct{ f SanitizerFunc }

func (s sanitizerItem) run(ctx *context, inst *instance) bool {
	if arr, ok := inst.value.([]any); ok {
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = s.f(ToString(e))
		}
		inst.set(out)
	} else {
		inst.set(s.f(ToString(inst.value)))
	}
	return false
}

type customSanitizerItem struct{ f func(any) any }

func (s customSanitizerItem) run(ctx *context, inst *instance) bool {
	inst.set(s.f(inst.value))
	return false
}

type bailItem struct{}

// run halts the instance when the chain has any error so far (express-validator
// checks the whole context, not only this instance).
func (bailItem) run(ctx *context, _ *instance) bool { return len(ctx.errors) > 0 }

type conditionItem struct{ cond *chain }

func (c conditionItem) run(ctx *context, _ *instance) bool {
	res := ctx.engine.runChain(c.cond, true)
	ctx.lastCondCost = res.cost
	return len(res.errors) > 0
}

// instance is one selected value of a field (express-validator's FieldInstance).
type instance struct {
	location, path, originalPath string
	segs                         []string
	value                        any
	dirty                        bool
	// secret is looksSecret(segs) when the chain decided it at compile time
	// (a path without wildcards selects itself); secretUnknown otherwise.
	secret secrecy
}

type secrecy uint8

const (
	secretUnknown secrecy = iota
	secretNo
	secretYes
)

func (i *instance) set(v any) {
	if !jsStrictEqual(i.value, v) {
		i.value = v
		i.dirty = true
	}
}

// context is one chain's run.
type context struct {
	engine    *engine
	chain     *chain
	instances []*instance
	errors    []FieldError
	// cost is when express-validator would finish this chain, in microtask
	// turns: its chains run concurrently and each context joins the
	// request (hence the order of errors and of matchedData) when it
	// finishes, so cheaper chains come first.
	cost         int
	lastCondCost int
}

func (c *context) addError(v validationItem, inst *instance, value any) {
	var msg any = "Invalid value"
	if v.message != nil {
		msg = v.message
	} else if c.chain.message != nil {
		msg = c.chain.message
	}
	code := v.code
	if v.negated {
		code = "not_" + code
	}
	if v.rule == "notEmpty" {
		code = "not_empty"
	}
	if c.errors == nil {
		c.errors = c.engine.firstErrorSlot()
	}
	c.errors = append(c.errors, FieldError{Type: "field", Value: c.engine.visibleIn(inst, value), Msg: msg,
		Path: inst.path, Location: inst.location, Code: code, Params: []any(v.params)})
}

// data is express-validator's getData: instances grouped by field, with the
// multi-location rule (#331) and, when requiredOnly, the optional filter.
func (c *context) data(requiredOnly bool) []*instance {
	var out []*instance
	if len(c.chain.locations) > 1 && !strings.Contains(c.chain.field, "*") {
		var withValue []*instance
		for _, i := range c.instances {
			if i.value != Undefined {
				withValue = append(withValue, i)
			}
		}
		switch {
		case len(c.instances) <= 1:
			out = c.instances
		case len(withValue) > 0:
			out = withValue
		default:
			out = c.instances[:1]
		}
	} else {
		out = c.instances
	}
	if !requiredOnly || c.chain.optional == "" {
		return out
	}
	// out itself when every instance is kept (a present optional field, the
	// usual case): a filtered copy was an allocation per optional field.
	for j, i := range out {
		if !isOmitted(c.chain.optional, i.value) {
			continue
		}
		kept := append(make([]*instance, 0, len(out)-1), out[:j]...)
		for _, i := range out[j+1:] {
			if !isOmitted(c.chain.optional, i.value) {
				kept = append(kept, i)
			}
		}
		return kept
	}
	return out
}

// isOmitted reports whether an optional chain's mode ("undefined", "null"
// or "falsy") leaves a value out of matchedData.
func isOmitted(optional string, v any) bool {
	switch optional {
	case "undefined":
		return v == Undefined
	case "null":
		return v == Undefined || v == nil
	case "falsy":
		return !truthy(v)
	}
	return false
}

type engine struct {
	schema   *Schema
	req      map[string]any
	contexts []*context
	// spare holds one context per chain, spareInstances and spareRefs the
	// instances the chains' paths select without wildcards, each allocated
	// as one block: they were a separate allocation per field, a large
	// share of a request's cost in WebAssembly.
	spare          []context
	spareInstances []instance
	spareRefs      []*instance
	errorSlots     []FieldError // see firstErrorSlot
}

// newContext starts a chain's run, in the spare block while it lasts.
func (e *engine) newContext(c *chain) *context {
	if len(e.spare) == 0 {
		return &context{engine: e, chain: c}
	}
	ctx := &e.spare[0]
	e.spare = e.spare[1:]
	ctx.engine, ctx.chain = e, c // the block is zeroed
	return ctx
}

// firstErrorSlot is where a chain's first error goes: a slice of capacity
// one in a block allocated at the request's first error, with a slot per
// chain (most failing chains have one error; an allocation for each was a
// visible share of an invalid request's cost, and a valid request pays
// nothing). Further errors of the chain move it out by append.
func (e *engine) firstErrorSlot() []FieldError {
	if len(e.errorSlots) == 0 {
		// oneOf's and conditions' chains are not in schema.chains: when
		// the block runs out, another is taken.
		e.errorSlots = make([]FieldError, max(len(e.schema.chains), 1))
	}
	slot := e.errorSlots[:0:1]
	e.errorSlots = e.errorSlots[1:]
	return slot
}

// visibleIn is visible for an instance's value, using the secrecy its
// chain decided at compile time when there is one (looksSecret per error was
// a visible share of an invalid request's cost).
func (e *engine) visibleIn(inst *instance, v any) any {
	switch {
	case e.schema.opts.ShowSecrets || inst.secret == secretNo:
		return v
	case inst.secret == secretYes:
		return redacted(v)
	}
	return e.visible(inst.segs, v)
}

func (e *engine) visible(segs []string, v any) any {
	if !e.schema.opts.ShowSecrets && looksSecret(segs) {
		return redacted(v)
	}
	return v
}

// redacted is what a secret field's value shows in an error: undefined
// stays undefined (the member is left out), anything else is "[REDACTED]".
func redacted(v any) any {
	if v == Undefined {
		return v
	}
	return "[REDACTED]"
}

// foldCase maps every rune of s to the least rune of its simple case-folding
// orbit, ASCII letters lower-cased, so that comparisons with lower-case ASCII
// words match as a (?i) pattern would (ſ is s, the Kelvin sign k; İ stays İ).
func foldCase(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		if 'A' <= least && least <= 'Z' {
			least += 'a' - 'A'
		}
		return least
	}, s)
}

// secretWords are the (lower-case) parts of a field name that mark it as a
// secret: pass(word|wd|phrase), pwd (alone), secret, token, auth, cookie,
// api[-_]?key, private[-_]?key, session, cvv, cvc (docs/validate.md).
var secretWords = []string{"password", "passwd", "passphrase", "secret", "token", "auth", "cookie",
	"apikey", "api-key", "api_key", "privatekey", "private-key", "private_key", "session", "cvv", "cvc"}

// looksSecret reports whether any segment of a field path names a secret.
// Plain substring tests rather than a regexp: it runs for every error.
func looksSecret(segs []string) bool {
	for _, s := range segs {
		s = foldCase(s)
		if s == "pwd" {
			return true
		}
		for _, w := range secretWords {
			if strings.Contains(s, w) {
				return true
			}
		}
	}
	return false
}

// selectInstances is express-validator's selectFields for one chain.
func (e *engine) selectInstances(c *chain) []*instance {
	// Paths without wildcards select one instance per field and location,
	// taken from the engine's spare block (wildcards past it, one by one).
	n := len(c.fields) * len(c.locations)
	var block []instance
	var out []*instance
	if n <= len(e.spareInstances) {
		block = e.spareInstances[:0:n]
		out = e.spareRefs[:0:n]
		e.spareInstances, e.spareRefs = e.spareInstances[n:], e.spareRefs[n:]
	}
	// One field in one location selects each path once; the map that
	// de-duplicates is needed only when several could meet.
	var seen map[string]bool
	if len(c.fields)*len(c.locations) > 1 {
		seen = map[string]bool{}
	}
	for fi, segs := range c.fields {
		for _, loc := range c.locations {
			use := segs
			if loc == "headers" {
				use = make([]string, len(segs))
				for i, s := range segs {
					use[i] = strings.ToLower(s)
				}
			}
			paths := [][]string{use} // a path without wildcards selects itself
			wild := hasWildcard(use)
			if wild {
				paths = expandPath(e.req[loc], use, nil)
			}
			for _, p := range paths {
				path := reconstructPath(p)
				if seen != nil {
					key := loc + ":" + path
					if seen[key] {
						continue
					}
					seen[key] = true
				}
				root := e.req[loc]
				v := root
				if len(p) > 0 {
					v = getPath(root, p)
				}
				// Filled in place: a local instance whose address is taken
				// would be moved to the heap on every iteration.
				var inst *instance
				if len(block) < cap(block) {
					block = block[:len(block)+1]
					inst = &block[len(block)-1]
				} else {
					inst = new(instance)
				}
				inst.location, inst.path, inst.originalPath, inst.segs, inst.value = loc, path, c.rawFields[fi], p, v
				if !wild && loc != "headers" && fi < len(c.secret) {
					// The path is the schema's own (a lower-cased header
					// name may fold differently: U+0130 lower-cases to
					// "i" but does not case-fold to it), so its secrecy
					// is the chain's.
					inst.secret = secretNo
					if c.secret[fi] {
						inst.secret = secretYes
					}
				}
				out = append(out, inst)
			}
		}
	}
	return out
}

func hasWildcard(segs []string) bool {
	for _, s := range segs {
		if s == "*" || s == "**" {
			return true
		}
	}
	return false
}

// expandPath resolves wildcards against the data (express-validator's expandPath).
func expandPath(obj any, segs, cur []string) [][]string {
	if len(segs) == 0 {
		return [][]string{append([]string(nil), cur...)}
	}
	key, rest := segs[0], segs[1:]
	if obj != nil && obj != Undefined && !isObjectLike(obj) {
		switch key {
		case "**":
			if len(rest) == 0 {
				return [][]string{append([]string(nil), cur...)}
			}
			return nil
		case "*":
			return nil
		}
		return [][]string{append(append([]string(nil), cur...), segs...)}
	}
	switch key {
	case "*":
		var out [][]string
		for _, k := range childKeys(obj) {
			out = append(out, expandPath(child(obj, k), rest, append(append([]string(nil), cur...), k))...)
		}
		return out
	case "**":
		var out [][]string
		seen := map[string]bool{}
		for _, k := range childKeys(obj) {
			next := append(append([]string(nil), cur...), k)
			v := child(obj, k)
			found := expandPath(v, segs, next)
			if len(rest) > 0 && rest[0] == k {
				found = append(found, expandPath(v, rest[1:], next)...)
			}
			for _, p := range found {
				if s := reconstructPath(p); !seen[s] {
					seen[s] = true
					out = append(out, p)
				}
			}
		}
		return out
	}
	return expandPath(child(obj, key), rest, append(append([]string(nil), cur...), key))
}

// runChain is ContextRunnerImpl.run.
func (e *engine) runChain(c *chain, dryRun bool) *context {
	ctx := e.newContext(c)
	for _, prev := range e.contexts {
		if prev.chain.bail && len(prev.errors) > 0 {
			return ctx
		}
	}
	ctx.instances = e.selectInstances(c)
	ctx.cost = 1
	var halted map[*instance]bool // allocated at the first halt (most chains never halt)
	for _, it := range c.items {
		slowest := 0 // Promise.all over the instances waits for the slowest
		for _, inst := range ctx.data(true) {
			if halted[inst] {
				slowest = max(slowest, ticksHalted)
				continue
			}
			if it.run(ctx, inst) {
				if halted == nil {
					halted = map[*instance]bool{}
				}
				halted[inst] = true
				if _, isBail := it.(bailItem); isBail {
					slowest = max(slowest, ticksHalted) // Bail throws before awaiting
				} else {
					slowest = max(slowest, it.ticks(ctx))
				}
				continue
			}
			slowest = max(slowest, it.ticks(ctx))
			if inst.dirty && !dryRun {
				if len(inst.segs) == 0 {
					e.req[inst.location] = inst.value
				} else {
					e.req[inst.location] = setPath(e.req[inst.location], inst.segs, inst.value)
				}
			}
			inst.dirty = false
		}
		ctx.cost += 1 + slowest
	}
	if !dryRun {
		e.contexts = append(e.contexts, ctx)
	}
	return ctx
}

// Validate runs the schema against a request. The request's values are not
// modified (sanitizers work on a copy).
func (s *Schema) Validate(r Request) *Result {
	return s.validate(r, prepare)
}

// validate runs the schema on the request's locations as prepare gives them:
// Validate's copies, or ValidateJSON's own parse (adopt).
func (s *Schema) validate(r Request, prepare func(any) any) *Result {
	e := &engine{schema: s, req: map[string]any{
		"body": prepare(r.Body), "query": prepare(r.Query), "params": prepare(r.Params),
		"headers": lowerKeys(prepare(r.Headers)), "cookies": prepare(r.Cookies),
	}, spare: make([]context, len(s.chains)), contexts: make([]*context, 0, len(s.chains))}
	selected := 0
	for _, c := range s.chains {
		selected += len(c.fields) * len(c.locations)
	}
	e.spareInstances, e.spareRefs = make([]instance, selected), make([]*instance, selected)
	for _, c := range s.chains {
		ctx := e.runChain(c, false)
		if c.bail && len(ctx.errors) > 0 {
			break
		}
	}
	e.orderByCompletion()
	var oneOfData []*instance
	for _, g := range s.oneOf {
		insts, err := e.runOneOf(g)
		oneOfData = append(oneOfData, insts...)
		if err != nil {
			e.contexts = append(e.contexts, &context{engine: e, chain: &chain{}, errors: []FieldError{*err}})
		}
	}
	n, passed := 0, 0
	for _, ctx := range e.contexts {
		n += len(ctx.errors)
		if len(ctx.errors) == 0 {
			passed++
		}
	}
	// matchedData's top level has about a key per chain that passed: room
	// for them at once (grown key by key, a ten-field form took three
	// allocations per slice).
	res := &Result{Data: NewObject()}
	if passed > 0 {
		res.Data.keys, res.Data.vals = make([]string, 0, passed), make([]any, 0, passed)
	}
	if s.opts.Unknown == UnknownReject {
		n++ // room for an unknown_fields error
	}
	if n > 0 {
		res.Errors = make([]FieldError, 0, n)
	}
	for _, ctx := range e.contexts {
		res.Errors = append(res.Errors, ctx.errors...)
	}
	// matchedData: validated instances without errors, merged by path.
	var data any = res.Data
	for _, ctx := range e.contexts {
		failed := newFailedFields(ctx.errors)
		for _, inst := range ctx.data(true) {
			if failed.has(inst.location, inst.path) {
				continue
			}
			data = setData(data, inst)
		}
	}
	for _, inst := range oneOfData {
		data = setData(data, inst)
	}
	if o, ok := data.(*Object); ok {
		res.Data = o
	}
	switch s.opts.Unknown {
	case UnknownReject:
		if fields := e.unknownFields(); len(fields) > 0 {
			res.Errors = append(res.Errors, FieldError{Type: "unknown_fields", Msg: s.opts.UnknownMessage, Code: "unknown_fields", Fields: fields})
		}
	case UnknownAllow:
		for _, f := range e.unknownFields() {
			segs, _ := parsePath(f.Path)
			if len(segs) > 0 {
				res.Data = setPath(res.Data, segs, deepCopy(f.Value)).(*Object)
			}
		}
	}
	return res
}

// failedFields answers whether a chain's errors include a field error at a
// location and path (matchedData leaves those instances out). A chain has one
// error or none in most requests, so a scan of its errors is cheapest (a map
// keyed by location and path was a tenth of an invalid request's cost); past
// failedFieldsScan errors (a wildcard over a long array) it indexes them, to
// stay linear in the request.
type failedFields struct {
	errs  []FieldError
	index map[fieldKey]bool
}

type fieldKey struct{ location, path string }

const failedFieldsScan = 8

func newFailedFields(errs []FieldError) failedFields {
	f := failedFields{errs: errs}
	if len(errs) > failedFieldsScan {
		f.index = make(map[fieldKey]bool, len(errs))
		for _, fe := range errs {
			if fe.Type == "field" {
				f.index[fieldKey{fe.Location, fe.Path}] = true
			}
		}
	}
	return f
}

func (f failedFields) has(location, path string) bool {
	if f.index != nil {
		return f.index[fieldKey{location, path}]
	}
	for _, fe := range f.errs {
		if fe.Type == "field" && fe.Location == location && fe.Path == path {
			return true
		}
	}
	return false
}

// orderByCompletion puts the contexts in the order express-validator's
// concurrently running chains would finish (stable: ties keep schema
// order). runAllChains waits for every earlier chain before and after a
// chain with a request-level bail, so such a chain is a barrier.
func (e *engine) orderByCompletion() {
	start := 0
	for i := 0; i <= len(e.contexts); i++ {
		if i == len(e.contexts) || e.contexts[i].chain.bail {
			seg := e.contexts[start:i]
			// slices, not sort.SliceStable: its reflection-based swapper
			// allocated on every request.
			slices.SortStableFunc(seg, func(a, b *context) int { return cmp.Compare(a.cost, b.cost) })
			start = i + 1
		}
	}
}

func setData(data any, inst *instance) any {
	if len(inst.segs) == 0 {
		if o, ok := inst.value.(*Object); ok {
			return deepCopy(o)
		}
		return data
	}
	return setPath(data, inst.segs, deepCopy(inst.value))
}

// prepare copies a request location into the value model (Go maps and
// slices are converted), absent (nil) being undefined.
func prepare(v any) any {
	if v == nil {
		return Undefined
	}
	return normalizeValue(v, false) // copies every container: sanitizers never touch the caller's data
}

// adopt takes a location of a request DecodeJSON has just parsed for
// ValidateJSON as it is: it is already in the value model and nobody else
// holds it, so prepare's copy (a tenth of a request's allocations) would
// protect nothing.
func adopt(v any) any {
	if v == nil {
		return Undefined
	}
	return v
}

// lowerKeys lower-cases header names, as Node's req.headers has them (Go's
// http.Header and other hosts use other cases; express-validator looks
// headers up by the lower-cased field path).
func lowerKeys(v any) any {
	o, ok := v.(*Object)
	if !ok {
		return v
	}
	out := NewObject()
	for i, k := range o.keys {
		out.Set(strings.ToLower(k), o.vals[i])
	}
	return out
}

// runOneOf is express-validator's oneOf: every group runs as a dry run; the
// request passes when one group has no field errors.
func (e *engine) runOneOf(g *oneOfGroup) ([]*instance, *FieldError) {
	var all [][]FieldError
	var data []*instance
	success := false
	for _, group := range g.groups {
		var errs []FieldError
		var ctxs []*context
		for _, c := range group {
			ctx := e.runChain(c, true)
			ctxs = append(ctxs, ctx)
			for _, fe := range ctx.errors {
				if fe.Type == "field" {
					errs = append(errs, fe)
				}
			}
		}
		if len(errs) == 0 {
			success = true
			for _, ctx := range ctxs {
				data = append(data, ctx.data(false)...)
			}
		}
		all = append(all, errs)
	}
	if success {
		return data, nil
	}
	fe := &FieldError{Msg: g.message, Code: "one_of"}
	switch g.errorType {
	case "flat":
		fe.Type = "alternative"
		for _, errs := range all {
			fe.Nested = append(fe.Nested, errs...)
		}
	case "least_errored":
		fe.Type = "alternative"
		least := 0
		for i := range all {
			if len(all[i]) < len(all[least]) {
				least = i
			}
		}
		fe.Nested = all[least]
	default:
		fe.Type = "alternative_grouped"
		fe.Grouped = all
	}
	return data, fe
}

// unknownFields is express-validator's checkExact: the fields of the chains
// that ran (its request contexts, in the order they finished), per checked
// location in the order those contexts name it; when no chain that ran uses
// a checked location, everything in every checked location is unknown.
func (e *engine) unknownFields() []UnknownField {
	checked := map[string]bool{}
	for _, loc := range e.schema.opts.UnknownLocations {
		checked[loc] = true
	}
	var locs []string
	byLoc := map[string][]string{}
	for _, ctx := range e.contexts {
		for _, loc := range ctx.chain.locations {
			if !checked[loc] {
				continue
			}
			if _, seen := byLoc[loc]; !seen {
				locs = append(locs, loc)
			}
			byLoc[loc] = append(byLoc[loc], ctx.chain.rawFields...)
		}
	}
	if len(locs) == 0 {
		locs = e.schema.opts.UnknownLocations
	}
	var out []UnknownField
	for _, loc := range locs {
		fields := byLoc[loc]
		tree := pathTree{}
		for _, f := range fields {
			segs := []string{""}
			if f != "" {
				segs, _ = parsePath(f)
			}
			tree.add(segs)
		}
		v := e.req[loc]
		if v == Undefined || v == nil {
			continue
		}
		for _, u := range findUnknown(v, tree, nil) {
			out = append(out, UnknownField{Path: reconstructPath(u.path), Location: loc, Value: e.visible(u.path, u.value)})
		}
	}
	return out
}

type pathTree map[string]pathTree

func (t pathTree) add(segs []string) {
	b, ok := t[segs[0]]
	if !ok {
		b = pathTree{}
		t[segs[0]] = b
	}
	if len(segs) > 1 {
		b.add(segs[1:])
	} else {
		b[""] = pathTree{}
	}
}

type unknownHit struct {
	path  []string
	value any
}

func findUnknown(v any, tree pathTree, path []string) []unknownHit {
	glob := tree["**"]
	if _, leaf := tree[""]; leaf {
		return nil
	}
	if glob != nil {
		if _, leaf := glob[""]; leaf {
			return nil
		}
	}
	if !isObjectLike(v) {
		if len(path) == 0 || glob != nil {
			return []unknownHit{{append([]string(nil), path...), v}}
		}
		return nil
	}
	wild := tree["*"]
	var out []unknownHit
	for _, k := range childKeys(v) {
		p := append(append([]string(nil), path...), k)
		kb := tree[k]
		if kb == nil && wild == nil && glob == nil {
			out = append(out, unknownHit{p, child(v, k)})
			continue
		}
		var ku, wu, gu []unknownHit
		if kb != nil {
			ku = findUnknown(child(v, k), kb, p)
		}
		if wild != nil {
			wu = findUnknown(child(v, k), wild, p)
		}
		if glob != nil {
			merged := pathTree{"**": glob}
			for gk, gv := range glob {
				merged[gk] = gv
			}
			gu = findUnknown(child(v, k), merged, p)
		}
		if (kb == nil || len(ku) > 0) && (wild == nil || len(wu) > 0) && (glob == nil || len(gu) > 0) {
			out = append(out, ku...)
			out = append(out, wu...)
			out = append(out, gu...)
		}
	}
	return out
}

// deepCopy copies containers so that sanitizers never alias the caller's data.
func deepCopy(v any) any {
	switch t := v.(type) {
	case *Object:
		return t.mapValues(deepCopy)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func isNaNValue(v any) bool {
	f, ok := v.(float64)
	return ok && math.IsNaN(f)
}

// jsStrictEqual is ===: primitives by value (NaN unequal to itself),
// containers by identity.
func jsStrictEqual(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case *Object:
		y, ok := b.(*Object)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case time.Time:
		return false // every toDate() is a new Date object
	}
	return a == b
}

// MarshalJSON writes the result as {"errors": [...], "data": {...}} with
// express-validator's error shapes; byte-identical in every host.
func (r *Result) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	// Room for a typical result up front: growing the buffer step by step
	// was a large share of an invalid request's cost in WebAssembly.
	b.Grow(256 + 192*len(r.Errors))
	b.WriteString(`{"errors":[`)
	for i, e := range r.Errors {
		if i > 0 {
			b.WriteByte(',')
		}
		writeFieldError(&b, e)
	}
	b.WriteString(`],"data":`)
	encodeValue(&b, r.Data)
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeFieldError(b *bytes.Buffer, e FieldError) {
	// Written directly, not through an Object: errors are the hot path of an
	// invalid request. The string members are written as strings, not boxed
	// into encodeValue's any (one allocation each, per error). Undefined
	// values (a missing field's value) are left out, as JSON.stringify does.
	b.WriteString(`{"type":`)
	writeJSONString(b, e.Type)
	if e.Type == "field" && e.Value != Undefined {
		b.WriteString(`,"value":`)
		encodeValue(b, e.Value)
	}
	if e.Msg != Undefined {
		b.WriteString(`,"msg":`)
		encodeValue(b, e.Msg)
	}
	switch e.Type {
	case "field":
		b.WriteString(`,"path":`)
		writeJSONString(b, e.Path)
		b.WriteString(`,"location":`)
		writeJSONString(b, e.Location)
	case "unknown_fields":
		fields := make([]any, len(e.Fields))
		for i, f := range e.Fields {
			fo := NewObject()
			fo.Set("path", f.Path)
			fo.Set("value", f.Value)
			fo.Set("location", f.Location)
			fields[i] = fo
		}
		b.WriteString(`,"fields":`)
		encodeValue(b, fields)
	}
	b.WriteString(`,"code":`)
	writeJSONString(b, e.Code)
	if len(e.Params) > 0 {
		b.WriteString(`,"params":[`)
		for i, p := range e.Params {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeValue(b, p)
		}
		b.WriteByte(']')
	}
	switch e.Type {
	case "alternative":
		b.WriteString(`,"nestedErrors":[`)
		for i, n := range e.Nested {
			if i > 0 {
				b.WriteByte(',')
			}
			writeFieldError(b, n)
		}
		b.WriteByte(']')
	case "alternative_grouped":
		b.WriteString(`,"nestedErrors":[`)
		for i, g := range e.Grouped {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for j, n := range g {
				if j > 0 {
					b.WriteByte(',')
				}
				writeFieldError(b, n)
			}
			b.WriteByte(']')
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}
