package headers

import "testing"

func TestPermissionsPolicy(t *testing.T) {
	runHeaderCases(t, "Permissions-Policy", []headerCase{
		{name: "off by default", options: `{}`, unset: true},
		{name: "true denies devices and sensors", options: `{"permissionsPolicy":true}`,
			want: "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"},
		{name: "allowlists in order", options: `{"permissionsPolicy":{"features":{"geolocation":["self","https://maps.example:8443"],"camera":[],"fullscreen":"*","pictureInPicture":["*"],"autoplay":["src"]}}}`,
			want: `geolocation=(self "https://maps.example:8443"), camera=(), fullscreen=*, picture-in-picture=(*), autoplay=(src)`},
		{name: "unknown feature", options: `{"permissionsPolicy":{"features":{"camra":[]}}}`, wantErr: `Permissions-Policy received an unknown feature "camra"`},
		{name: "origin with path", options: `{"permissionsPolicy":{"features":{"camera":["https://a.example/x"]}}}`,
			wantErr: `Permissions-Policy allowlist for "camera": "https://a.example/x" is not "self", "src", "*" or an origin like "https://example.com"`},
		{name: "quote injection", options: `{"permissionsPolicy":{"features":{"camera":["https://a.example\"), usb=*"]}}}`,
			wantErr: `Permissions-Policy allowlist for "camera": "https://a.example\"), usb=*" is not "self", "src", "*" or an origin like "https://example.com"`},
		{name: "bare token", options: `{"permissionsPolicy":{"features":{"camera":"self"}}}`,
			wantErr: `Permissions-Policy allowlist for "camera" must be "*" or a list of "self", "src", "*" and origins`},
		{name: "no features", options: `{"permissionsPolicy":{"features":{}}}`, wantErr: "Permissions-Policy received no features"},
		{name: "missing features", options: `{"permissionsPolicy":{}}`, wantErr: "Permissions-Policy features must be an object of feature: allowlist"},
		{name: "unknown option", options: `{"permissionsPolicy":{"feature":{}}}`, wantErr: `Permissions-Policy received an unknown option "feature"`},
	})
}
