package headers

import "testing"

func TestXDnsPrefetchControl(t *testing.T) {
	runHeaderCases(t, "X-DNS-Prefetch-Control", []headerCase{
		{name: "default", options: `{}`, want: "off"},
		{name: "allow", options: `{"xDnsPrefetchControl":{"allow":true}}`, want: "on"},
		{name: "alias allow truthy string", options: `{"dnsPrefetchControl":{"allow":"yes"}}`, want: "on"},
		{name: "allow false", options: `{"xDnsPrefetchControl":{"allow":false}}`, want: "off"},
		{name: "unknown", options: `{"xDnsPrefetchControl":{"alow":true}}`, wantErr: `X-DNS-Prefetch-Control received an unknown option "alow"`},
	})
}
