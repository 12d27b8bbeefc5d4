package validate

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryPatternCompiles compiles every constant pattern handed to re():
// they compile on first use (start-up would otherwise pay for all of them),
// so a typo would no longer fail at start-up but on the first call that
// needs the pattern. The patterns are found by type-checking the package's
// source, so a new one cannot be left out.
func TestEveryPatternCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the package from source")
	}
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("validate", fset, files, info); err != nil {
		t.Fatal(err)
	}
	constants, computed := 0, 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "re" {
				return true
			}
			tv := info.Types[call.Args[0]]
			if tv.Value == nil {
				computed++ // built by a function (iso8601Pattern, …): the validators' tests reach it
				return true
			}
			constants++
			src := constant.StringVal(tv.Value)
			if _, err := regexp.Compile(src); err != nil {
				t.Errorf("%s: re(%q): %v", fset.Position(call.Pos()), src, err)
			}
			return true
		})
	}
	t.Logf("%d constant patterns compiled, %d computed ones left to the validators' tests", constants, computed)
	if constants < 700 {
		t.Errorf("found only %d constant patterns: is re() still the lazy constructor?", constants)
	}
}
