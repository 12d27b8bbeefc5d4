// What the workerd and Chromium drivers need to know about the edgeguard
// package in js/: the entry file its package.json selects for a runtime, and
// the files that entry pulls in. Neither host has a package resolver we can
// use (workerd lists modules by hand; a browser has no node_modules), so we
// resolve the same way a bundler would, from the package's own "exports".

import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { repoDir } from './files.mjs'

/** The package directory, js/. */
export const packageDir = join(repoDir, 'js')

/**
 * The file the package's root export selects under `conditions` (checked in
 * the order the package lists them, as Node and bundlers do; "default"
 * always matches). Returns an absolute path.
 * @param {string[]} conditions e.g. ['workerd', 'worker', 'import']
 * @param {string} [dir] package directory
 */
export function entryFor (conditions, dir = packageDir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const target = pickExport(manifest.exports?.['.'] ?? manifest.exports, new Set([...conditions, 'default']))
  if (typeof target !== 'string') {
    throw new Error(`${join(dir, 'package.json')}: no "." export for conditions ${conditions.join(', ')}`)
  }
  return resolve(dir, target)
}

// Walks a conditional export object; nested objects are allowed.
function pickExport (node, conditions) {
  if (typeof node === 'string' || node == null) return node
  if (Array.isArray(node)) {
    for (const item of node) {
      const hit = pickExport(item, conditions)
      if (hit) return hit
    }
    return undefined
  }
  for (const [key, value] of Object.entries(node)) {
    if (conditions.has(key)) {
      const hit = pickExport(value, conditions)
      if (hit) return hit
    }
  }
  return undefined
}

// Static `import … from '…'`, `export … from '…'`, side-effect `import '…'`
// and dynamic `import('…')` with a literal specifier.
const importPattern = /\b(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?\(?\s*(['"])([^'"\n]+)\1/g

/**
 * Every file reachable from `roots` through relative import specifiers,
 * roots first, each once. Bare specifiers are skipped (the caller provides
 * them), as are specifiers that name no existing file (for instance in a
 * comment). Absolute paths.
 * @param {string[]} roots absolute paths of JavaScript modules
 */
export function moduleGraph (roots) {
  const seen = new Set()
  const order = []
  const visit = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    order.push(file)
    if (!/\.m?js$/.test(file)) return
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(importPattern)) {
      const spec = match[2]
      if (!spec.startsWith('./') && !spec.startsWith('../')) continue
      const target = resolve(dirname(file), spec)
      if (existsSync(target)) visit(target)
    }
  }
  roots.forEach(visit)
  return order
}

/** `file` relative to `from`, with forward slashes. */
export function posixRelative (from, file) {
  return relative(from, file).split(sep).join('/')
}
