// The Node half of bench/sanitize-floor.sh: edgeguard (the full module),
// the same module stopped after the parse, and sanitize-html, interleaved
// on the fixtures with the harness of bench.mjs. Prints a Markdown table.
//
//   node bench/node/sanitize-floor.mjs full.wasm parse-only.wasm

import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { load } from '../../js/src/entry-node.js'
import { measureAll } from './harness.mjs'

const [fullPath, floorPath] = process.argv.slice(2)
if (!floorPath) {
  console.error('usage: node bench/node/sanitize-floor.mjs full.wasm parse-only.wasm')
  process.exit(2)
}
const sanitizeHtml = createRequire(new URL('../package.json', import.meta.url))('sanitize-html')
const full = await load(fullPath)
const floor = await load(floorPath)

const testdata = new URL('../testdata/', import.meta.url)
const rows = ['| input | sanitize-html | edgeguard | parse only | edgeguard ÷ sanitize-html | parse only ÷ sanitize-html |', '| --- | --- | --- | --- | --- | --- |']
const us = (ns) => `${(ns / 1e3).toFixed(0)} µs`
for (const f of readdirSync(testdata).filter((f) => f.endsWith('.html')).sort()) {
  const html = readFileSync(new URL(f, testdata), 'utf8')
  if (floor.sanitize(html, 'ugc') !== '') throw new Error('the parse-only module still serializes: was the overlay applied?')
  console.error('sanitize-floor:', f)
  const m = measureAll({
    'sanitize-html': () => sanitizeHtml(html),
    edgeguard: () => full.sanitize(html, 'ugc'),
    parse: () => floor.sanitize(html, 'ugc'),
  })
  const sh = m['sanitize-html']
  // Ratios of throughput: median, then the best samples (least disturbed).
  const ratio = (r) => `${(sh.ns_per_op / r.ns_per_op).toFixed(2)}× (best ${(sh.min_ns / r.min_ns).toFixed(2)}×)`
  rows.push(`| ${f.slice(0, -'.html'.length)} | ${us(sh.ns_per_op)} | ${us(m.edgeguard.ns_per_op)} | ${us(m.parse.ns_per_op)} | ${ratio(m.edgeguard)} | ${ratio(m.parse)} |`)
}
console.log(rows.join('\n'))
