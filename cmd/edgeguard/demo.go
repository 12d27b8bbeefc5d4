package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/edgeguard/edgeguard/demo"
	"github.com/edgeguard/edgeguard/host"
)

func init() {
	register("demo", command{
		args:    "--addr 127.0.0.1:8080",
		summary: "serve the demo page",
		serve: func(fs *flag.FlagSet) func(context.Context, *host.Engine, io.Writer) int {
			addr := fs.String("addr", "127.0.0.1:8080", "listen address")
			jsDir := fs.String("js", "", "the js/ package directory (default: found from the working directory)")
			return func(ctx context.Context, eng *host.Engine, stderr io.Writer) int {
				return serveDemo(ctx, eng, *addr, *jsDir, stderr)
			}
		},
	})
}

func serveDemo(ctx context.Context, eng *host.Engine, addr, jsDir string, stderr io.Writer) int {
	if jsDir == "" {
		var err error
		if jsDir, err = demo.FindJSDir(); err != nil {
			fmt.Fprintf(stderr, "edgeguard: %v\n", err)
			return exitUsage
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "edgeguard: %v\n", err)
		return exitEngine
	}
	srv := &http.Server{Handler: demo.Handler(eng, jsDir), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stderr, "edgeguard demo (%s host) on http://%s/\n", eng.Mode(), ln.Addr())
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		fmt.Fprintf(stderr, "edgeguard: %v\n", err)
		return exitEngine
	}
	return exitOK
}
