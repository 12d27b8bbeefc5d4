// Starts workerd (the binary tests/package.json installs) serving worker.mjs
// with a Durable Object namespace, on 127.0.0.1 with a port chosen by the
// kernel, with the conformance runner's workerd code (tests/runners/workerd.mjs).
// Returns {url, stop}.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { binaryPath } from '../runners/bin.mjs'
import { outDir, repoDir } from '../runners/files.mjs'
import { entryFor, posixRelative } from '../runners/pkg.mjs'
import { serveWorkerd, workerConfig } from '../runners/workerd.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const workerFile = join(here, 'worker.mjs')

/** Whether the workerd binary is installed (tests/node_modules). */
export function workerdPath () {
  try {
    return binaryPath('workerd')
  } catch {
    return null
  }
}

/**
 * The capnp configuration. Module names: the worker at the root, the
 * package's files by their path from the repository root (so their relative
 * imports resolve), and two one-line shims standing for the package's bare
 * specifiers 'edgeguard' (its workerd entry) and 'edgeguard/core'.
 * @param {string} configDir
 */
export function capnpConfig (configDir) {
  const entry = entryFor(['workerd', 'worker', 'import'])
  const core = join(repoDir, 'js', 'src', 'core.js')
  return workerConfig({
    generatedBy: 'tests/workerd-ratelimit/start.mjs',
    configDir,
    workerDir: here,
    roots: [workerFile, entry, core],
    shims: {
      edgeguard: `export * from "./${posixRelative(repoDir, entry)}"`,
      'edgeguard/core': 'export * from "../js/src/core.js"',
    },
    workerFields: [
      'durableObjectNamespaces = [(className = "Limiter", uniqueKey = "edgeguard-ratelimit-test")]',
      'durableObjectStorage = (inMemory = void)',
      'bindings = [(name = "LIMITER", durableObjectNamespace = "Limiter")]',
    ],
  })
}

/**
 * Starts workerd; resolves once it listens.
 * @returns {Promise<{url: string, stop: () => void, output: () => string}>}
 */
export async function startWorkerd () {
  const configDir = join(outDir, 'workerd-ratelimit')
  const { port, stop, output } = await serveWorkerd(configDir, capnpConfig(configDir))
  return { url: `http://127.0.0.1:${port}/`, stop, output }
}
