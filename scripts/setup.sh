#!/usr/bin/env bash
# Installs everything the cross-runtime conformance suite needs on a fresh
# Debian 12 machine: Chromium from Debian, and Deno, Bun, workerd and
# playwright-core from npm (tests/package.json pins them).
#
# Idempotent and cheap when nothing changed: each step first checks whether it
# is already satisfied, so `make test` can call it every time.
#
# Environment:
#   EDGEGUARD_SKIP_CHROMIUM=1  do not install Chromium (for a machine that only
#                              runs the Go and server-side JS hosts)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tests="$root/tests"
# The stamp lives inside node_modules so that deleting node_modules also
# invalidates it.
stamp="$tests/node_modules/.edgeguard-setup.stamp"

log() { printf 'setup: %s\n' "$*" >&2; }

# as_root runs a command as root, through sudo when we are not root (a
# developer machine); CI runs this script as root.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		log "need root for: $*"
		return 1
	fi
}

install_chromium() {
	if [ "${EDGEGUARD_SKIP_CHROMIUM:-}" = 1 ]; then
		log "chromium: skipped (EDGEGUARD_SKIP_CHROMIUM=1)"
		return
	fi
	if [ -x /usr/bin/chromium ]; then
		return
	fi
	log "chromium: installing from Debian"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update
	as_root apt-get install -y chromium
	[ -x /usr/bin/chromium ] || {
		log "chromium: apt-get finished but /usr/bin/chromium is missing"
		return 1
	}
}

# npm_stamp identifies the dependency state node_modules was installed from:
# the lock, the manifest, the linked edgeguard package's manifest (it is a
# symlink, so its files are always current, but its manifest decides what the
# link resolves to) and the Node major version.
npm_stamp() {
	{
		cat "$tests/package.json" "$tests/package-lock.json"
		cat "$root/js/package.json" 2>/dev/null || echo "no js/package.json"
		node -p 'process.versions.node.split(".")[0]'
	} | sha256sum | cut -d' ' -f1
}

install_npm() {
	command -v node >/dev/null 2>&1 || {
		log "node is not installed (need Node 20+)"
		return 1
	}
	local want
	want=$(npm_stamp)
	if [ -d "$tests/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		return
	fi
	log "npm: installing tests/ dependencies (deno, bun, workerd, playwright-core)"
	# --ignore-scripts: the runtimes' postinstall scripts only copy the binary
	# out of the platform package (@deno/linux-x64-glibc, @oven/bun-linux-x64,
	# @cloudflare/workerd-linux-64) or, failing that, download one from outside
	# the npm registry. npm 11 does not run them reliably anyway
	# (allowScripts); tests/runners/bin.mjs finds the binaries either way.
	(cd "$tests" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	# Prove every runtime starts before recording success.
	node "$tests/runners/bin.mjs" --check
	printf '%s\n' "$want" >"$stamp"
}

install_chromium
install_npm
