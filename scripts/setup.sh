#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian 12 machine: Chromium and
# redis-server
# from Debian; Deno, Bun, workerd and playwright-core from npm
# (tests/package.json pins them); and the peer libraries of every other npm
# project under tests/*/ and bench/ (each with its own package-lock.json).
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

# install_debian installs the Debian packages the tests drive: Chromium
# (browser host) and redis-server (the rate limiter's Redis store). One
# apt-get update, and only when a binary is missing.
install_debian() {
	local missing=()
	if [ "${EDGEGUARD_SKIP_CHROMIUM:-}" = 1 ]; then
		log "chromium: skipped (EDGEGUARD_SKIP_CHROMIUM=1)"
	elif [ ! -x /usr/bin/chromium ]; then
		missing+=(chromium)
	fi
	[ -x /usr/bin/redis-server ] || missing+=(redis-server)
	[ -x /usr/bin/wrk ] || missing+=(wrk) # load generator of bench/express (make bench)
	[ ${#missing[@]} -eq 0 ] && return
	log "installing from Debian: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update
	as_root apt-get install -y --no-install-recommends "${missing[@]}"
	local bin
	for bin in "${missing[@]}"; do
		[ "$bin" = chromium ] && bin=/usr/bin/chromium || bin=/usr/bin/$bin
		[ -x "$bin" ] || {
			log "apt-get finished but $bin is missing"
			return 1
		}
	done
}

# npm_stamp identifies the dependency state a directory's node_modules was
# installed from: its lock and manifest, the Node major version and, for
# tests/, the manifest of the linked edgeguard package (a symlink, so its
# files are always current, but its manifest decides what the link is).
npm_stamp() {
	local dir=$1
	{
		cat "$dir/package.json" "$dir/package-lock.json"
		if [ "$dir" = "$tests" ]; then
			cat "$root/js/package.json" 2>/dev/null || echo "no js/package.json"
		fi
		node -p 'process.versions.node.split(".")[0]'
	} | sha256sum | cut -d' ' -f1
}

stamp_file() { printf '%s/node_modules/.edgeguard-setup.stamp' "$1"; }

# npm_is_current succeeds when a directory's node_modules matches its lock
# (a stamp file inside node_modules, so deleting node_modules invalidates it).
npm_is_current() {
	[ -d "$1/node_modules" ] && [ "$(cat "$(stamp_file "$1")" 2>/dev/null)" = "$(npm_stamp "$1")" ]
}

npm_mark_current() {
	npm_stamp "$1" >"$(stamp_file "$1")"
}

# npm_install_dir runs `npm ci` in a directory with a package-lock.json.
# Never call it in a condition: bash ignores `set -e` there.
npm_install_dir() {
	log "npm: installing ${1#"$root"/}/ dependencies"
	# --ignore-scripts: nothing we install needs one. The runtimes' postinstall
	# scripts only copy the binary out of the platform package
	# (@deno/linux-x64-glibc, @oven/bun-linux-x64, @cloudflare/workerd-linux-64)
	# or, failing that, download one from outside the npm registry; npm 11 does
	# not run them reliably anyway (allowScripts). tests/runners/bin.mjs finds
	# the binaries either way.
	(cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

install_npm() {
	local major
	major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || major=0
	if [ "$major" -lt 20 ]; then
		log "need Node 20 or newer (found: $(node --version 2>/dev/null || echo none))"
		return 1
	fi
	if ! npm_is_current "$tests"; then
		npm_install_dir "$tests"
		# Prove every runtime starts before recording success.
		node "$tests/runners/bin.mjs" --check
		npm_mark_current "$tests"
	fi
	# Peer libraries that other test suites compare against (one npm project
	# per folder, e.g. tests/helmet/, bench/).
	local lock dir
	for lock in "$tests"/*/package-lock.json "$root"/bench/package-lock.json; do
		[ -f "$lock" ] || continue
		dir=$(dirname "$lock")
		npm_is_current "$dir" && continue
		npm_install_dir "$dir"
		npm_mark_current "$dir"
	done
}

install_debian
install_npm
