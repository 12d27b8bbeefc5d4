package host_test

import (
	"context"
	"fmt"

	"github.com/edgeguard/edgeguard/host"
)

// The native engine runs the same dispatch table as the module, in-process.
func Example() {
	ctx := context.Background()
	eng, err := host.New(ctx, host.Options{Native: true})
	if err != nil {
		panic(err)
	}
	defer eng.Close(ctx)

	ugc, err := eng.Sanitizer(ctx, "ugc")
	if err != nil {
		panic(err)
	}
	clean, _ := ugc.Sanitize(ctx, `<b onclick="steal()">hello</b><script>alert(1)</script>`)
	fmt.Println(clean)
	// Output: <b>hello</b>
}

// Every error carries a stable code.
func ExampleError() {
	ctx := context.Background()
	eng, _ := host.New(ctx, host.Options{Native: true})
	defer eng.Close(ctx)

	_, err := eng.Sanitizer(ctx, "no-such-preset")
	if e, ok := err.(*host.Error); ok {
		fmt.Println(e.Code)
	}
	// Output: bad_config
}
