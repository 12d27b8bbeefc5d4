// Starts the servers of tests/worker: workerd (the binary tests/package.json
// installs) serving worker.mjs with a Durable Object namespace, and Deno or
// Bun running serve.mjs; each on 127.0.0.1 with a kernel-chosen port.
// workerd is configured with the conformance runner's code
// (tests/runners/workerd.mjs).

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { binaryPath, testsDir } from '../runners/bin.mjs'
import { outDir, repoDir } from '../runners/files.mjs'
import { entryFor, posixRelative } from '../runners/pkg.mjs'
import { captureText, exited, killTree, spawnTracked } from '../runners/proc.mjs'
import { serveWorkerd, workerConfig } from '../runners/workerd.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))

/** The runtime's binary from tests/node_modules, or null when not installed. */
export function runtimePath (name) {
  try {
    return binaryPath(name)
  } catch {
    return null
  }
}

/**
 * The capnp configuration. Module names: the worker's files at the root,
 * the package's files by their path from the repository root, and one-line
 * shims for the bare specifiers 'edgeguard' (its workerd entry) and
 * 'edgeguard/worker'. Outbound fetches reach loopback addresses only (the
 * test's identity provider on 127.0.0.1): workerd's default network allows
 * only public ones, which the test never needs.
 * @param {string} configDir
 * @param {Record<string, string>} texts text bindings (secrets, URLs)
 */
export function capnpConfig (configDir, texts) {
  const entry = entryFor(['workerd', 'worker', 'import'])
  const adapter = join(repoDir, 'js', 'src', 'worker.js')
  const bindings = Object.entries(texts).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
  const config = workerConfig({
    generatedBy: 'tests/worker/start.mjs',
    configDir,
    workerDir: here,
    roots: [join(here, 'worker.mjs'), entry, adapter],
    shims: {
      edgeguard: `export * from "./${posixRelative(repoDir, entry)}"`,
      'edgeguard/worker': `export * from "../${posixRelative(repoDir, adapter)}"`,
    },
    workerFields: [
      'durableObjectNamespaces = [(className = "RateLimitObject", uniqueKey = "edgeguard-worker-test")]',
      'durableObjectStorage = (inMemory = void)',
      `bindings = [(name = "LIMITER", durableObjectNamespace = "RateLimitObject"), ${bindings.join(', ')}]`,
      'globalOutbound = "loopback"',
    ],
  })
  const services = 'services = [(name = "main", worker = .worker)]'
  if (!config.includes(services)) throw new Error('tests/worker: the runner\'s workerd configuration changed shape')
  return config.replace(services,
    'services = [(name = "main", worker = .worker), (name = "loopback", network = (allow = ["local"]))]')
}

/**
 * Starts workerd with these text bindings; resolves once it listens.
 * @param {Record<string, string>} texts
 * @returns {Promise<{url: string, stop: () => void, output: () => string}>}
 */
export async function startWorkerd (texts) {
  const configDir = join(outDir, 'worker')
  const { port, stop, output } = await serveWorkerd(configDir, capnpConfig(configDir, texts))
  return { url: `http://127.0.0.1:${port}`, stop, output }
}

/**
 * Starts serve.mjs under Deno or Bun with `settings` in its environment;
 * resolves with its URL once it prints the port it listens on.
 * @param {'deno' | 'bun'} runtime
 * @param {Record<string, string>} settings
 */
export async function startServe (runtime, settings) {
  const script = join(here, 'serve.mjs')
  const args = runtime === 'deno' ? ['run', '--node-modules-dir=manual', '-A', script] : [script]
  const child = spawnTracked(runtimePath(runtime), args, {
    cwd: testsDir,
    env: { ...process.env, DENO_DIR: join(testsDir, 'node_modules', '.cache', 'deno'), EDGEGUARD_TEST: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stderr = captureText(child.stderr)
  const output = () => `${runtime} output:\n${stderr.text}`
  const port = await new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => reject(new Error(`${runtime} did not listen within 30 s\n${output()}`)), 30_000)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      buffered += chunk
      const m = /^listening (\d+)$/m.exec(buffered)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    exited(child).then((code) => {
      clearTimeout(timer)
      reject(new Error(`${runtime} exited with ${code} before listening\n${output()}`))
    }, reject)
  }).catch((err) => {
    killTree(child)
    throw err
  })
  return { url: `http://127.0.0.1:${port}`, stop: () => killTree(child), output }
}
