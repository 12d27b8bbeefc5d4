package headers

import "testing"

func TestCrossOriginEmbedderPolicy(t *testing.T) {
	runHeaderCases(t, "Cross-Origin-Embedder-Policy", []headerCase{
		{name: "off by default", options: `{}`, unset: true},
		{name: "true", options: `{"crossOriginEmbedderPolicy":true}`, want: "require-corp"},
		{name: "credentialless", options: `{"crossOriginEmbedderPolicy":{"policy":"credentialless"}}`, want: "credentialless"},
		{name: "bad", options: `{"crossOriginEmbedderPolicy":{"policy":"corp"}}`, wantErr: `Cross-Origin-Embedder-Policy does not support the "corp" policy`},
		{name: "null", options: `{"crossOriginEmbedderPolicy":null}`, wantErr: `crossOriginEmbedderPolicy must be true, false or an options object, not null`},
		{name: "unknown key", options: `{"crossOriginEmbedderPolicy":{"polcy":"x"}}`, wantErr: `Cross-Origin-Embedder-Policy received an unknown option "polcy"`},
	})
}
