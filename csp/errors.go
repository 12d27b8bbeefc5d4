package csp

// Error is the error type of this package; Code is a stable snake_case
// identifier.
type Error struct {
	code    string
	message string
}

// Error codes (Error.Code).
const (
	CodeBadConfig = "bad_config"
	CodeBadReport = "bad_report"
	CodeBadHash   = "bad_hash"
	CodeBadNonce  = "bad_nonce"
)

func (e *Error) Error() string { return e.message }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }
