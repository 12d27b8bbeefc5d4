package headers

// xContentTypeOptions: X-Content-Type-Options: nosniff (no options; legacy
// alias noSniff).
var xContentTypeOptions = unit{
	option: "xContentTypeOptions", alias: "noSniff", header: "X-Content-Type-Options", enabledByDefault: true,
	value: fixedValue("X-Content-Type-Options", "nosniff"),
}
