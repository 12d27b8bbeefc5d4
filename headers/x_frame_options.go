package headers

import (
	"strings"

	"github.com/edgeguard/edgeguard/headers/internal/jsopt"
)

// xFrameOptions: X-Frame-Options, default SAMEORIGIN; option action is
// "deny" or "sameorigin" in any case ("same-origin" accepted); legacy alias
// frameguard.
var xFrameOptions = unit{
	option: "xFrameOptions", alias: "frameguard", header: "X-Frame-Options", enabledByDefault: true,
	value: func(opts *jsopt.Map) (string, error) {
		action := opts.Get("action")
		if action.Kind == jsopt.Absent {
			return "SAMEORIGIN", noUnknown("X-Frame-Options", opts, "action")
		}
		s, _ := action.String()
		switch strings.ToUpper(s) {
		case "SAME-ORIGIN", "SAMEORIGIN":
			return "SAMEORIGIN", noUnknown("X-Frame-Options", opts, "action")
		case "DENY":
			return "DENY", noUnknown("X-Frame-Options", opts, "action")
		}
		return "", configErrorf("X-Frame-Options received an invalid action %s", action.Stringify())
	},
}
