package dispatch

import (
	"errors"
	"fmt"
)

// Stable error codes. Hosts, tests and users match on these strings; messages may
// be reworded, codes never change meaning. See docs/abi.md for the full table.
const (
	CodeBadRequest     = "bad_request"      // the request itself is malformed (bad JSON, empty op name, …)
	CodeUnknownKind    = "unknown_kind"     // Open named a kind the table does not have
	CodeUnknownOp      = "unknown_op"       // Call named an operation the handle's kind does not have
	CodeBadHandle      = "bad_handle"       // the handle is unknown, closed, or belongs to another engine
	CodeBadConfig      = "bad_config"       // the configuration failed to compile
	CodeTooLarge       = "too_large"        // input, configuration or allocation over its limit
	CodeInvalidUTF8    = "invalid_utf8"     // text input that is not valid UTF-8
	CodeTooManyHandles = "too_many_handles" // the per-engine handle limit is reached
	CodeInternal       = "internal"         // a bug: a recovered panic inside an operation

	// Raised by hosts, never by the table itself.
	CodeBadPointer  = "bad_pointer"   // ABI: a pointer that eg_alloc did not return, or a length past its end
	CodeClosed      = "closed"        // the engine was closed
	CodeTimeout     = "timeout"       // the call's deadline passed; the instance was discarded
	CodeCanceled    = "canceled"      // the context was canceled before the call started
	CodeTrap        = "trap"          // the module trapped; the instance was discarded
	CodeOutOfMemory = "out_of_memory" // the module hit its memory ceiling; the instance was discarded
	CodeUnavailable = "unavailable"   // the host could not load, compile or instantiate the module
)

// Error is the structured error every entry point returns: a stable Code, a
// human-readable Message, and an optional machine-readable Detail.
//
// Its JSON form is part of the ABI; field order is fixed by the struct so that
// every host produces byte-identical error documents.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Detail  any    `json:"detail,omitempty"`
}

func (e *Error) Error() string { return "edgeguard: " + e.Code + ": " + e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Coded is implemented by the practice packages' error types, so that they can
// report a stable code without importing this package.
type Coded interface {
	error
	Code() string
}

// Detailed may be implemented by a Coded error to add structured detail.
type Detailed interface {
	Detail() any
}

// AsError converts any error to an *Error. Errors that carry a code keep it;
// anything else becomes fallback, since an uncoded error from an operation
// means the input was refused for a reason the operation did not classify.
func AsError(err error, fallback string) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var c Coded
	if errors.As(err, &c) {
		out := &Error{Code: c.Code(), Message: c.Error()}
		if d, ok := c.(Detailed); ok {
			out.Detail = d.Detail()
		}
		return out
	}
	return &Error{Code: fallback, Message: err.Error()}
}
