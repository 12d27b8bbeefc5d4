package headers

// xDownloadOptions: X-Download-Options: noopen (no options; legacy alias
// ieNoOpen).
var xDownloadOptions = unit{
	option: "xDownloadOptions", alias: "ieNoOpen", header: "X-Download-Options", enabledByDefault: true,
	value: fixedValue("X-Download-Options", "noopen"),
}
