#!/usr/bin/env bash
# make audit: known vulnerabilities in edgeguard's dependencies.
#   - the Go module: govulncheck (golang.org/x/vuln, latest release, resolved
#     through the Go module proxy) on ./..., which reports only
#     vulnerabilities in code the module can actually reach;
#   - every npm project with dependencies: js/, tests/, tests/*/, bench/
#     (npm audit against the registry's advisory database).
#
# A check that cannot reach its vulnerability database is NOT a pass: it is
# reported as "NOT CHECKED" and the script fails with exit status 2.
#
# Exit status: 0 every check ran and found nothing; 1 vulnerabilities found
# (takes precedence); 2 some check could not run (database unreachable,
# missing lock file, tool failure).
#
# Environment:
#   EDGEGUARD_VULNDB   a govulncheck -db URL (e.g. file:///srv/vulndb, a
#                      mirror of vuln.go.dev) for machines without access
#                      to vuln.go.dev
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 2

found=0
unchecked=0
summary=()

report() { # report STATUS WHAT DETAIL
	summary+=("$(printf '%-12s %-30s %s' "$1" "$2" "$3")")
	case $1 in
	VULNERABLE) found=1 ;;
	'NOT CHECKED') unchecked=1 ;;
	esac
}

# --- Go -------------------------------------------------------------------
go_audit() {
	local version out rc args=()
	if ! version=$(go list -m -f '{{.Version}}' golang.org/x/vuln@latest 2>&1); then
		report 'NOT CHECKED' 'go module' "cannot resolve golang.org/x/vuln@latest from the module proxy: $version"
		return
	fi
	[ -n "${EDGEGUARD_VULNDB:-}" ] && args+=(-db "$EDGEGUARD_VULNDB")
	echo "audit: govulncheck $version on ./... ${args[*]}" >&2
	out=$(go run "golang.org/x/vuln/cmd/govulncheck@$version" "${args[@]}" ./... 2>&1)
	rc=$?
	printf '%s\n' "$out" >&2
	case $rc in
	0) report ok 'go module' "govulncheck $version: no reachable vulnerabilities" ;;
	3) report VULNERABLE 'go module' "govulncheck $version found vulnerabilities (above)" ;;
	*)
		if grep -q 'fetching vulnerabilities' <<<"$out"; then
			report 'NOT CHECKED' 'go module' "vulnerability database unreachable ($(grep -m1 -o 'Get "[^"]*"' <<<"$out" || echo vuln.go.dev)); set EDGEGUARD_VULNDB to a mirror"
		else
			report 'NOT CHECKED' 'go module' "govulncheck $version failed (exit $rc, output above)"
		fi
		;;
	esac
}

# --- npm ------------------------------------------------------------------
# Whether a package.json declares any dependency at all.
has_dependencies() {
	node -e 'const p = require(process.argv[1]); const n = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].reduce((s, k) => s + Object.keys(p[k] ?? {}).length, 0); process.exit(n ? 0 : 1)' "$1/package.json"
}

npm_audit() {
	local dir=$1 rel=${1#"$root"/} json verdict
	if [ ! -f "$dir/package-lock.json" ]; then
		if has_dependencies "$dir"; then
			report 'NOT CHECKED' "npm $rel/" 'dependencies but no package-lock.json to audit'
		else
			report ok "npm $rel/" 'no dependencies'
		fi
		return
	fi
	echo "audit: npm audit in $rel/" >&2
	json=$(cd "$dir" && npm audit --json 2>/dev/null)
	# npm audit exits 1 both for "vulnerabilities found" and for "could not
	# ask the registry"; only the JSON tells them apart.
	verdict=$(node -e '
		let doc
		try { doc = JSON.parse(process.argv[1]) } catch { console.log("error\tnpm audit printed no JSON"); process.exit() }
		if (!doc.metadata) { console.log(`error\t${doc.message || doc.error?.summary || doc.error?.code || "npm audit failed"}`.split("\n")[0]); process.exit() }
		const v = doc.metadata?.vulnerabilities
		if (!v) { console.log("error\tunexpected npm audit output"); process.exit() }
		const total = Object.values(v).reduce((a, b) => a + b, 0) - (v.total ?? 0)
		const list = ["critical", "high", "moderate", "low", "info"].filter((k) => v[k]).map((k) => `${v[k]} ${k}`).join(", ")
		console.log(total ? `found\t${list}` : "clean\t")
	' "$json")
	case ${verdict%%$'\t'*} in
	clean) report ok "npm $rel/" 'no known vulnerabilities' ;;
	found)
		(cd "$dir" && npm audit 2>/dev/null) >&2
		report VULNERABLE "npm $rel/" "${verdict#*$'\t'}"
		;;
	*) report 'NOT CHECKED' "npm $rel/" "advisory database unreachable or npm audit failed: ${verdict#*$'\t'}" ;;
	esac
}

go_audit
for dir in "$root/js" "$root/tests" "$root"/tests/*/ "$root/bench"; do
	dir=${dir%/}
	[ -f "$dir/package.json" ] || continue
	npm_audit "$dir"
done

echo
echo 'dependency audit:'
printf '  %s\n' "${summary[@]}"
if [ $found = 1 ]; then
	echo 'audit: VULNERABILITIES FOUND (exit 1)'
	exit 1
fi
if [ $unchecked = 1 ]; then
	echo 'audit: INCOMPLETE — some checks could not reach their vulnerability database or failed; this is not a pass (exit 2)'
	exit 2
fi
echo 'audit: all checks ran, nothing found'
