package secret

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func mustKeyring(t testing.TB, primary string, keys ...Key) *Keyring {
	t.Helper()
	kr, err := NewKeyring(primary, keys...)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func code(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Code()
	}
	if err != nil {
		return "uncoded: " + err.Error()
	}
	return ""
}

func TestSealOpen(t *testing.T) {
	kr := mustKeyring(t, "k2", Key{"k1", testKey(1)}, Key{"k2", testKey(2)})
	old := mustKeyring(t, "k1", Key{"k1", testKey(1)})
	env, err := kr.Seal([]byte("4111 1111 1111 1111"), []byte("user:42"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(env, "v1.k2.") || KeyID(env) != "k2" {
		t.Fatalf("envelope %s", env)
	}
	env2, _ := kr.Seal([]byte("4111 1111 1111 1111"), []byte("user:42"))
	if env == env2 {
		t.Fatal("two seals of one plaintext are equal: nonces are not random")
	}
	pt, err := kr.Open(env, []byte("user:42"))
	if err != nil || string(pt) != "4111 1111 1111 1111" {
		t.Fatalf("open: %q %v", pt, err)
	}
	// Rotation: an envelope sealed under the old primary still opens.
	oldEnv, _ := old.Seal([]byte("x"), nil)
	if pt, err := kr.Open(oldEnv, nil); err != nil || string(pt) != "x" {
		t.Fatalf("rotated open: %q %v", pt, err)
	}
	// The same key under another id: relabelling must not verify.
	twin := mustKeyring(t, "a", Key{"a", testKey(2)}, Key{"k2", testKey(2)})
	relabelled := "v1.a." + strings.TrimPrefix(env, "v1.k2.")
	body := strings.TrimPrefix(env, "v1.k2.")
	flip := []byte(body)
	flip[len(flip)-3] ^= 1
	for _, c := range []struct {
		name, env string
		ad        string
		kr        *Keyring
		code      string
	}{
		{"wrong ad", env, "user:43", kr, CodeDecryptFailed},
		{"no ad", env, "", kr, CodeDecryptFailed},
		{"relabelled kid", relabelled, "user:42", twin, CodeDecryptFailed},
		{"tampered", "v1.k2." + string(flip), "user:42", kr, CodeDecryptFailed},
		{"unknown kid", "v1.k9." + body, "user:42", kr, CodeUnknownKey},
		{"old keyring", env, "user:42", old, CodeUnknownKey},
		{"version", "v2.k2." + body, "user:42", kr, CodeBadEnvelope},
		{"padding", env + "=", "user:42", kr, CodeBadEnvelope},
		{"std alphabet", "v1.k2." + strings.NewReplacer("-", "+", "_", "/").Replace(body), "user:42", kr, CodeBadEnvelope},
		{"short", "v1.k2.AAAA", "user:42", kr, CodeBadEnvelope},
		{"no parts", "garbage", "", kr, CodeBadEnvelope},
		{"bad kid", "v1.k 2." + body, "", kr, CodeBadEnvelope},
		{"empty", "", "", kr, CodeBadEnvelope},
	} {
		if c.name == "std alphabet" && !strings.ContainsAny(body, "-_") {
			continue
		}
		_, err := c.kr.Open(c.env, []byte(c.ad))
		if code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

func TestKeyringConfig(t *testing.T) {
	for _, c := range []struct {
		name    string
		primary string
		keys    []Key
		code    string
	}{
		{"none", "a", nil, CodeBadConfig},
		{"short key", "a", []Key{{"a", make([]byte, 16)}}, CodeBadKey},
		{"bad id", "a.b", []Key{{"a.b", testKey(1)}}, CodeBadKey},
		{"empty id", "", []Key{{"", testKey(1)}}, CodeBadKey},
		{"dup", "a", []Key{{"a", testKey(1)}, {"a", testKey(2)}}, CodeBadKey},
		{"no primary", "b", []Key{{"a", testKey(1)}}, CodeBadConfig},
	} {
		if _, err := NewKeyring(c.primary, c.keys...); code(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

func TestSealWithNonceIsDocumentedFormat(t *testing.T) {
	kr := mustKeyring(t, "k", Key{"k", testKey(7)})
	nonce := bytes.Repeat([]byte{9}, 12)
	env, err := kr.SealWithNonce([]byte("hello"), []byte("ad"), nonce)
	if err != nil {
		t.Fatal(err)
	}
	// Rebuild it from the format description with the primitive.
	raw := newAEAD(testKey(7)).Seal(append([]byte(nil), nonce...), nonce, []byte("hello"), []byte("v1.k.ad"))
	if want := "v1.k." + b64.EncodeToString(raw); env != want {
		t.Fatalf("got %s, want %s", env, want)
	}
	if _, err := kr.SealWithNonce(nil, nil, nonce[:8]); code(err) != CodeBadNonce {
		t.Fatalf("short nonce: %v", err)
	}
	if _, err := kr.SealWithNonce(make([]byte, MaxPlaintext+1), nil, nonce); code(err) != CodeBadRequest {
		t.Fatalf("huge plaintext: %v", err)
	}
}

// TestNodeInterop seals here and opens in Node's crypto, and the reverse,
// following only the documented envelope format. Skipped without node.
func TestNodeInterop(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: Node interop not checked")
	}
	kr := mustKeyring(t, "2026-01", Key{"2026-01", testKey(5)})
	env, _ := kr.Seal([]byte("sealed in Go ✓"), []byte("row:7"))
	script := `
const c = require("node:crypto");
const key = Buffer.alloc(32, 5);
function open(env, ad) {
  const [v, kid, data] = env.split(".");
  const raw = Buffer.from(data, "base64url");
  const d = c.createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  d.setAAD(Buffer.concat([Buffer.from(v + "." + kid + "."), Buffer.from(ad)]));
  d.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString();
}
function seal(kid, pt, ad) {
  const iv = c.randomBytes(12);
  const e = c.createCipheriv("aes-256-gcm", key, iv);
  e.setAAD(Buffer.concat([Buffer.from("v1." + kid + "."), Buffer.from(ad)]));
  const ct = Buffer.concat([e.update(pt), e.final()]);
  return "v1." + kid + "." + Buffer.concat([iv, ct, e.getAuthTag()]).toString("base64url");
}
console.log(JSON.stringify({opened: open(process.argv[1], "row:7"), sealed: seal("2026-01", "sealed in Node ✓", "row:8")}));
`
	out, err := exec.Command(node, "-e", script, env).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var res struct{ Opened, Sealed string }
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Opened != "sealed in Go ✓" {
		t.Fatalf("Node opened %q", res.Opened)
	}
	pt, err := kr.Open(res.Sealed, []byte("row:8"))
	if err != nil || string(pt) != "sealed in Node ✓" {
		t.Fatalf("open Node's envelope: %q %v", pt, err)
	}
}

// TestWycheproofAESGCM runs Wycheproof's AES-256-GCM vectors through the
// AEAD the keyring uses. Groups with nonces other than 12 bytes cannot be
// expressed in an envelope and are counted, not run.
func TestWycheproofAESGCM(t *testing.T) {
	b, err := os.ReadFile("testdata/wycheproof/aes_gcm_256_test.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		TestGroups []struct {
			IvSize, KeySize, TagSize int
			Tests                    []struct {
				TcID                       int
				Key, Iv, Aad, Msg, Ct, Tag string
				Result                     string
			}
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	ran, skipped := 0, 0
	for _, g := range f.TestGroups {
		if g.IvSize != 96 || g.TagSize != 128 || g.KeySize != 256 {
			skipped += len(g.Tests)
			continue
		}
		for _, tc := range g.Tests {
			h := func(s string) []byte { b, _ := hex.DecodeString(s); return b }
			a := newAEAD(h(tc.Key))
			ct := append(h(tc.Ct), h(tc.Tag)...)
			pt, err := a.Open(nil, h(tc.Iv), ct, h(tc.Aad))
			valid := tc.Result == "valid"
			if valid != (err == nil) || (valid && !bytes.Equal(pt, h(tc.Msg))) {
				t.Errorf("tc %d (%s): open err=%v", tc.TcID, tc.Result, err)
			}
			if valid {
				if got := a.Seal(nil, h(tc.Iv), h(tc.Msg), h(tc.Aad)); !bytes.Equal(got, ct) {
					t.Errorf("tc %d: seal differs", tc.TcID)
				}
			}
			ran++
		}
	}
	if ran < 60 {
		t.Fatalf("only %d vectors ran (%d skipped)", ran, skipped)
	}
	t.Logf("%d Wycheproof AES-256-GCM vectors run, %d with other nonce sizes skipped", ran, skipped)
}

func benchmarkSealOpen(b *testing.B, size int) {
	kr := mustKeyring(b, "k", Key{"k", testKey(1)})
	pt := make([]byte, size)
	b.Run("seal", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			kr.Seal(pt, nil)
		}
	})
	env, _ := kr.Seal(pt, nil)
	b.Run("open", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			kr.Open(env, nil)
		}
	})
}

func BenchmarkAEAD1KiB(b *testing.B)  { benchmarkSealOpen(b, 1<<10) }
func BenchmarkAEAD64KiB(b *testing.B) { benchmarkSealOpen(b, 64<<10) }
