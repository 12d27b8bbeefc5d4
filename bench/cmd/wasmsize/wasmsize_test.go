package main

import (
	"strings"
	"testing"
)

func TestGoPackage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"runtime.mallocgc", "runtime"},
		{"github.com_edgeguard_edgeguard_validate.isDataURI", "github.com/edgeguard/edgeguard/validate"},
		{"github.com_edgeguard_edgeguard_sanitize.__urlRule_.allows", "github.com/edgeguard/edgeguard/sanitize"},
		{"golang.org_x_net_html.map.init.3", "golang.org/x/net/html"},
		{"vendor_golang.org_x_net_http2_hpack.init", "vendor/golang.org/x/net/http2/hpack"},
		{"crypto_internal_fips140_sha3.__Digest_.BlockSize", "crypto/internal/fips140/sha3"},
		{"gopkg.in_yaml.v3.Unmarshal", "gopkg.in/yaml"}, // a version suffix looks like a function: close enough
		{"type_.eq.internal_sync.indirect", "type/"},
		{"go.opentelemetry.io_otel.Tracer", "go.opentelemetry.io/otel"},
		{"memchr", "(no package)"},
		{".weird", "(no package)"},
		{"", "(no package)"},
	}
	for _, tt := range tests {
		if got := goPackage(tt.in); got != tt.want {
			t.Errorf("goPackage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// tinyModule is a hand-assembled wasm binary: one imported function, two
// defined ones (bodies of 2 and 4 bytes), and a name section naming them.
func tinyModule() []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	section := func(id byte, body []byte) {
		b = append(b, id, byte(len(body)))
		b = append(b, body...)
	}
	str := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	imp := []byte{1}
	imp = append(imp, str("wasi")...)
	imp = append(imp, str("fd_write")...)
	imp = append(imp, 0, 0) // function, type 0
	section(2, imp)
	section(10, []byte{2, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b})
	names := []byte{3}
	names = append(names, append([]byte{0}, str("wasi.fd_write")...)...)
	names = append(names, append([]byte{1}, str("runtime.a")...)...)
	names = append(names, append([]byte{2}, str("github.com_x_y.b")...)...)
	name := str("name")
	name = append(name, 1, byte(len(names)))
	name = append(name, names...)
	section(0, name)
	return b
}

func TestParseAndRender(t *testing.T) {
	m, err := parse(tinyModule())
	if err != nil {
		t.Fatal(err)
	}
	if m.importedFuncs != 1 || len(m.bodySizes) != 2 || m.bodySizes[0] != 2 || m.bodySizes[1] != 4 {
		t.Fatalf("imports %d, bodies %v", m.importedFuncs, m.bodySizes)
	}
	got := render(m, len(tinyModule()), 10)
	for _, want := range []string{"| github.com/x/y | 4 | 66.7% |", "| runtime | 2 | 33.3% |", "| custom name |", "| code | 11 |"} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q:\n%s", want, got)
		}
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	good := tinyModule()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not wasm":  []byte("\x7fELF\x02\x01\x01\x00"),
		"truncated": good[:len(good)-3],
		"long LEB":  append([]byte("\x00asm\x01\x00\x00\x00"), 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01),
	} {
		if _, err := parse(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
