// Command wrkserver serves one stack of benchstack on 127.0.0.1 for a load
// generator (docs/performance.md, "Go net/http middleware"). It prints the
// bearer token the requests must carry, then serves until killed:
//
//	go run ./host/middleware/internal/wrkserver -mode wazero -stack helmet+validate+jwt -addr 127.0.0.1:8089
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/edgeguard/edgeguard/host"
	"github.com/edgeguard/edgeguard/host/middleware"
	"github.com/edgeguard/edgeguard/host/middleware/internal/benchstack"
)

func main() {
	mode := flag.String("mode", "native", "native or wazero")
	stack := flag.String("stack", "helmet+validate+jwt", fmt.Sprint("one of ", benchstack.Names))
	addr := flag.String("addr", "127.0.0.1:8089", "listen address (keep it on 127.0.0.1)")
	tokenFile := flag.String("token-file", "", "also write the token here")
	flag.Parse()
	if !slices.Contains(benchstack.Names, *stack) || (*mode != "native" && *mode != "wazero") {
		flag.Usage()
		os.Exit(2)
	}
	ctx := context.Background()
	eng, err := host.New(ctx, host.Options{Native: *mode == "native", CacheDir: host.DefaultCacheDir()})
	if err != nil {
		log.Fatal(err)
	}
	g, err := middleware.New(ctx, eng, middleware.Options{})
	if err != nil {
		log.Fatal(err)
	}
	secret := make([]byte, 32)
	rand.Read(secret)
	stacks, err := benchstack.Stacks(g, secret)
	if err != nil {
		log.Fatal(err)
	}
	token := benchstack.Token(secret, 24*time.Hour)
	if *tokenFile != "" {
		if err := os.WriteFile(*tokenFile, []byte(token), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(token)
	mux := http.NewServeMux()
	mux.Handle("POST /signup", stacks[*stack])
	log.Fatal(http.ListenAndServe(*addr, mux))
}
