// The workerd driver: serves workerd-worker.mjs with the edgeguard package's
// "workerd" entry in a generated capnp configuration, POSTs the vector files
// to it over 127.0.0.1 and returns the records (run-host.mjs writes them).
//
// workerd has no module resolver: every module must be listed. We list the
// package's workerd entry and everything it imports (the wasm as a
// `wasm = embed` module, compiled by workerd at start-up, since compiling
// wasm from bytes at run time is refused there), and name a one-line shim
// 'edgeguard' so that the worker imports the bare package name like any
// application would. The socket binds port 0; --control-fd tells us the port
// once workerd listens, so there is no race for a free port.

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { binaryPath } from './bin.mjs'
import { outDir, repoDir } from './files.mjs'
import { entryFor, moduleGraph, posixRelative } from './pkg.mjs'
import { captureText, exited, HostError, killTree, spawnTracked } from './proc.mjs'

const runnersDir = fileURLToPath(new URL('.', import.meta.url))
const workerFile = join(runnersDir, 'workerd-worker.mjs')
/** A recent compatibility date; workerd refuses dates after its own release. */
const compatibilityDate = '2026-11-01'
const startTimeoutMs = 30_000

/**
 * Runs the vector files in workerd and returns the records.
 * @param {import('./run-vectors.mjs').VectorFile[]} files
 * @param {(line: string) => void} log
 */
export async function runInWorkerd (files, log) {
  const entry = entryFor(['workerd', 'worker', 'import'])
  const configDir = join(outDir, 'workerd')
  const t0 = performance.now()
  const server = await serveWorkerd(configDir, capnpConfig(configDir, entry))
  try {
    const t1 = performance.now()
    log(`workerd: entry ${posixRelative(repoDir, entry)}, config ${server.configPath}`)
    const res = await fetch(`http://127.0.0.1:${server.port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(files),
    })
    const body = await res.text()
    const t2 = performance.now()
    if (!res.ok) throw new HostError(`worker answered ${res.status}: ${body.slice(0, 2000)}\n${server.output()}`)
    log(`workerd: start ${(t1 - t0).toFixed(0)} ms, load + vectors ${(t2 - t1).toFixed(0)} ms`)
    return JSON.parse(body).records
  } finally {
    server.stop()
  }
}

/**
 * Writes `config` to configDir/config.capnp and starts workerd on it;
 * resolves once it listens. The caller must call stop().
 * @param {string} configDir
 * @param {string} config capnp text (see workerConfig)
 * @returns {Promise<{port: number, configPath: string, stop: () => void, output: () => string}>}
 */
export async function serveWorkerd (configDir, config) {
  mkdirSync(configDir, { recursive: true })
  const configPath = join(configDir, 'config.capnp')
  writeFileSync(configPath, config)
  const child = spawnTracked(binaryPath('workerd'), ['serve', configPath, '--control-fd=3'], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  })
  const stdout = captureText(child.stdout)
  const stderr = captureText(child.stderr)
  const output = () => `workerd output:\n${stdout.text}${stderr.text}`
  try {
    const port = await listenPort(child, output)
    return { port, configPath, stop: () => killTree(child), output }
  } catch (err) {
    killTree(child)
    throw err
  }
}

/**
 * The capnp configuration of the conformance worker.
 * @param {string} configDir
 * @param {string} entry absolute path of the package's workerd entry
 */
export function capnpConfig (configDir, entry) {
  return workerConfig({
    generatedBy: 'tests/runners/workerd.mjs',
    configDir,
    workerDir: runnersDir,
    roots: [workerFile, entry],
    shims: { edgeguard: `export * from "./${posixRelative(repoDir, entry)}"` },
  })
}

/**
 * A capnp configuration: one worker, one socket on 127.0.0.1:0.
 *
 * Module names are paths, and workerd resolves every specifier, bare ones
 * included, against the importing module's directory. So the worker's own
 * modules (those under workerDir) sit at the root, where a bare specifier
 * such as `'edgeguard'` finds the root module of that name (a shim), and the
 * package's files keep their paths relative to the repository root (js/src/…),
 * so their own relative imports resolve as on disk. `embed` paths are
 * relative to the configuration file.
 * @param {object} o
 * @param {string} o.generatedBy the script that writes the file, for its header
 * @param {string} o.configDir where the configuration file is written
 * @param {string} o.workerDir the directory of the worker's own modules
 * @param {string[]} o.roots absolute paths: the worker first, then whatever else it reaches only through shims
 * @param {Record<string, string>} o.shims module name → one line of ES module source
 * @param {string[]} [o.workerFields] further fields of the Workerd.Worker (bindings, Durable Objects)
 */
export function workerConfig ({ generatedBy, configDir, workerDir, roots, shims, workerFields = [] }) {
  const name = (file) => posixRelative(file.startsWith(workerDir) ? workerDir : repoDir, file)
  const modules = moduleGraph(roots).map((file) => {
    const type = moduleType(file)
    return `(name = ${capnpString(name(file))}, ${type} = embed ${capnpString(posixRelative(configDir, file))})`
  })
  for (const [shim, source] of Object.entries(shims)) {
    modules.push(`(name = ${capnpString(shim)}, esModule = ${capnpString(source)})`)
  }
  const fields = [`compatibilityDate = ${capnpString(compatibilityDate)}`, ...workerFields]
  return `# Generated by ${generatedBy}; rewritten on every run.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    ${modules.join(',\n    ')}
  ],
  ${fields.join(',\n  ')},
);
`
}

function moduleType (file) {
  if (/\.m?js$/.test(file)) return 'esModule'
  if (file.endsWith('.wasm')) return 'wasm'
  if (file.endsWith('.json')) return 'json'
  throw new Error(`workerd: do not know how to list ${file} as a module`)
}

// A capnp text literal. We only ever quote paths and one line of code; refuse
// anything whose escaping could differ between JSON and capnp.
function capnpString (text) {
  if (!/^[\x20-\x7e]*$/.test(text) || text.includes('\\')) {
    throw new Error(`workerd: cannot quote ${JSON.stringify(text)} for capnp`)
  }
  return JSON.stringify(text)
}

/**
 * Resolves with the port workerd reports on its control fd once it listens;
 * rejects if it exits or stays silent for startTimeoutMs.
 * @param {import('node:child_process').ChildProcess} child
 * @param {() => string} childOutput
 * @returns {Promise<number>}
 */
function listenPort (child, childOutput) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HostError(`workerd did not listen within ${startTimeoutMs} ms\n${childOutput()}`)), startTimeoutMs)
    let buffered = ''
    const control = child.stdio[3]
    control.setEncoding('utf8')
    control.on('data', (chunk) => {
      buffered += chunk
      let nl
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        let event
        try {
          event = JSON.parse(line)
        } catch {
          continue
        }
        if (event.event === 'listen' && event.socket === 'http') {
          clearTimeout(timer)
          resolve(event.port)
        }
      }
    })
    exited(child).then(
      (code) => { clearTimeout(timer); reject(new HostError(`workerd exited with ${code} before listening\n${childOutput()}`)) },
      (err) => { clearTimeout(timer); reject(err) },
    )
  })
}
