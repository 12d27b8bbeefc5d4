package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// maxAlloc mirrors the module's eg_alloc bound (docs/abi.md).
const maxAlloc = 16 << 20

// Result status bytes (docs/abi.md).
const (
	statusText  = 0
	statusJSON  = 1
	statusError = 2
)

// instance is one module instance and its per-instance state: the handles
// opened on it, a reusable scratch buffer, and the tail of what it printed.
type instance struct {
	v                               *variant
	mod                             api.Module
	mem                             api.Memory
	alloc, free, open_, call_, cls_ api.Function
	stack                           []uint64

	scratch, scratchCap uint32
	handles             map[uint32]uint32 // engine handle id → this instance's handle
	gen                 uint64
	log                 *tail

	// poisoned is set when the instance must not be reused: it trapped,
	// timed out, or grew past half its memory ceiling (memory never shrinks).
	poisoned bool
}

func startInstance(v *variant, cfg wazero.ModuleConfig) (*instance, error) {
	log := &tail{max: 8 << 10, tee: v.w.opts.Log}
	cfg = cfg.WithStdout(log).WithStderr(log)
	// Instantiation runs _initialize; it has no deadline of its own because
	// the instance outlives the call that happened to need it.
	mod, err := v.rt.InstantiateModule(context.Background(), v.compiled, cfg)
	if err != nil {
		return nil, &Error{Code: dispatch.CodeUnavailable, Message: fmt.Sprintf("starting module: %v", err),
			Detail: map[string]any{"log": log.String()}}
	}
	inst := &instance{v: v, mod: mod, mem: mod.Memory(), stack: make([]uint64, 4),
		handles: map[uint32]uint32{}, log: log}
	fns := map[string]*api.Function{"eg_alloc": &inst.alloc, "eg_free": &inst.free,
		"eg_open": &inst.open_, "eg_call": &inst.call_, "eg_close": &inst.cls_}
	for name, dst := range fns {
		if *dst = mod.ExportedFunction(name); *dst == nil {
			mod.Close(context.Background())
			return nil, dispatch.Errorf(dispatch.CodeUnavailable, "module does not export %s: not an edgeguard module", name)
		}
	}
	ver := mod.ExportedFunction("eg_abi_version")
	if ver == nil {
		mod.Close(context.Background())
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "module does not export eg_abi_version")
	}
	if got, err := ver.Call(context.Background()); err != nil || len(got) != 1 || got[0] != dispatch.ABIVersion {
		mod.Close(context.Background())
		return nil, dispatch.Errorf(dispatch.CodeUnavailable, "module ABI version %v, host speaks %d", got, dispatch.ABIVersion)
	}
	return inst, nil
}

func (inst *instance) close() { inst.mod.Close(context.Background()) }

// write lays name and payload back to back in the scratch buffer.
func (inst *instance) write(ctx context.Context, name string, payload []byte) (uint32, error) {
	need := uint64(len(name)) + uint64(len(payload))
	if need == 0 {
		return 0, nil
	}
	if need > maxAlloc {
		return 0, dispatch.Errorf(dispatch.CodeTooLarge, "request is %d bytes, limit %d", need, maxAlloc)
	}
	if uint32(need) > inst.scratchCap {
		if inst.scratch != 0 {
			if _, err := inst.invoke(ctx, inst.free, uint64(inst.scratch)); err != nil {
				return 0, err
			}
			inst.scratch, inst.scratchCap = 0, 0
		}
		size := max(uint32(need), 2*inst.scratchCap, 4096)
		size = min(size, maxAlloc)
		ptr, err := inst.invoke(ctx, inst.alloc, uint64(size))
		if err != nil {
			return 0, err
		}
		if ptr == 0 {
			return 0, dispatch.Errorf(dispatch.CodeTooLarge, "module refused a %d-byte buffer", size)
		}
		inst.scratch, inst.scratchCap = uint32(ptr), size
	}
	if !inst.mem.WriteString(inst.scratch, name) || !inst.mem.Write(inst.scratch+uint32(len(name)), payload) {
		inst.poisoned = true
		return 0, dispatch.Errorf(dispatch.CodeInternal, "scratch buffer outside memory")
	}
	return inst.scratch, nil
}

func (inst *instance) open(ctx context.Context, kind string, config []byte) (uint32, error) {
	buf, err := inst.write(ctx, kind, config)
	if err != nil {
		return 0, err
	}
	payload, status, err := inst.invokeResult(ctx, inst.open_, uint64(buf), uint64(len(kind)), uint64(len(config)))
	if err != nil {
		return 0, err
	}
	if status != statusJSON {
		inst.poisoned = true
		return 0, dispatch.Errorf(dispatch.CodeInternal, "eg_open answered status %d", status)
	}
	return parseOpen(payload)
}

