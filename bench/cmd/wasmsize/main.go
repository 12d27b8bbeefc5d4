// Command wasmsize attributes the bytes of a Go-built wasm module: section
// totals, and the code section split by Go package, from the module's
// "name" section. A stripped module (-ldflags=-s, what `make build` ships)
// has no names, so build a twin without -s first:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath -o /tmp/eg.wasm ./wasm
//	go run ./bench/cmd/wasmsize [-top 25] /tmp/eg.wasm
//
// go tool nm does not read wasm, hence this small reader.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	top := flag.Int("top", 25, "packages to list")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] module.wasm")
		os.Exit(2)
	}
	b, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	m, err := parse(b)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
	fmt.Print(render(m, len(b), *top))
}

// render prints the section totals and the top packages by code bytes as
// markdown tables.
func render(m *module, total, top int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "| section | bytes | share |\n| --- | --- | --- |\n")
	for _, s := range m.sections {
		fmt.Fprintf(&b, "| %s | %d | %.1f%% |\n", s.name, s.size, pct(s.size, total))
	}
	if len(m.funcNames) == 0 {
		b.WriteString("\nNo function names: the module is stripped (built with -ldflags=-s).\n")
		return b.String()
	}
	byPkg := map[string]int{}
	for i, size := range m.bodySizes {
		byPkg[goPackage(m.funcNames[m.importedFuncs+i])] += size
	}
	type row struct {
		pkg  string
		size int
	}
	var rows []row
	for p, n := range byPkg {
		rows = append(rows, row{p, n})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(b.size, a.size), strings.Compare(a.pkg, b.pkg))
	})
	code := 0
	for _, r := range rows {
		code += r.size
	}
	fmt.Fprintf(&b, "\n| package (code section) | bytes | share of code |\n| --- | --- | --- |\n")
	for i, r := range rows {
		if i == top {
			rest := 0
			for _, r := range rows[i:] {
				rest += r.size
			}
			fmt.Fprintf(&b, "| %d other packages | %d | %.1f%% |\n", len(rows)-i, rest, pct(rest, code))
			break
		}
		fmt.Fprintf(&b, "| %s | %d | %.1f%% |\n", r.pkg, r.size, pct(r.size, code))
	}
	return b.String()
}

func pct(n, total int) float64 { return 100 * float64(n) / float64(total) }

// goPackage returns the import path of a symbol in the name section, where
// Go's wasm linker writes "/" as "_": "github.com_x_y.(*T).M" →
// "github.com/x/y", "runtime.mallocgc" → "runtime". The package ends at the
// first dot that is not part of a domain ("github.com_", "golang.org_").
// Paths with a real underscore come out with a slash there; that is
// good enough for attributing bytes.
func goPackage(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		if isDomainDot(name, i) {
			continue
		}
		if i == 0 {
			break
		}
		return strings.ReplaceAll(name[:i], "_", "/")
	}
	return "(no package)"
}

// isDomainDot reports whether the dot at i joins two domain labels: lower
// case letters, digits or hyphens on both sides, where the right one ends
// with "_" (the mangled slash after a domain) or with another domain dot.
func isDomainDot(name string, i int) bool {
	start := strings.LastIndexAny(name[:i], "_.") + 1
	if start == i || !isLabel(name[start:i]) {
		return false
	}
	for dot := i; ; {
		end := dot + 1
		for end < len(name) && name[end] != '_' && name[end] != '.' {
			end++
		}
		if end == dot+1 || end == len(name) || !isLabel(name[dot+1:end]) {
			return false
		}
		if name[end] == '_' {
			return true
		}
		dot = end
	}
}

func isLabel(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
