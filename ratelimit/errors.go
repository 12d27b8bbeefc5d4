package ratelimit

// Stable error codes (dispatch.Coded).
const (
	CodeBadConfig  = "bad_config"       // a policy or option is out of range
	CodeBadState   = "bad_state"        // a stored state is not one this package wrote
	CodeBadRequest = "bad_request"      // cost, time or key input is unusable
	CodeBadIP      = "bad_ip"           // the client address does not parse
	CodeContention = "store_contention" // a Store kept failing compare-and-swap (Limiter.Allow)
)

// Error is the error type of this package.
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return "ratelimit: " + e.msg }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }

func errorf(code, msg string) *Error { return &Error{code: code, msg: msg} }
