// Package audit turns edgeguard's verdicts into security events: JSON lines
// named after the OWASP Application Logging Vocabulary (input_validation_fail,
// malicious_csrf, excess_rate_limit_exceeded, authz_fail, …), with a level, a
// reason code and a request id, that are safe to write to any log:
//
//   - every text value is one line: CR, LF, other C0 and C1 controls, DEL,
//     ANSI escape sequences' ESC, U+2028/U+2029 and bidirectional overrides
//     are replaced by visible \uXXXX text (CWE-117), and capped in length;
//   - values under sensitive names (password, token, cookie, authorization,
//     secret, …) are redacted, session ids are replaced by a short hash so
//     events still correlate, and credentials recognised by their shape
//     (JWTs, Bearer/Basic credentials, password hashes, CSRF tokens) are
//     redacted wherever they appear.
//
// The slogaudit sub-package adapts events to log/slog and wraps any
// slog.Handler with the same sanitising and redaction.
package audit
