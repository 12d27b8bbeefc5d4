#!/usr/bin/env bash
# Runs the conformance vectors in the five JavaScript hosts, one after the
# other, each writing tests/out/<host>.jsonl. Every host runs even when an
# earlier one failed (so one run shows every broken host); the script exits 1
# if any failed. Needs scripts/setup.sh and a built js/dist/edgeguard.wasm.
#
#   tests/run-js-hosts.sh             # node deno bun workerd chromium
#   tests/run-js-hosts.sh deno bun    # only these
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
hosts=("$@")
[ ${#hosts[@]} -gt 0 ] || hosts=(node deno bun workerd chromium)

failed=()
for host in "${hosts[@]}"; do
	echo "== $host"
	if ! node "$here/runners/run-host.mjs" "$host"; then
		failed+=("$host")
	fi
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "run-js-hosts: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "run-js-hosts: all ${#hosts[@]} hosts ran"
