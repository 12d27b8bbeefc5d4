package secret

// Stable error codes (dispatch.Coded).
const (
	CodeBadConfig       = "bad_config"        // unusable configuration
	CodeBadKey          = "bad_key"           // a key of the wrong size or id
	CodeUnknownKey      = "unknown_key"       // an envelope names a key id the keyring does not hold
	CodeBadEnvelope     = "bad_envelope"      // not an envelope of this package (structure, base64url, size)
	CodeDecryptFailed   = "decrypt_failed"    // authentication failed: wrong key, wrong associated data, or tampering
	CodeBadNonce        = "bad_nonce"         // an explicit nonce that is not 12 bytes
	CodeBadHash         = "bad_hash"          // a password hash string that does not parse
	CodeHashTooCostly   = "hash_too_costly"   // a password hash whose parameters exceed the configured bounds
	CodePasswordTooLong = "password_too_long" // over the hasher's length limit (72 bytes for bcrypt)
	CodeBadRequest      = "bad_request"       // other unusable input (KDF length, salt size…)
)

// Error is the error type of this package. Messages never contain key
// material, plaintext or passwords.
type Error struct {
	code string
	msg  string
}

func (e *Error) Error() string { return "secret: " + e.msg }

// Code returns the stable error code.
func (e *Error) Code() string { return e.code }

func errorf(code, msg string) *Error { return &Error{code: code, msg: msg} }
