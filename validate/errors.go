package validate

// Stable error codes of this package (docs/validate.md).
const (
	// CodeUnknownRule: a schema or Compile named a validator or sanitizer that does not exist.
	CodeUnknownRule = "unknown_rule"
	// CodeBadOption: a rule's options are malformed (wrong type, unknown key, bad locale).
	CodeBadOption = "bad_option"
	// CodeBadSchema: the schema document itself is malformed.
	CodeBadSchema = "bad_schema"
	// CodeBadRequest: the request document is malformed.
	CodeBadRequest = "bad_request"
)

// Error is the error type of this package: a stable code, a message, and a
// machine-readable detail (for schema errors: the field and the rule).
type Error struct {
	code   string
	msg    string
	detail any
}

func (e *Error) Error() string { return e.msg }

// Code is the stable error code.
func (e *Error) Code() string { return e.code }

// Detail is structured context (field, rule, option), or nil.
func (e *Error) Detail() any { return e.detail }
