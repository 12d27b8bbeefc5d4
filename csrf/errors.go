package csrf

// Stable error and reason codes (dispatch.Coded).
const (
	CodeBadConfig = "bad_config" // unusable configuration

	// Token verification failures.
	CodeTokenMissing  = "csrf_token_missing"  // no cookie token or no request token
	CodeTokenMismatch = "csrf_token_mismatch" // cookie and request tokens differ
	CodeTokenInvalid  = "csrf_token_invalid"  // malformed, or the HMAC does not verify for this session
	CodeNoSession     = "csrf_no_session"     // empty session identifier: a token must be bound to one

	// Protection verdict reasons.
	ReasonCrossSite  = "cross_origin_sec_fetch_site" // Sec-Fetch-Site is same-site or cross-site
	ReasonOldBrowser = "cross_origin_origin_host"    // no Sec-Fetch-Site, and Origin does not match Host
)

// Error is the error type of this package.
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return "csrf: " + e.msg }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }

func errorf(code, msg string) *Error { return &Error{code: code, msg: msg} }
