// Command edgeguard runs edgeguard's checks from the shell and serves the demo.
//
//	edgeguard sanitize --policy ugc < in.html > out.html
//	edgeguard call --kind sanitize --config '"strict"' --op sanitize < in.html
//	edgeguard version | kinds
//	edgeguard jwt verify --config verifier.json < token
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
	"sort"
	"strings"

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

// request is what most commands come down to: one operation on one
// configuration, with stdin as the input.
type request struct {
	kind, config, op string
	noInput          bool // the operation takes no input: stdin is not read
	// input, when not nil, is the operation's input; stdin is not read.
	input []byte
	// print, when set, writes the result instead of copying it to stdout
	// and returns the exit status (e.g. csp-eval fails on HIGH findings).
	print func(res host.Result, stdout io.Writer) int
	// encode, when set, turns what was read from stdin into the operation's
	// input (e.g. wraps a password or a plaintext in the op's JSON, so that
	// secrets are piped as they are, not typed into JSON or a flag).
	encode func(stdin []byte) ([]byte, error)
	// warn, when set, goes to stderr after a successful result: a caution
	// that must not mix with the output (e.g. "this token is UNVERIFIED").
	warn string
}

// command is one subcommand. Each lives in its own cmd_*.go file and
// registers itself, so that adding one touches no other command. A name of
// two words ("jwt verify") is a command of a group: "edgeguard jwt" alone
// lists the group's commands.
type command struct {
	args    string // the usage line's argument part
	summary string
	// flags registers the command's own flags and returns what to run once
	// they are parsed: a request, or (for servers) a function of the engine.
	flags func(fs *flag.FlagSet) func() (request, error)
	serve func(fs *flag.FlagSet) func(ctx context.Context, eng *host.Engine, stderr io.Writer) int
}

var commands = map[string]command{}

// usageError is a command-line mistake (exit status 2), as opposed to an
// error from the engine.
type usageError string

func (u usageError) Error() string { return string(u) }

func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("edgeguard: duplicate command " + name)
	}
	commands[name] = c
}

// registerAlias makes alias another name of the registered command name
// (kept so that scripts written for an older spelling go on working).
func registerAlias(alias, name string) {
	c, ok := commands[name]
	if !ok {
		panic("edgeguard: alias of unknown command " + name)
	}
	c.summary = "the same as " + name
	register(alias, c)
}

// lookup finds the command args name, one word or two, and returns it with
// the remaining arguments.
func lookup(args []string) (name string, c command, rest []string, ok bool) {
	if len(args) > 1 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return args[0] + " " + args[1], c, args[2:], true
		}
	}
	c, ok = commands[args[0]]
	return args[0], c, args[1:], ok
}

// groupCommands lists the commands of group ("jwt verify", … for "jwt").
func groupCommands(group string) []string {
	var names []string
	for n := range commands {
		if strings.HasPrefix(n, group+" ") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	ctx := context.Background()
	switch args[0] {
	case "help", "-h", "--help":
		usage(stdout)
		return exitOK
	}
	name, cmd, rest, ok := lookup(args)
	if !ok {
		if group := groupCommands(args[0]); len(group) > 0 {
			fmt.Fprintf(stderr, "edgeguard: %q needs one of: %s\n", args[0], strings.Join(group, ", "))
		} else {
			fmt.Fprintf(stderr, "edgeguard: unknown command %q\n", name)
			usage(stderr)
		}
		return exitUsage
	}
	var ef engineFlags
	fs := flag.NewFlagSet("edgeguard "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	ef.register(fs)
	var build func() (request, error)
	var serve func(context.Context, *host.Engine, io.Writer) int
	if cmd.serve != nil {
		serve = cmd.serve(fs)
	} else {
		build = cmd.flags(fs)
	}
	if fs.Parse(rest) != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "edgeguard: unexpected argument %q (input is read from stdin)\n", fs.Arg(0))
		return exitUsage
	}
	var req request
	if build != nil {
		var err error
		if req, err = build(); err != nil {
			var u usageError
			if errors.As(err, &u) {
				fmt.Fprintf(stderr, "edgeguard: %s\n", u)
				return exitUsage
			}
			return report(stderr, err)
		}
	} else if ef.timeout == "" {
		ef.timeout = "5s" // a server bounds every call (docs/RATIONALE.md); generous: panels call at once
	}

	eng, err := ef.engine(ctx)
	if err != nil {
		return report(stderr, err)
	}
	defer eng.Close(ctx)
	if serve != nil {
		return serve(ctx, eng, stderr)
	}
	return runRequest(ctx, eng, req, stdin, stdout, stderr)
}

func runRequest(ctx context.Context, eng *host.Engine, req request, stdin io.Reader, stdout, stderr io.Writer) int {
	in := req.input
	if !req.noInput && in == nil {
		var err error
		in, err = io.ReadAll(io.LimitReader(stdin, maxStdin+1))
		if err != nil {
			fmt.Fprintf(stderr, "edgeguard: reading stdin: %v\n", err)
			return exitEngine
		}
		if len(in) > maxStdin {
			return report(stderr, dispatch.Errorf(dispatch.CodeTooLarge, "stdin is over %d bytes", maxStdin))
		}
		if req.encode != nil {
			var err error
			if in, err = req.encode(in); err != nil {
				return report(stderr, err)
			}
		}
	}
	h := eng.Module()
	if req.kind != "" {
		var err error
		if h, err = eng.Open(ctx, req.kind, []byte(req.config)); err != nil {
			return report(stderr, err)
		}
	}
	res, err := h.Call(ctx, req.op, in)
	if err != nil {
		return report(stderr, err)
	}
	if req.print != nil {
		return req.print(res, stdout)
	}
	stdout.Write(res.Data)
	if res.JSON {
		fmt.Fprintln(stdout)
	}
	if req.warn != "" {
		fmt.Fprintf(stderr, "edgeguard: %s\n", req.warn)
	}
	return exitOK
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
	fmt.Fprint(w, "usage: edgeguard <command> [flags] < input\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  %-40s %s\n", strings.TrimSpace(n+" "+c.args), c.summary)
	}
	fmt.Fprint(w, `
engine flags (every command):
  --native      run in-process instead of on the wazero host
  --wasm PATH   edgeguard.wasm to load
  --no-cache    skip the on-disk compilation cache
  --timeout D   per-call deadline

exit status: 0 ok, 1 input refused, 2 usage or bad configuration, 3 engine failure
`)
}
