// Checks the conformance results of every host against the vectors and
// against each other:
//
//   node tests/compare.mjs
//
// Reads tests/vectors/*.json and tests/out/<host>.jsonl for the seven hosts
// (native and wazero are written by the Go tests, the others by
// tests/run-js-hosts.sh). Prints a table `host | vectors | passed |
// mismatches`, the failures, and a closing line `N passed, M failed`; exits 1
// on any failure, missing host or missing vectors.
//
// EDGEGUARD_HOSTS=node,deno restricts the check to some hosts (local
// debugging only: the suite requires all seven).

import { allHosts, compareHosts, formatReport, vectorProblems } from './runners/compare-lib.mjs'
import { outDir, readRecords, readVectorFiles, vectorsDir } from './runners/files.mjs'

const maxFailuresShown = 40

function selectedHosts () {
  const env = process.env.EDGEGUARD_HOSTS?.trim()
  if (!env) return allHosts
  const hosts = env.split(',').map((h) => h.trim()).filter(Boolean)
  const unknown = hosts.filter((h) => !allHosts.includes(h))
  if (unknown.length || hosts.length === 0) {
    console.error(`EDGEGUARD_HOSTS: unknown host(s) ${unknown.join(', ')}; known: ${allHosts.join(', ')}`)
    process.exit(2)
  }
  console.log(`EDGEGUARD_HOSTS: checking only ${hosts.join(', ')}`)
  return hosts
}

function main () {
  const hosts = selectedHosts()
  const files = readVectorFiles()
  const vectors = files.flatMap((f) => f.vectors)
  const problems = vectorProblems(files)
  if (problems.length) {
    console.log(`invalid vectors in ${vectorsDir}:`)
    for (const p of problems) console.log(`  ${p}`)
  }
  if (vectors.length === 0) {
    console.log(`no vectors in ${vectorsDir}: nothing was checked`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }

  const recordsByHost = new Map(hosts.map((h) => [h, readRecords(h)]))
  const result = compareHosts(vectors, recordsByHost)
  result.failed += problems.length

  for (const [host, records] of recordsByHost) {
    if (!records) console.log(`${host}: no ${outDir}/${host}.jsonl (did its runner run?)`)
  }
  // One line per vector and reason, listing every host it applies to: seven
  // hosts failing the same way is one problem, not seven.
  const groups = new Map()
  for (const f of result.failures) {
    if (!recordsByHost.get(f.host)) continue
    const key = JSON.stringify([f.name, f.reasons.join('; ').replace(/not identical to [\w, ]+$/, '')])
    const group = groups.get(key) ?? { name: f.name, reasons: f.reasons, hosts: [] }
    group.hosts.push(f.host)
    groups.set(key, group)
  }
  const shown = [...groups.values()].slice(0, maxFailuresShown)
  for (const g of shown) console.log(`FAIL ${g.name} [${g.hosts.join(', ')}]: ${g.reasons.join('; ')}`)
  if (groups.size > shown.length) console.log(`… and ${groups.size - shown.length} more`)

  console.log(`\n${files.length} vector files, ${vectors.length} vectors, ${hosts.length} hosts\n`)
  console.log(formatReport(result))
  process.exit(result.failed > 0 ? 1 : 0)
}

try {
  main()
} catch (err) {
  console.error(`compare: ${err.message}`)
  process.exit(1)
}
