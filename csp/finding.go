package csp

import (
	"encoding/json"
	"fmt"
)

// Severity ranks a finding; a lower number is more severe. The values are
// csp-evaluator's, so they can be compared with its output.
type Severity int

// Severities, most severe first.
const (
	SeverityHigh        Severity = 10
	SeveritySyntax      Severity = 20
	SeverityMedium      Severity = 30
	SeverityHighMaybe   Severity = 40
	SeverityStrictCSP   Severity = 45
	SeverityMediumMaybe Severity = 50
	SeverityInfo        Severity = 60
	SeverityNone        Severity = 100
)

var severityNames = map[Severity]string{
	SeverityHigh: "HIGH", SeveritySyntax: "SYNTAX", SeverityMedium: "MEDIUM",
	SeverityHighMaybe: "HIGH_MAYBE", SeverityStrictCSP: "STRICT_CSP",
	SeverityMediumMaybe: "MEDIUM_MAYBE", SeverityInfo: "INFO", SeverityNone: "NONE",
}

// String returns csp-evaluator's name for s, such as "HIGH".
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Type is the kind of a finding, with csp-evaluator's numeric codes.
type Type int

// Finding types. The names and numbers are csp-evaluator's; the 9xx ones
// are edgeguard's own additions (see EvaluateOptions.Extra).
const (
	TypeMissingSemicolon              Type = 100
	TypeUnknownDirective              Type = 101
	TypeInvalidKeyword                Type = 102
	TypeNonceCharset                  Type = 106
	TypeMissingDirectives             Type = 300
	TypeScriptUnsafeInline            Type = 301
	TypeScriptUnsafeEval              Type = 302
	TypePlainURLSchemes               Type = 303
	TypePlainWildcard                 Type = 304
	TypeScriptAllowlistBypass         Type = 305
	TypeObjectAllowlistBypass         Type = 306
	TypeNonceLength                   Type = 307
	TypeIPSource                      Type = 308
	TypeDeprecatedDirective           Type = 309
	TypeSrcHTTP                       Type = 310
	TypeScriptUnsafeHashes            Type = 317
	TypeStrictDynamic                 Type = 400
	TypeStrictDynamicNotStandalone    Type = 401
	TypeUnsafeInlineFallback          Type = 403
	TypeAllowlistFallback             Type = 404
	TypeIgnored                       Type = 405
	TypeRequireTrustedTypesForScripts Type = 500
	TypeReportingDestinationMissing   Type = 600
	TypeReportToOnly                  Type = 601
	TypeDuplicateDirective            Type = 900
	TypeMissingWasmUnsafeEval         Type = 901
)

var typeNames = map[Type]string{
	TypeMissingSemicolon: "MISSING_SEMICOLON", TypeUnknownDirective: "UNKNOWN_DIRECTIVE",
	TypeInvalidKeyword: "INVALID_KEYWORD", TypeNonceCharset: "NONCE_CHARSET",
	TypeMissingDirectives: "MISSING_DIRECTIVES", TypeScriptUnsafeInline: "SCRIPT_UNSAFE_INLINE",
	TypeScriptUnsafeEval: "SCRIPT_UNSAFE_EVAL", TypePlainURLSchemes: "PLAIN_URL_SCHEMES",
	TypePlainWildcard: "PLAIN_WILDCARD", TypeScriptAllowlistBypass: "SCRIPT_ALLOWLIST_BYPASS",
	TypeObjectAllowlistBypass: "OBJECT_ALLOWLIST_BYPASS", TypeNonceLength: "NONCE_LENGTH",
	TypeIPSource: "IP_SOURCE", TypeDeprecatedDirective: "DEPRECATED_DIRECTIVE",
	TypeSrcHTTP: "SRC_HTTP", TypeScriptUnsafeHashes: "SCRIPT_UNSAFE_HASHES",
	TypeStrictDynamic: "STRICT_DYNAMIC", TypeStrictDynamicNotStandalone: "STRICT_DYNAMIC_NOT_STANDALONE",
	TypeUnsafeInlineFallback: "UNSAFE_INLINE_FALLBACK", TypeAllowlistFallback: "ALLOWLIST_FALLBACK",
	TypeIgnored: "IGNORED", TypeRequireTrustedTypesForScripts: "REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS",
	TypeReportingDestinationMissing: "REPORTING_DESTINATION_MISSING", TypeReportToOnly: "REPORT_TO_ONLY",
	TypeDuplicateDirective: "DUPLICATE_DIRECTIVE", TypeMissingWasmUnsafeEval: "MISSING_WASM_UNSAFE_EVAL",
}

// String returns csp-evaluator's name for t, such as "SCRIPT_UNSAFE_INLINE".
func (t Type) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Finding is one problem found in a policy.
type Finding struct {
	Type        Type
	Severity    Severity
	Directive   string // the directive the finding is about
	Value       string // the offending value; "" when the finding is about the directive
	Description string // English explanation (csp-evaluator's wording for its checks)
}

// MarshalJSON writes {"type","severity","directive","value","description"}
// with names for type and severity and null for an absent value, the shape
// csp-evaluator's findings have when serialized.
func (f Finding) MarshalJSON() ([]byte, error) {
	var value *string
	if f.Value != "" {
		value = &f.Value
	}
	return json.Marshal(struct {
		Type        string  `json:"type"`
		Severity    string  `json:"severity"`
		Directive   string  `json:"directive"`
		Value       *string `json:"value"`
		Description string  `json:"description"`
	}{f.Type.String(), f.Severity.String(), f.Directive, value, f.Description})
}

// HighestSeverity returns the most severe severity among findings, or
// SeverityNone for none.
func HighestSeverity(findings []Finding) Severity {
	best := SeverityNone
	for _, f := range findings {
		best = min(best, f.Severity)
	}
	return best
}
