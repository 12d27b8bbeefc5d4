// The conformance runner for the hosts that can run a script directly: Node,
// Deno and Bun. It imports the bare specifier 'edgeguard', so each runtime
// picks its own entry through the package.json export conditions, runs every
// vector and writes tests/out/<host>.jsonl.
//
//   node cli.mjs node
//   deno run --node-modules-dir=manual -A cli.mjs deno
//   bun cli.mjs bun
//
// run-host.mjs wraps this with a deadline and timing; use that normally.

import process from 'node:process'
import { load } from 'edgeguard'
import { outPath, readVectorFiles, removeRecords, writeRecords } from './files.mjs'
import { runVectors } from './run-vectors.mjs'

const host = process.argv[2]
if (!host || !/^[a-z0-9-]+$/.test(host)) {
  console.error('usage: cli.mjs HOST   (HOST names the output file tests/out/HOST.jsonl)')
  process.exit(2)
}
removeRecords(host)

const files = readVectorFiles()
const t0 = performance.now()
const eg = await load()
const t1 = performance.now()
const records = runVectors(eg, files)
const t2 = performance.now()
writeRecords(host, records)

const entry = import.meta.resolve('edgeguard')
console.log(`${host}: ${records.length} vectors from ${files.length} files -> ${outPath(host)}`)
console.log(`${host}: entry ${entry}; load ${(t1 - t0).toFixed(0)} ms, vectors ${(t2 - t1).toFixed(0)} ms`)
