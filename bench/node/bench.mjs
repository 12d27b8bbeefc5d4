// The Node half of `make bench`: edgeguard's steady state (a trivial call
// and sanitize throughput) next to the peers, on the fixtures in
// bench/testdata. Prints JSON on stdout (bench/run.sh keeps it in
// bench/out/node.json), progress on stderr.
//
//   node bench/node/bench.mjs
//
// Every library runs its default configuration (edgeguard: the 'ugc'
// preset). Their outputs differ — sanitize-html and edgeguard drop what
// DOMPurify keeps, js-xss escapes what others drop — so the ratios compare
// products, not algorithms; output sizes are recorded to show it.

import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { load } from '../../js/src/entry-node.js'
import { defaults, measure, measureAll } from './harness.mjs'

const testdata = new URL('../testdata/', import.meta.url)
const fixtures = readdirSync(testdata)
  .filter((f) => f.endsWith('.html'))
  .sort()
  .map((f) => ({ name: f.slice(0, -'.html'.length), html: readFileSync(new URL(f, testdata), 'utf8') }))

const log = (...a) => console.error('bench/node:', ...a)

/**
 * The contenders: name → { version, setup() → (html) => string }. A peer
 * that is not installed is reported as missing, not silently dropped.
 */
const contenders = {
  edgeguard: {
    version: JSON.parse(readFileSync(new URL('../../js/package.json', import.meta.url))).version,
    async setup() {
      const eg = await load()
      return (html) => eg.sanitize(html, 'ugc')
    },
  },
  'sanitize-html': peer('sanitize-html', async () => {
    const { default: sanitizeHtml } = await import('sanitize-html')
    return (html) => sanitizeHtml(html)
  }),
  xss: peer('xss', async () => {
    const { filterXSS } = await import('xss')
    return (html) => filterXSS(html)
  }),
  'dompurify+jsdom': peer('dompurify', async () => {
    const { default: createDOMPurify } = await import('dompurify')
    const { JSDOM } = await import('jsdom')
    const purify = createDOMPurify(new JSDOM('').window)
    return (html) => purify.sanitize(html)
  }, 'jsdom'),
}

function peer(name, setup, ...also) {
  // Read the manifest from disk: some packages' `exports` hide it from
  // require().
  const version = (pkg) => {
    try {
      return JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url))).version
    } catch {
      return null
    }
  }
  const versions = [name, ...also].map((p) => [p, version(p)])
  return {
    version: versions.map(([p, v]) => `${p}@${v}`).join(' + '),
    missing: versions.some(([, v]) => v === null),
    setup,
  }
}

const sha256 = (s) => createHash('sha256').update(s).digest('hex')

const result = {
  node: process.version,
  v8: process.versions.v8,
  sample_ms: defaults.sampleMs,
  samples: defaults.samples,
  versions: {},
  echo: null,
  sanitize: {}, // fixture → contender → measurement
  edgeguard_output_sha256: {},
  errors: {},
}

const eg = await load()
log('echo')
result.echo = measure(() => eg.call(0, 'echo', ''))

const ready = {}
for (const [name, c] of Object.entries(contenders)) {
  result.versions[name] = c.version
  if (c.missing) {
    result.errors[name] = `not installed (run npm ci in bench/): ${c.version}`
    log(name, result.errors[name])
    continue
  }
  try {
    ready[name] = await c.setup()
  } catch (err) {
    result.errors[name] = String(err?.stack ?? err)
    log(name, 'failed to load:', err)
  }
}

for (const f of fixtures) {
  log(f.name, Object.keys(ready).join(', '))
  const fns = {}
  const outBytes = {}
  for (const [name, sanitize] of Object.entries(ready)) {
    const out = sanitize(f.html)
    if (name === 'edgeguard') result.edgeguard_output_sha256[f.name] = sha256(out)
    outBytes[name] = Buffer.byteLength(out)
    fns[name] = () => sanitize(f.html)
  }
  const measured = measureAll(fns)
  result.sanitize[f.name] = {}
  for (const [name, m] of Object.entries(measured)) {
    result.sanitize[f.name][name] = { ...m, in_bytes: Buffer.byteLength(f.html), out_bytes: outBytes[name] }
  }
}

console.log(JSON.stringify(result, null, 2))
