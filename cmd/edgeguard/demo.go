package main

import (
	"context"
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
