// The checks behind tests/compare.mjs, kept free of I/O so that they can be
// tested on made-up records. Every host must (a) have a record for every
// vector, (b) meet the vector's expectation (exact output, or error code) and
// (c) agree byte for byte with every other host (output text; error code and
// message).

/** Every host of the suite, in report order. */
export const allHosts = Object.freeze(['native', 'wazero', 'node', 'deno', 'bun', 'workerd', 'chromium'])

/**
 * Problems with the vector files themselves, as messages. A malformed vector
 * would otherwise be run differently by different hosts (or not at all).
 * @param {import('./run-vectors.mjs').VectorFile[]} files
 * @returns {string[]}
 */
export function vectorProblems (files) {
  const problems = []
  const seen = new Map()
  for (const { file, vectors } of files) {
    vectors.forEach((v, i) => {
      const where = `${file} #${i}${typeof v?.name === 'string' ? ` (${v.name})` : ''}`
      const bad = (msg) => problems.push(`${where}: ${msg}`)
      if (!v || typeof v !== 'object' || Array.isArray(v)) return bad('not an object')
      if (typeof v.name !== 'string' || v.name === '') bad('"name" must be a non-empty string')
      else if (seen.has(v.name)) bad(`duplicate name, first in ${seen.get(v.name)}`)
      else seen.set(v.name, file)
      // A missing "config" is JSON null in every runner (Go and JS alike).
      if (typeof v.kind !== 'string') bad('"kind" must be a string ("" for the module handle)')
      if (typeof v.op !== 'string' || v.op === '') bad('"op" must be a non-empty string')
      if ('input' in v && 'input_b64' in v) bad('has both "input" and "input_b64"')
      if ('input' in v && typeof v.input !== 'string') bad('"input" must be a string')
      if ('input_b64' in v && !isBase64(v.input_b64)) bad('"input_b64" must be standard base64')
      const hasOutput = 'output' in v
      const hasError = 'error' in v
      if (hasOutput === hasError) bad('needs exactly one of "output" and "error"')
      else if (hasOutput && typeof v.output !== 'string') bad('"output" must be a string')
      else if (hasError && (typeof v.error !== 'string' || v.error === '')) bad('"error" must be an error code')
    })
  }
  return problems
}

function isBase64 (s) {
  return typeof s === 'string' && s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)
}

/**
 * One host's result for one vector, reduced to what must be identical
 * everywhere, or null when the record is malformed.
 * @param {object} rec
 */
export function resultKey (rec) {
  const hasOutput = Object.hasOwn(rec, 'output')
  const hasError = Object.hasOwn(rec, 'error')
  if (hasOutput && !hasError && typeof rec.output === 'string') return JSON.stringify(['output', rec.output])
  if (hasError && !hasOutput && typeof rec.error?.code === 'string' && typeof rec.error?.message === 'string') {
    return JSON.stringify(['error', rec.error.code, rec.error.message])
  }
  return null
}

/**
 * Checks every host against the vectors and each other.
 * @param {object[]} vectors all vectors, flattened, in order
 * @param {Map<string, object[] | null>} recordsByHost null: the host's file is missing
 * @returns {{
 *   rows: {host: string, vectors: number, passed: number, mismatches: number, missing: boolean}[],
 *   failures: {host: string, name: string, reasons: string[]}[],
 *   passed: number, failed: number,
 * }}
 */
export function compareHosts (vectors, recordsByHost) {
  const hosts = [...recordsByHost.keys()]
  const failures = []
  const fail = (host, name, reasons) => failures.push({ host, name, reasons })
  /** @type {Map<string, Map<string, object>>} */
  const index = new Map()
  const known = new Set(vectors.map((v) => v.name))

  for (const host of hosts) {
    const records = recordsByHost.get(host)
    const byName = new Map()
    index.set(host, byName)
    if (!records) continue
    for (const rec of records) {
      if (typeof rec.name !== 'string') fail(host, '(unnamed)', ['record without a "name"'])
      else if (!known.has(rec.name)) fail(host, rec.name, ['record for a vector that does not exist (stale output?)'])
      else if (byName.has(rec.name)) fail(host, rec.name, ['more than one record'])
      else byName.set(rec.name, rec)
    }
  }

  for (const v of vectors) {
    const keys = new Map()
    for (const host of hosts) {
      const rec = index.get(host).get(v.name)
      if (rec) keys.set(host, resultKey(rec))
    }
    const consensus = majorityKey([...keys.values()].filter((k) => k !== null))
    for (const host of hosts) {
      const reasons = []
      const rec = index.get(host).get(v.name)
      const key = keys.get(host)
      if (!recordsByHost.get(host)) reasons.push('no result file')
      else if (!rec) reasons.push('no record')
      else if (key === null) reasons.push(`malformed record ${clip(JSON.stringify(rec))}`)
      else {
        const expectation = expectationMiss(v, rec)
        if (expectation) reasons.push(expectation)
        if (key !== consensus) reasons.push(disagreement(host, key, keys, consensus))
      }
      if (reasons.length) fail(host, v.name, reasons)
    }
  }

  const rows = hosts.map((host) => {
    const mine = failures.filter((f) => f.host === host)
    const failedVectors = new Set(mine.filter((f) => known.has(f.name)).map((f) => f.name))
    return {
      host,
      vectors: vectors.length,
      passed: vectors.length - failedVectors.size,
      mismatches: mine.length,
      missing: !recordsByHost.get(host),
    }
  })
  const passed = rows.reduce((n, r) => n + r.passed, 0)
  return { rows, failures, passed, failed: failures.length }
}

/** The key more hosts share than any other, or null on a tie. */
export function majorityKey (keys) {
  const counts = new Map()
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  let best = null
  let bestCount = 0
  let tie = false
  for (const [k, n] of counts) {
    if (n > bestCount) [best, bestCount, tie] = [k, n, false]
    else if (n === bestCount) tie = true
  }
  return tie ? null : best
}

function expectationMiss (v, rec) {
  if ('output' in v) {
    if (rec.output === v.output) return ''
    return rec.error
      ? `expected output ${clip(JSON.stringify(v.output))}, got error ${rec.error.code}: ${clip(rec.error.message)}`
      : `expected output ${clip(JSON.stringify(v.output))}, got ${clip(JSON.stringify(rec.output))}`
  }
  if (rec.error?.code === v.error) return ''
  return rec.error
    ? `expected error ${v.error}, got error ${rec.error.code}: ${clip(rec.error.message)}`
    : `expected error ${v.error}, got output ${clip(JSON.stringify(rec.output))}`
}

function disagreement (host, key, keys, consensus) {
  const others = [...keys].filter(([h, k]) => h !== host && k !== key && k !== null).map(([h]) => h)
  const what = consensus === null ? 'hosts disagree (no majority)' : 'differs from the majority'
  return `${what}: not identical to ${others.join(', ')}`
}

function clip (s, max = 160) {
  return s.length > max ? `${s.slice(0, max)}…` : s
}

/**
 * The report table and the closing line `N passed, M failed`.
 * @param {ReturnType<typeof compareHosts>} result
 */
export function formatReport (result) {
  const header = ['host', 'vectors', 'passed', 'mismatches']
  const cells = result.rows.map((r) => [r.missing ? `${r.host} (missing)` : r.host, r.vectors, r.passed, r.mismatches].map(String))
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c) => c.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join(' | ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line), '', `${result.passed} passed, ${result.failed} failed`].join('\n')
}
