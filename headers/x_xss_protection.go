package headers

// xXssProtection: X-XSS-Protection: 0, which turns off the legacy XSS
// auditors (they could be abused to remove legitimate scripts). No options;
// legacy alias xssFilter.
var xXssProtection = unit{
	option: "xXssProtection", alias: "xssFilter", header: "X-XSS-Protection", enabledByDefault: true,
	value: fixedValue("X-XSS-Protection", "0"),
}
