package main

import (
	"time"

	"github.com/edgeguard/edgeguard/dispatch"
)

func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, dispatch.Errorf(dispatch.CodeBadConfig, "--timeout %q: want a positive duration such as 500ms", s)
	}
	return d, nil
}
