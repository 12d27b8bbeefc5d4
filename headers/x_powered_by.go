package headers

// xPoweredBy: helmet removes X-Powered-By (it advertises the framework).
// A header map cannot express a removal, so Build reports it in
// Result.Remove. No options; legacy alias hidePoweredBy.
var xPoweredBy = unit{
	option: "xPoweredBy", alias: "hidePoweredBy", header: "X-Powered-By", enabledByDefault: true,
	value: fixedValue("X-Powered-By", ""),
}
