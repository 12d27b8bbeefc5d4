// Packs js/ as npm publishes it and installs the tarball into an empty
// project, the way a user gets the package; then the rules the tarball must
// follow, and the resolution of its "exports" map for hosts that have no
// resolver of their own (workerd lists modules by hand; a page needs an
// import map).

import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir } from '../runners/files.mjs'

/** The package's source folder, which is packed (and never imported from). */
export const jsDir = join(repoDir, 'js')

/**
 * @typedef {object} Installed
 * @property {object} pack npm pack's JSON for the tarball (filename, size, unpackedSize, files, …)
 * @property {string} tarball absolute path of the .tgz
 * @property {string} project the project that installed it
 * @property {string} pkgDir project/node_modules/edgeguard
 * @property {object} manifest the installed package.json
 */

/**
 * `npm pack` of js/ into `workDir`, then `npm install --offline` of the
 * tarball into the empty project workDir/project. Offline proves the package
 * needs nothing from a registry: it has no dependencies.
 * @param {string} workDir an empty temporary directory
 * @returns {Installed}
 */
export function packAndInstall (workDir) {
  const npm = (args, cwd) => execFileSync('npm', [...args, '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 60_000 })
  const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', workDir, jsDir], workDir))
  const tarball = join(workDir, pack.filename)
  const project = join(workDir, 'project')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'edgeguard-smoke', private: true, type: 'module' }))
  npm(['install', '--offline', '--no-audit', '--no-fund', tarball], project)
  const pkgDir = join(project, 'node_modules', 'edgeguard')
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  return { pack, tarball, project, pkgDir, manifest }
}

/** What the tarball may hold: the manifest, docs, the sources and their declarations, the module. */
const allowedFile = /^(package\.json|README\.md|LICENSE(\.md|\.txt)?|src\/[\w./-]+\.(js|d\.ts)|dist\/edgeguard\.wasm)$/
/** Tests and their fixtures, wherever they sit. */
const testFile = /(^|\/)(tests?|__tests__|fixtures)\/|\.(test|spec)\.[cm]?[jt]s$/
/** Lifecycle scripts that would run on a user's machine at install time. */
const installScripts = ['preinstall', 'install', 'postinstall', 'prepare']
/** Under this the module file is a placeholder, not the real module. */
const minWasmBytes = 1 << 20

/**
 * Every rule the packed file list and manifest break, as messages (empty
 * when the tarball is right). Pure, so its own tests can feed it bad lists.
 * @param {{path: string, size: number}[]} files npm pack's file list
 * @param {object} manifest the packed package.json
 * @returns {string[]}
 */
export function tarballProblems (files, manifest) {
  const problems = []
  const paths = new Set(files.map((f) => f.path))
  for (const { path } of files) {
    if (testFile.test(path)) problems.push(`${path}: a test file`)
    else if (!allowedFile.test(path)) problems.push(`${path}: not a file the package ships (tests, source maps, stray files)`)
  }
  // The manifest declares a license; the text must travel with the code.
  if (manifest.license && !paths.has('LICENSE')) problems.push(`package.json says license ${manifest.license} but no LICENSE is packed`)
  const wasm = files.find((f) => f.path === 'dist/edgeguard.wasm')
  if (!wasm) problems.push('dist/edgeguard.wasm is missing')
  else if (wasm.size < minWasmBytes) problems.push(`dist/edgeguard.wasm is only ${wasm.size} bytes`)

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
    if (manifest[field] && Object.keys(manifest[field]).length > 0) problems.push(`package.json has ${field}: the package must install with nothing else`)
  }
  for (const name of installScripts) {
    if (manifest.scripts?.[name]) problems.push(`package.json has a ${name} script`)
  }
  for (const field of ['main', 'module', 'types', 'browser']) {
    if (typeof manifest[field] === 'string' && !paths.has(stripDot(manifest[field]))) problems.push(`package.json ${field} names ${manifest[field]}, which is not packed`)
  }
  if (!manifest.exports || typeof manifest.exports !== 'object') {
    problems.push('package.json has no exports map')
    return problems
  }
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    for (const file of targets(target)) {
      if (file.includes('*')) {
        const [prefix, suffix] = stripDot(file).split('*')
        if (![...paths].some((p) => p.startsWith(prefix) && p.endsWith(suffix) && p.length > prefix.length + suffix.length)) {
          problems.push(`exports["${subpath}"]: no packed file matches ${file}`)
        }
      } else if (!paths.has(stripDot(file))) {
        problems.push(`exports["${subpath}"] names ${file}, which is not packed`)
      }
    }
  }
  return problems
}

/** Every target string of an exports entry, through conditions and arrays. */
function targets (node) {
  if (typeof node === 'string') return [node]
  if (node === null || typeof node !== 'object') return []
  return Object.values(node).flatMap(targets)
}

const stripDot = (p) => p.replace(/^\.\//, '')

/**
 * The package-relative file (`src/…`) that `specifier` (`edgeguard`,
 * `edgeguard/adapters/pino`, …) resolves to under `conditions`, as Node's
 * PACKAGE_EXPORTS_RESOLVE does: an exact subpath first, else the pattern
 * with the longest prefix; conditions in the order the package lists them,
 * "default" always matching. Throws when the package does not export it.
 * @param {object} manifest package.json
 * @param {string} specifier
 * @param {string[]} conditions
 */
export function resolveExport (manifest, specifier, conditions) {
  if (specifier !== manifest.name && !specifier.startsWith(`${manifest.name}/`)) {
    throw new Error(`${specifier} is not a specifier of ${manifest.name}`)
  }
  const subpath = `.${specifier.slice(manifest.name.length)}`
  const exports = manifest.exports ?? {}
  const accepted = new Set([...conditions, 'default'])
  let target
  if (Object.hasOwn(exports, subpath)) {
    target = pick(exports[subpath], accepted)
  } else {
    const patterns = Object.keys(exports).filter((key) => {
      const [prefix, suffix = ''] = key.split('*')
      return key.includes('*') && subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length
    }).sort((a, b) => b.indexOf('*') - a.indexOf('*'))
    if (patterns.length > 0) {
      const key = patterns[0]
      const [prefix, suffix = ''] = key.split('*')
      const match = subpath.slice(prefix.length, subpath.length - suffix.length)
      target = pick(exports[key], accepted)?.replaceAll('*', match)
    }
  }
  if (typeof target !== 'string') throw new Error(`${manifest.name} exports no ${subpath} for ${conditions.join(', ')}`)
  return stripDot(target)
}

function pick (node, accepted) {
  if (typeof node === 'string' || node == null) return node
  if (Array.isArray(node)) return node.map((n) => pick(n, accepted)).find(Boolean)
  for (const [key, value] of Object.entries(node)) {
    if (accepted.has(key)) {
      const hit = pick(value, accepted)
      if (hit) return hit
    }
  }
  return undefined
}

/**
 * Every file under `dir`, relative, with forward slashes.
 * @param {string} dir
 * @returns {string[]}
 */
export function listFiles (dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort()
}