func (inst *instance) call(ctx context.Context, handle uint32, op string, in []byte) ([]byte, dispatch.Format, error) {
	buf, err := inst.write(ctx, op, in)
	if err != nil {
		return nil, 0, err
	}
	payload, status, err := inst.invokeResult(ctx, inst.call_, uint64(handle), uint64(buf), uint64(len(op)), uint64(len(in)))
	if err != nil {
		return nil, 0, err
	}
	if status == statusJSON {
		return payload, dispatch.JSON, nil
	}
	return payload, dispatch.Text, nil
}

// prune closes, on this instance, the handles the engine closed since the
// instance last looked.
func (inst *instance) prune(ctx context.Context, gen uint64, w *wazeroBackend) error {
	if inst.gen == gen {
		return nil
	}
	for id, local := range inst.handles {
		if _, _, open := w.config(id); open {
			continue
		}
		if _, _, err := inst.invokeResult(ctx, inst.cls_, uint64(local)); err != nil {
			return err
		}
		delete(inst.handles, id)
	}
	inst.gen = gen
	return nil
}

// invokeResult calls an export that answers a packed result and decodes it:
// the payload (copied out of guest memory), its status, or the module's
// structured error.
func (inst *instance) invokeResult(ctx context.Context, fn api.Function, params ...uint64) ([]byte, byte, error) {
	packed, err := inst.invoke(ctx, fn, params...)
	if err != nil {
		return nil, 0, err
	}
	ptr, n := uint32(packed>>32), uint32(packed)
	view, ok := inst.mem.Read(ptr, n)
	if n == 0 || !ok {
		inst.poisoned = true
		return nil, 0, dispatch.Errorf(dispatch.CodeInternal, "module returned an invalid result (%#x)", packed)
	}
	// The view aliases guest memory, which the next call may reuse or grow.
	payload := bytes.Clone(view[1:])
	if payload == nil {
		payload = []byte{}
	}
	if inst.mem.Size() > uint32(inst.v.w.opts.MemoryLimit/2) {
		inst.poisoned = true // retire it: linear memory never shrinks
	}
	switch view[0] {
	case statusText, statusJSON:
		return payload, view[0], nil
	case statusError:
		e := &Error{}
		if err := json.Unmarshal(payload, e); err != nil || e.Code == "" {
			return nil, 0, dispatch.Errorf(dispatch.CodeInternal, "module returned a malformed error %q", payload)
		}
		return nil, 0, e
	}
	inst.poisoned = true
	return nil, 0, dispatch.Errorf(dispatch.CodeInternal, "module returned unknown status %d", view[0])
}

// invoke calls fn and classifies failure. Any failure poisons the instance:
// after a trap its memory and Go runtime state are undefined.
func (inst *instance) invoke(ctx context.Context, fn api.Function, params ...uint64) (uint64, error) {
	stack := inst.stack[:max(len(params), 1)]
	copy(stack, params)
	if err := fn.CallWithStack(ctx, stack); err != nil {
		inst.poisoned = true
		return 0, inst.classify(err)
	}
	return stack[0], nil
}

func (inst *instance) classify(err error) *Error {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case sys.ExitCodeDeadlineExceeded:
			return dispatch.Errorf(dispatch.CodeTimeout, "deadline exceeded; the instance was discarded")
		case sys.ExitCodeContextCanceled:
			return dispatch.Errorf(dispatch.CodeCanceled, "context canceled during the call; the instance was discarded")
		}
	}
	log := inst.log.String()
	detail := map[string]any{"error": firstLine(err.Error())}
	if log != "" {
		detail["log"] = log
	}
	if strings.Contains(log, "out of memory") {
		return &Error{Code: dispatch.CodeOutOfMemory, Message: "the instance reached its memory ceiling and was discarded", Detail: detail}
	}
	return &Error{Code: dispatch.CodeTrap, Message: "the module trapped and the instance was discarded: " + firstLine(err.Error()), Detail: detail}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// tail keeps the last max bytes written (a crash report's useful end), and
// copies everything to tee when set.
type tail struct {
	mu  sync.Mutex
	buf []byte
	max int
	tee io.Writer
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	if t.tee != nil {
		t.tee.Write(p) //nolint:errcheck // logging must not fail the call
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
