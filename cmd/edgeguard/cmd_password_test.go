package main

import (
	"regexp"
	"testing"

	"github.com/edgeguard/edgeguard/internal/testmodule"
)

// Known hashes (tests/vectors/secret.json): argon2id with OWASP's
// parameters, checked with the argon2 reference CLI; jBCrypt's "abc".
const (
	argonKnown  = "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0"
	bcryptKnown = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"
)

func TestPasswordCommands(t *testing.T) {
	runPracticeCases(t, []practiceCase{
		{name: "verify", args: []string{"password-verify", "--hash", argonKnown}, stdin: "correct horse battery staple\n", stdout: `{"ok":true,"needs_rehash":false}` + "\n"},
		{name: "verify without newline", args: []string{"password-verify", "--hash", argonKnown}, stdin: "correct horse battery staple", stdout: `{"ok":true,"needs_rehash":false}` + "\n"},
		{name: "only one newline is dropped", args: []string{"password-verify", "--hash", argonKnown}, stdin: "correct horse battery staple\n\n", code: exitRefused, stdout: `{"ok":false,"needs_rehash":false}` + "\n"},
		{name: "wrong", args: []string{"password-verify", "--hash", argonKnown}, stdin: "Correct horse battery staple", code: exitRefused, stdout: `{"ok":false,"needs_rehash":false}` + "\n"},
		{name: "bcrypt migration", args: []string{"password-verify", "--hash", bcryptKnown}, stdin: "abc\r\n", stdout: `{"ok":true,"needs_rehash":true}` + "\n"},
		{name: "no hash", args: []string{"password-verify"}, stdin: "x", code: exitUsage, inStderr: "--hash is required"},
		{name: "bad hash", args: []string{"password-verify", "--hash", "$argon2id$nope"}, stdin: "x", code: exitRefused, inStderr: "bad_hash"},
		{name: "not utf-8", args: []string{"password-hash"}, stdin: "a\xffb", code: exitRefused, inStderr: "invalid_utf8"},
		{name: "bcrypt too long", args: []string{"password-hash", "--config", `{"algorithm":"bcrypt"}`}, stdin: string(make([]byte, 73)), code: exitRefused, inStderr: "password_too_long"},
		{name: "weak config", args: []string{"password-hash", "--config", `{"argon2":{"memory_kib":1024,"time":1,"parallelism":1,"salt_len":16,"key_len":32}}`}, stdin: "x", code: exitUsage, inStderr: "bad_config"},
	})
}

func TestPasswordHashThenVerify(t *testing.T) {
	wasm := testmodule.Path(t)
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}\n$`)
	for _, native := range []bool{true, false} {
		hash, errb, code := runCLI(wasm, native, []string{"password-hash"}, "s3cret ü\n")
		if code != exitOK || !phc.MatchString(hash) {
			t.Fatalf("native=%v hash: %q exit %d %s", native, hash, code, errb)
		}
		out, _, code := runCLI(wasm, native, []string{"password-verify", "--hash", hash[:len(hash)-1]}, "s3cret ü")
		if code != exitOK || out != `{"ok":true,"needs_rehash":false}`+"\n" {
			t.Errorf("native=%v verify: %q exit %d", native, out, code)
		}
	}
}
