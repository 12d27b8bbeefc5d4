// Command genfixtures writes the benchmark inputs into bench/testdata (or the
// directory given as the only argument). Run it from the repository root:
//
//	go run ./bench/cmd/genfixtures
//
// The output is deterministic; bench/internal/fixtures tests that the
// committed files match it.
package main

import (
	"fmt"
	"os"

	"github.com/edgeguard/edgeguard/bench/internal/fixtures"
)

func main() {
	dir := "bench/testdata"
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: genfixtures [dir]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		dir = os.Args[1]
	}
	if err := fixtures.Write(dir); err != nil {
		fmt.Fprintln(os.Stderr, "genfixtures:", err)
		os.Exit(1)
	}
}
