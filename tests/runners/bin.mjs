// Locates the Deno, Bun and workerd executables that tests/package.json
// installs from npm.
//
// Each of these npm packages ships its binary in a per-platform package
// (@deno/linux-x64-glibc, @oven/bun-linux-x64, @cloudflare/workerd-linux-64)
// and has a postinstall script that copies it into the main package. npm 11
// may not run that script (allowScripts), and scripts/setup.sh skips it on
// purpose, so we look in the platform package first and fall back to the
// copy the postinstall would have made.
//
// CLI: `node bin.mjs NAME` prints NAME's path; `node bin.mjs --check` starts
// every runtime with --version and prints one line each (setup.sh uses it).

import { execFileSync } from 'node:child_process'
import { accessSync, constants, openSync, readSync, closeSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Directory holding tests/package.json, where the runtimes are installed. */
export const testsDir = dirname(dirname(fileURLToPath(import.meta.url)))

/**
 * Per-runtime knowledge: the platform package name for this machine and the
 * binary's path inside it, then the main package's own copy.
 * The platform key is `${process.platform}-${process.arch}`.
 */
const runtimes = {
  deno: {
    platformPackages: {
      'linux-x64': '@deno/linux-x64-glibc',
      'linux-arm64': '@deno/linux-arm64-glibc',
      'darwin-x64': '@deno/darwin-x64',
      'darwin-arm64': '@deno/darwin-arm64',
    },
    inPlatformPackage: 'deno',
    mainPackage: 'deno',
    inMainPackage: 'deno',
  },
  bun: {
    platformPackages: {
      'linux-x64': '@oven/bun-linux-x64',
      'linux-arm64': '@oven/bun-linux-aarch64',
      'darwin-x64': '@oven/bun-darwin-x64',
      'darwin-arm64': '@oven/bun-darwin-aarch64',
    },
    inPlatformPackage: 'bin/bun',
    mainPackage: 'bun',
    inMainPackage: 'bin/bun.exe',
  },
  workerd: {
    platformPackages: {
      'linux-x64': '@cloudflare/workerd-linux-64',
      'linux-arm64': '@cloudflare/workerd-linux-arm64',
      'darwin-x64': '@cloudflare/workerd-darwin-64',
      'darwin-arm64': '@cloudflare/workerd-darwin-arm64',
    },
    inPlatformPackage: 'bin/workerd',
    mainPackage: 'workerd',
    inMainPackage: 'bin/workerd',
  },
}

/** Names of the runtimes this module can locate. */
export const runtimeNames = Object.keys(runtimes)

/**
 * Returns the absolute path of runtime `name`'s native executable.
 * Throws an Error listing every place it looked when none is usable.
 * @param {string} name one of runtimeNames
 * @param {{from?: string, platform?: string}} [opts] where to resolve
 *   packages from (a directory with node_modules) and the platform key;
 *   both default to this machine's tests/ install.
 */
export function binaryPath (name, opts = {}) {
  const rt = runtimes[name]
  if (!rt) throw new Error(`unknown runtime ${JSON.stringify(name)} (known: ${runtimeNames.join(', ')})`)
  const from = opts.from ?? testsDir
  const platform = opts.platform ?? `${process.platform}-${process.arch}`
  const require = createRequire(join(from, 'package.json'))
  const candidates = []
  const platformPackage = rt.platformPackages[platform]
  if (platformPackage) candidates.push([platformPackage, rt.inPlatformPackage])
  candidates.push([rt.mainPackage, rt.inMainPackage])

  const tried = []
  for (const [pkg, rel] of candidates) {
    let dir
    try {
      dir = dirname(require.resolve(`${pkg}/package.json`))
    } catch {
      tried.push(`${pkg} (not installed)`)
      continue
    }
    const file = join(dir, rel)
    const problem = unusable(file)
    if (!problem) return file
    tried.push(`${file} (${problem})`)
  }
  throw new Error(
    `${name}: no usable binary for ${platform}; run scripts/setup.sh. Tried: ${tried.join('; ')}`,
  )
}

/**
 * Explains why `file` cannot be run as a native executable, or returns ''.
 * A postinstall that did not finish can leave a placeholder script or an
 * empty file where the binary should be; we want that reported, not run.
 */
function unusable (file) {
  let st
  try {
    st = statSync(file)
  } catch {
    return 'missing'
  }
  if (!st.isFile()) return 'not a file'
  if (st.size < 1 << 20) return `only ${st.size} bytes, not a native binary`
  try {
    accessSync(file, constants.X_OK)
  } catch {
    return 'not executable'
  }
  const head = Buffer.alloc(4)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, head, 0, 4, 0)
  } finally {
    closeSync(fd)
  }
  if (head.subarray(0, 2).toString() === '#!') return 'a script, not a native binary'
  return ''
}

/** Runs `name --version` and returns its first output line. */
export function binaryVersion (name) {
  const out = execFileSync(binaryPath(name), ['--version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  })
  return out.trim().split('\n')[0]
}

async function main (args) {
  if (args[0] === '--check') {
    for (const name of runtimeNames) {
      console.log(`${name}: ${binaryVersion(name)} (${binaryPath(name)})`)
    }
    return
  }
  if (args.length !== 1) {
    console.error('usage: node bin.mjs NAME | --check')
    process.exit(2)
  }
  console.log(binaryPath(args[0]))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.message)
    process.exit(1)
  })
}
