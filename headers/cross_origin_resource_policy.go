package headers

// crossOriginResourcePolicy: Cross-Origin-Resource-Policy, default same-origin.
var crossOriginResourcePolicy = unit{
	option: "crossOriginResourcePolicy", header: "Cross-Origin-Resource-Policy", enabledByDefault: true,
	value: oneOf("Cross-Origin-Resource-Policy", "policy", "same-origin",
		[]string{"same-origin", "same-site", "cross-origin"},
		func(got string) string { return "Cross-Origin-Resource-Policy does not support the " + got + " policy" }),
}
