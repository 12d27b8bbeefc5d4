package headers

// crossOriginOpenerPolicy: Cross-Origin-Opener-Policy, default same-origin.
var crossOriginOpenerPolicy = unit{
	option: "crossOriginOpenerPolicy", header: "Cross-Origin-Opener-Policy", enabledByDefault: true,
	value: oneOf("Cross-Origin-Opener-Policy", "policy", "same-origin",
		[]string{"same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"},
		func(got string) string { return "Cross-Origin-Opener-Policy does not support the " + got + " policy" }),
}
