package headers

// crossOriginEmbedderPolicy: Cross-Origin-Embedder-Policy. Off by default
// (helmet 7+); `true` or `{}` sets require-corp.
var crossOriginEmbedderPolicy = unit{
	option: "crossOriginEmbedderPolicy", header: "Cross-Origin-Embedder-Policy",
	value: oneOf("Cross-Origin-Embedder-Policy", "policy", "require-corp",
		[]string{"require-corp", "credentialless", "unsafe-none"},
		func(got string) string { return "Cross-Origin-Embedder-Policy does not support the " + got + " policy" }),
}
