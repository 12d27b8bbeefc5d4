package audit

// Levels of the OWASP logging vocabulary.
const (
	LevelInfo     = "INFO"
	LevelWarn     = "WARN"
	LevelCritical = "CRITICAL"
)

// Vocabulary maps the event names edgeguard emits to their default level.
// Names and levels are those of the OWASP Application Logging Vocabulary
// Cheat Sheet, except authn_token_invalid, which the vocabulary lacks (it
// has authn_token_created/revoked/reuse/delete) and which edgeguard uses for
// a JWT that fails verification.
var Vocabulary = map[string]string{
	"authn_login_success":            LevelInfo,
	"authn_login_successafterfail":   LevelInfo,
	"authn_login_fail":               LevelWarn,
	"authn_login_fail_max":           LevelWarn,
	"authn_login_lock":               LevelWarn,
	"authn_password_change":          LevelInfo,
	"authn_password_change_fail":     LevelCritical,
	"authn_impossible_travel":        LevelCritical,
	"authn_token_created":            LevelInfo,
	"authn_token_revoked":            LevelInfo,
	"authn_token_reuse":              LevelCritical,
	"authn_token_delete":             LevelWarn,
	"authn_token_invalid":            LevelWarn,
	"authz_fail":                     LevelCritical,
	"authz_change":                   LevelWarn,
	"authz_admin":                    LevelWarn,
	"crypt_decrypt_fail":             LevelWarn,
	"crypt_encrypt_fail":             LevelWarn,
	"excess_rate_limit_exceeded":     LevelWarn,
	"excess_sessions_exceeded":       LevelWarn,
	"input_validation_fail":          LevelWarn,
	"input_validation_discrete_fail": LevelWarn,
	"malicious_excess_404":           LevelWarn,
	"malicious_extraneous":           LevelCritical,
	"malicious_attack_tool":          LevelCritical,
	"malicious_cors":                 LevelCritical,
	"malicious_csrf":                 LevelWarn,
	"malicious_csp_violation":        LevelWarn,
	"malicious_direct_reference":     LevelCritical,
	"malicious_sqli":                 LevelCritical,
	"session_created":                LevelInfo,
	"session_renewed":                LevelInfo,
	"session_expired":                LevelInfo,
	"session_use_after_expire":       LevelCritical,
	"session_logout":                 LevelInfo,
	"sequence_fail":                  LevelCritical,
	"upload_validation":              LevelCritical,
}
