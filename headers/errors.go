package headers

import "fmt"

// Error codes returned by this package.
const (
	// CodeBadConfig: the options were refused (every error helmet throws
	// when its middleware is created, plus the ones listed in docs/headers.md).
	CodeBadConfig = "bad_config"
	// CodeBadNonce: the nonce given to Build is not usable.
	CodeBadNonce = "bad_nonce"
	// CodeBadRequest: the input of a build call is malformed.
	CodeBadRequest = "bad_request"
)

// Error is this package's error: a stable code and a message (for helmet's
// own rejections, helmet's exact message).
type Error struct {
	code    string
	message string
}

func (e *Error) Error() string { return e.message }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }

func configErrorf(format string, args ...any) error {
	return &Error{CodeBadConfig, fmt.Sprintf(format, args...)}
}
