// Runs the conformance vectors in one JavaScript host and writes
// tests/out/<host>.jsonl:
//
//   node tests/runners/run-host.mjs node|deno|bun|workerd|chromium
//
// Under a hard deadline (EDGEGUARD_HOST_TIMEOUT seconds, default 180) after
// which every child process is killed and the exit code is 124. The old
// result file is removed first, so a failed run never leaves a stale one.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { binaryPath } from './bin.mjs'
import { outPath, readVectorFiles, removeRecords, testsDir, writeRecords } from './files.mjs'
import { exited, HostError, onCleanup, runWithDeadline, spawnTracked } from './proc.mjs'

const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url))

// Quiet, offline-friendly settings for the runtimes: no update checks, no
// telemetry, no prompts, no colour codes in logs. Deno's cache goes inside
// node_modules, so a CI machine without a usable $HOME still works and
// deleting node_modules resets everything setup.sh installed.
const childEnv = {
  ...process.env,
  DENO_DIR: join(testsDir, 'node_modules', '.cache', 'deno'),
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  DO_NOT_TRACK: '1',
  NO_COLOR: '1',
}

/** How each host is started. The script hosts run cli.mjs themselves. */
const hosts = {
  node: { command: () => [process.execPath, [cli, 'node']] },
  deno: { command: () => [binaryPath('deno'), ['run', '--node-modules-dir=manual', '-A', cli, 'deno']] },
  bun: { command: () => [binaryPath('bun'), [cli, 'bun']] },
  workerd: { driver: async () => (await import('./workerd.mjs')).runInWorkerd },
  chromium: { driver: async () => (await import('./chromium.mjs')).runInChromium },
}

/** Hosts this script can run, in the order run-js-hosts.sh runs them. */
export const jsHosts = Object.keys(hosts)

async function runScriptHost (host, [cmd, args]) {
  // Also inherits stdio, so the runtime's own messages reach the log.
  const child = spawnTracked(cmd, args, { cwd: testsDir, env: childEnv, stdio: 'inherit' })
  const code = await exited(child)
  if (code !== 0) throw new HostError(`${host} exited with ${code}`)
}

async function runDriverHost (host, driver) {
  const files = readVectorFiles()
  const records = await (await driver())(files, (line) => console.log(line))
  const expected = files.reduce((n, f) => n + f.vectors.length, 0)
  if (!Array.isArray(records) || records.length !== expected) {
    throw new HostError(`${host}: expected ${expected} records, the driver returned ${records?.length ?? 'none'}`)
  }
  writeRecords(host, records)
  console.log(`${host}: ${records.length} vectors from ${files.length} files -> ${outPath(host)}`)
}

async function main (host) {
  const spec = hosts[host]
  if (!spec) {
    console.error(`usage: run-host.mjs ${jsHosts.join('|')}`)
    process.exit(2)
  }
  const timeoutMs = Number(process.env.EDGEGUARD_HOST_TIMEOUT || 180) * 1000
  const t0 = performance.now()
  let succeeded = false
  // A host that failed or timed out must not leave a result file behind,
  // not even a complete one: compare.mjs would take it for a passing run.
  onCleanup(() => succeeded || removeRecords(host))
  await runWithDeadline(host, timeoutMs, async () => {
    removeRecords(host)
    if (spec.command) await runScriptHost(host, spec.command())
    else await runDriverHost(host, spec.driver)
    succeeded = true
    console.log(`${host}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2])
