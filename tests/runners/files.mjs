// File-system side of the conformance suite: where the vectors and the
// per-host result files live, and how they are read and written. Uses only
// node:fs and node:path, which Node, Deno and Bun all provide.

import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The tests/ directory. */
export const testsDir = dirname(dirname(fileURLToPath(import.meta.url)))
/** The repository root. */
export const repoDir = dirname(testsDir)
/** Where the vector files are: tests/vectors. */
export const vectorsDir = join(testsDir, 'vectors')
/** Where every host writes its records: tests/out/<host>.jsonl. */
export const outDir = join(testsDir, 'out')

/**
 * Reads every `*.json` file of `dir`, sorted by file name.
 * A file that does not parse, or has no `vectors` array, throws with its name.
 * @param {string} [dir]
 * @returns {import('./run-vectors.mjs').VectorFile[]}
 */
export function readVectorFiles (dir = vectorsDir) {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort()
  return names.map((file) => {
    let doc
    try {
      doc = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (err) {
      throw new Error(`${file}: ${err.message}`)
    }
    if (!doc || !Array.isArray(doc.vectors)) throw new Error(`${file}: no "vectors" array`)
    return { file, vectors: doc.vectors }
  })
}

/** The result file of `host`. */
export function outPath (host) {
  return join(outDir, `${host}.jsonl`)
}

/**
 * Removes `host`'s result file, so that a runner that fails half-way can never
 * leave an older, passing file behind for compare.mjs to read.
 * @param {string} host
 */
export function removeRecords (host) {
  rmSync(outPath(host), { force: true })
}

/**
 * Writes `records` as JSON lines to tests/out/<host>.jsonl, atomically
 * (a temporary file renamed into place).
 * @param {string} host
 * @param {import('./run-vectors.mjs').ResultRecord[]} records
 */
export function writeRecords (host, records) {
  mkdirSync(outDir, { recursive: true })
  const tmp = `${outPath(host)}.tmp`
  writeFileSync(tmp, records.map((r) => JSON.stringify(r) + '\n').join(''))
  renameSync(tmp, outPath(host))
}

/**
 * Reads `host`'s result file. Returns null when it does not exist; throws on
 * a line that is not a JSON object.
 * @param {string} host
 * @param {string} [dir]
 * @returns {object[] | null}
 */
export function readRecords (host, dir = outDir) {
  let text
  try {
    text = readFileSync(join(dir, `${host}.jsonl`), 'utf8')
  } catch (err) {
    if (err.code === 'ENOENT') return null
    throw err
  }
  const records = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    let rec
    try {
      rec = JSON.parse(line)
    } catch (err) {
      throw new Error(`${host}.jsonl line ${i + 1}: ${err.message}`)
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
      throw new Error(`${host}.jsonl line ${i + 1}: not a JSON object`)
    }
    records.push(rec)
  })
  return records
}
