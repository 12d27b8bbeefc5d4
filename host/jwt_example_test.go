package host_test

import (
	"context"
	"fmt"

	"github.com/edgeguard/edgeguard/host"
)

// On wazero, a JWT verifier checks RS*/PS*/ES*/EdDSA signatures with Go's
// native crypto by default. InModuleSignatures keeps them inside the module
// (pure Go compiled to wasm): same verdicts, slower; tests and benchmarks
// use it to compare the two paths. (No output: it needs the built module.)
func ExampleInModuleSignatures() {
	ctx := context.Background()
	eng, err := host.New(ctx, host.Options{})
	if err != nil {
		fmt.Println(err) // edgeguard.wasm not built
		return
	}
	defer eng.Close(ctx)
	config := map[string]any{"algorithms": []string{"ES256"}, "keys": map[string]any{"pem": "-----BEGIN PUBLIC KEY-----\n…"}}
	native, err := eng.JWTVerifier(ctx, config)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer native.Close()
	inModule, err := eng.JWTVerifier(ctx, config, host.InModuleSignatures())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer inModule.Close()
	// native.Verify and inModule.Verify give byte-identical results.
}
