// Command edgeguard runs edgeguard's checks from the shell and serves the demo.
//
//	edgeguard sanitize --policy ugc < in.html > out.html
//	edgeguard call --kind sanitize --config '"strict"' --op sanitize < in.html
//	edgeguard version | kinds
//	edgeguard demo --addr 127.0.0.1:8080
//
// Operations run on the wazero host by default (the same module browsers and
// edge workers run) and in-process with --native.
//
// Exit status:
//
//	0  success
//	1  the input was refused (invalid_utf8, too_large, bad_request, …)
//	2  usage error or bad configuration (unknown flag, kind, op; bad_config)
//	3  the engine failed (module unavailable, trap, timeout, internal)
//
// Errors go to stderr as "edgeguard: <code>: <message>".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/edgeguard/edgeguard/dispatch"
	"github.com/edgeguard/edgeguard/host"
)

// Exit statuses (documented above and in the README).
const (
	exitOK      = 0
	exitRefused = 1
	exitUsage   = 2
	exitEngine  = 3
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// engineFlags are shared by every subcommand that runs operations.
type engineFlags struct {
	native  bool
	wasm    string
	noCache bool
	timeout string
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.native, "native", false, "run in-process instead of on the wazero host")
	fs.StringVar(&f.wasm, "wasm", "", "path to edgeguard.wasm (default: $EDGEGUARD_WASM, beside the binary, or js/dist/)")
	fs.BoolVar(&f.noCache, "no-cache", false, "do not use the on-disk compilation cache")
	fs.StringVar(&f.timeout, "timeout", "", "per-call deadline, e.g. 500ms (default: none)")
}

func (f *engineFlags) engine(ctx context.Context) (*host.Engine, error) {
	opts := host.Options{Native: f.native, ModulePath: f.wasm}
	if !f.noCache {
		opts.CacheDir = host.DefaultCacheDir()
	}
	if f.timeout != "" {
		d, err := parseDuration(f.timeout)
		if err != nil {
			return nil, err
		}
		opts.CallTimeout = d
	}
	return host.New(ctx, opts)
}

const maxStdin = 64 << 20 // beyond any operation's limit; the table reports too_large precisely

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	ctx := context.Background()
	cmd, rest := args[0], args[1:]
	var ef engineFlags
	fs := flag.NewFlagSet("edgeguard "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	ef.register(fs)

	var kind, config, op string
	var addr, jsDir string
	switch cmd {
	case "sanitize":
		kind, op = "sanitize", "sanitize"
		policy := fs.String("policy", "ugc", "preset name (strict, ugc, …) or a JSON policy object")
		if fs.Parse(rest) != nil {
			return exitUsage
		}
		config = policyJSON(*policy)
	case "call":
		fs.StringVar(&kind, "kind", "", "kind to open (empty: the module handle)")
		fs.StringVar(&config, "config", "{}", "JSON configuration")
		fs.StringVar(&op, "op", "", "operation")
		if fs.Parse(rest) != nil {
			return exitUsage
		}
		if op == "" {
			fmt.Fprintln(stderr, "edgeguard: call needs --op")
			return exitUsage
		}
	case "version", "kinds":
		op = cmd
		if fs.Parse(rest) != nil {
			return exitUsage
		}
		stdin = eofReader{}
	case "demo":
		fs.StringVar(&addr, "addr", "127.0.0.1:8080", "listen address")
		fs.StringVar(&jsDir, "js", "", "the js/ package directory (default: found from the working directory)")
		if fs.Parse(rest) != nil {
			return exitUsage
		}
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "edgeguard: unknown command %q\n", cmd)
		usage(stderr)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "edgeguard: unexpected argument %q (input is read from stdin)\n", fs.Arg(0))
		return exitUsage
	}

	if cmd == "demo" && ef.timeout == "" {
		ef.timeout = "2s" // a server bounds every call; see docs/RATIONALE.md
	}
	eng, err := ef.engine(ctx)
	if err != nil {
		return report(stderr, err)
	}
	defer eng.Close(ctx)
	if cmd == "demo" {
		return serveDemo(ctx, eng, addr, jsDir, stderr)
	}

	in, err := io.ReadAll(io.LimitReader(stdin, maxStdin+1))
	if err != nil {
		fmt.Fprintf(stderr, "edgeguard: reading stdin: %v\n", err)
		return exitEngine
	}
	if len(in) > maxStdin {
		return report(stderr, dispatch.Errorf(dispatch.CodeTooLarge, "stdin is over %d bytes", maxStdin))
	}
	h := eng.Module()
	if kind != "" {
		if h, err = eng.Open(ctx, kind, []byte(config)); err != nil {
			return report(stderr, err)
		}
	}
	res, err := h.Call(ctx, op, in)
	if err != nil {
		return report(stderr, err)
	}
	stdout.Write(res.Data)
	if res.JSON {
		fmt.Fprintln(stdout)
	}
	return exitOK
}

// policyJSON accepts a bare preset name as a convenience; anything that
// looks like JSON is passed through for the policy compiler to judge.
func policyJSON(p string) string {
	if len(p) > 0 && (p[0] == '{' || p[0] == '"') {
		return p
	}
	return fmt.Sprintf("%q", p)
}

func report(stderr io.Writer, err error) int {
	var e *host.Error
	if !errors.As(err, &e) {
		fmt.Fprintf(stderr, "edgeguard: %v\n", err)
		return exitEngine
	}
	fmt.Fprintf(stderr, "edgeguard: %s: %s\n", e.Code, e.Message)
	switch e.Code {
	case dispatch.CodeBadConfig, dispatch.CodeUnknownKind, dispatch.CodeUnknownOp:
		return exitUsage
	case dispatch.CodeUnavailable, dispatch.CodeTrap, dispatch.CodeTimeout, dispatch.CodeOutOfMemory,
		dispatch.CodeInternal, dispatch.CodeClosed, dispatch.CodeCanceled:
		return exitEngine
	}
	return exitRefused
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: edgeguard <command> [flags] < input

commands:
  sanitize --policy NAME|JSON   sanitize HTML from stdin
  call --kind K --config JSON --op OP
                                run any operation (docs/abi.md)
  version | kinds               module version, the table of operations
  demo --addr 127.0.0.1:8080    serve the demo page

engine flags (every command):
  --native      run in-process instead of on the wazero host
  --wasm PATH   edgeguard.wasm to load
  --no-cache    skip the on-disk compilation cache
  --timeout D   per-call deadline

exit status: 0 ok, 1 input refused, 2 usage or bad configuration, 3 engine failure
`)
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
