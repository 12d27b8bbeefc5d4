//go:build wasip1

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"unsafe"

	"github.com/edgeguard/edgeguard/dispatch"
)

// Result status bytes (docs/abi.md).
const (
	statusText  = 0
	statusJSON  = 1
	statusError = 2
)

// maxAlloc bounds one eg_alloc. It is above dispatch's input limit so that an
// oversized input reaches the table and gets a precise too_large error.
const maxAlloc = 16 << 20

var (
	table = dispatch.NewTable()

	// buffers keeps every host-visible allocation reachable until eg_free:
	// Go's GC does not move heap objects, but it frees unreachable ones.
	buffers = map[uint32][]byte{}

	// result is the last result. It stays reachable, and so valid for the
	// host to read, until the next export call replaces it.
	result []byte
)

func init() {
	if os.Getenv("EDGEGUARD_FAULTS") == "1" {
		dispatch.EnableFaults()
	}
}

func addr(b []byte) uint32 { return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

//go:wasmexport eg_abi_version
func abiVersion() uint32 { return dispatch.ABIVersion }

// eg_alloc returns a buffer of size bytes owned by the host until eg_free, or
// 0 if size is 0 or over maxAlloc.
//
//go:wasmexport eg_alloc
func alloc(size uint32) uint32 {
	if size == 0 || size > maxAlloc {
		return 0
	}
	b := make([]byte, size)
	p := addr(b)
	buffers[p] = b
	return p
}

// eg_free releases a buffer from eg_alloc: 0 if it was live, 1 if it was not
// (a double free or a foreign pointer, which the host should treat as a bug).
//
//go:wasmexport eg_free
func free(ptr uint32) uint32 {
	if _, ok := buffers[ptr]; !ok {
		return 1
	}
	delete(buffers, ptr)
	return 0
}

// eg_open compiles a configuration. buf holds the kind name (kindLen bytes)
// followed by the JSON configuration (cfgLen bytes).
//
//go:wasmexport eg_open
func open(buf, kindLen, cfgLen uint32) (packed uint64) {
	defer recoverInto(&packed)
	kind, cfg, err := split(buf, kindLen, cfgLen)
	if err != nil {
		return fail(err)
	}
	h, err := table.Open(string(kind), cfg)
	if err != nil {
		return fail(err)
	}
	return reply(statusJSON, []byte(`{"handle":`+strconv.FormatUint(uint64(h), 10)+`}`))
}

// eg_call runs an operation. buf holds the operation name (opLen bytes)
// followed by the input (inLen bytes). The module does not keep buf.
//
//go:wasmexport eg_call
func call(handle, buf, opLen, inLen uint32) (packed uint64) {
	defer recoverInto(&packed)
	op, in, err := split(buf, opLen, inLen)
	if err != nil {
		return fail(err)
	}
	out, format, err := table.Call(handle, string(op), in)
	if err != nil {
		return fail(err)
	}
	if format == dispatch.JSON {
		return reply(statusJSON, out)
	}
	return reply(statusText, out)
}

// eg_close releases a handle.
//
//go:wasmexport eg_close
func closeHandle(handle uint32) (packed uint64) {
	defer recoverInto(&packed)
	if err := table.Close(handle); err != nil {
		return fail(err)
	}
	return reply(statusJSON, []byte("{}"))
}

// split resolves a (name, payload) pair laid out back to back in one buffer
// from eg_alloc. Only base pointers of live buffers are accepted, so a stale,
// foreign or out-of-range pointer is an error and never reads other memory.
func split(buf, nameLen, payloadLen uint32) (name, payload []byte, err error) {
	total := uint64(nameLen) + uint64(payloadLen)
	if total == 0 {
		return nil, nil, nil
	}
	b, ok := buffers[buf]
	if !ok {
		return nil, nil, dispatch.Errorf(dispatch.CodeBadPointer, "pointer %#x was not returned by eg_alloc or was freed", buf)
	}
	if total > uint64(len(b)) {
		return nil, nil, dispatch.Errorf(dispatch.CodeBadPointer, "length %d exceeds the %d-byte buffer", total, len(b))
	}
	return b[:nameLen], b[nameLen:total], nil
}

func reply(status byte, payload []byte) uint64 {
	result = make([]byte, 1+len(payload))
	result[0] = status
	copy(result[1:], payload)
	return uint64(addr(result))<<32 | uint64(len(result))
}

func fail(err error) uint64 {
	doc, merr := json.Marshal(dispatch.AsError(err, dispatch.CodeInternal))
	if merr != nil {
		doc = []byte(`{"code":"internal","message":"unencodable error"}`)
	}
	return reply(statusError, doc)
}

// recoverInto catches a panic in the glue itself (the table guards the
// operations): an unrecovered panic in a wasmexport traps and would leave
// the instance unusable.
func recoverInto(packed *uint64) {
	if r := recover(); r != nil {
		*packed = fail(dispatch.Errorf(dispatch.CodeInternal, "module panicked: %v", fmt.Sprint(r)))
	}
}
