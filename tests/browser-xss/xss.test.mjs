// Real-browser XSS test of the sanitizer (issue 3): every corpus payload
// through strict, ugc, rich and rich with SVG/MathML on in headless Chromium, each output inserted
// with innerHTML, read back, inserted again, and exercised with events,
// while hooks in every frame record any script execution. A control run
// inserts the raw payloads, so the same harness must see script run.
//
// Needs /usr/bin/chromium (scripts/setup.sh) and js/dist/edgeguard.wasm
// (make build); skips without them. The corpora are ../shared/corpora; without
// them only the channel controls run.
//
//   node --test tests/browser-xss/

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { chromiumPath, wasmPath } from './browser.mjs'
import { controls, corpusPayloads } from './payloads.mjs'
import { runXSS } from './xss.mjs'

// The last entry is rich with the SVG and MathML safe modes on (a policy
// object in JSON, see page/main.mjs).
const presets = ['strict', 'ugc', 'rich', '{"preset":"rich","svg":true,"mathml":true}']
const missing = [chromiumPath, wasmPath].filter((f) => !existsSync(f))
const skip = missing.length ? `needs ${missing.join(' and ')}` : false

const countBy = (items, key) => {
  const out = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}

test('no payload executes script after sanitizing, in Chromium', { skip, timeout: 180_000 }, async (t) => {
  const corpus = corpusPayloads()
  if (!corpus) t.diagnostic('../shared/corpora is absent: corpus payloads skipped, channel controls only')
  const payloads = [...controls, ...(corpus ?? [])]
  const cases = await runXSS(payloads, presets, (line) => t.diagnostic(line))
  const executed = (c) => c.reports.length > 0

  // The control: raw payloads must be seen running, through every channel,
  // in fresh frames and in reused ones (which the sanitized runs use).
  const raw = cases.filter((c) => c.run === 'raw')
  for (const c of cases.filter((c) => c.run.startsWith('raw') && c.name.startsWith('control/'))) {
    assert.ok(executed(c), `${c.name} inserted raw (${c.run}) did not execute: the harness is blind to it (${c.input})`)
  }
  const rawExecuted = raw.filter(executed)
  const channels = countBy(rawExecuted.flatMap((c) => [...new Set(c.reports.map((r) => r.split(':')[0]))]), (ch) => ch)
  t.diagnostic(`control (raw, unsanitized): ${rawExecuted.length} of ${raw.length} payloads executed; ` +
    `by channel ${JSON.stringify(channels)}`)
  if (corpus) {
    const attacks = raw.filter((c) => c.xss)
    t.diagnostic(`  of DOMPurify's ${attacks.length} attack payloads, ${attacks.filter(executed).length} executed raw in this Chromium (the rest target other engines or need a different context)`)
    assert.ok(rawExecuted.length > controls.length, 'no corpus payload executed when inserted raw')
  }

  for (const preset of presets) {
    const run = cases.filter((c) => c.run === preset)
    const refused = run.filter((c) => c.error !== undefined)
    const changed = run.filter((c) => c.back !== undefined && c.back !== c.html)
    t.diagnostic(`${preset}: ${run.length} payloads, ${run.filter(executed).length} executed, ` +
      `${refused.length} refused (${JSON.stringify(countBy(refused, (c) => c.error))}), ` +
      `${changed.length} re-serialized differently by Chromium`)
    for (const c of changed.slice(0, 5)) t.diagnostic(`  ${c.name}: ${JSON.stringify(c.html)} -> ${JSON.stringify(c.back)}`)
  }
  const sanitized = cases.filter((c) => presets.includes(c.run))
  for (const c of sanitized) {
    assert.equal(c.harnessError, undefined, `${c.run} ${c.name}: could not be exercised: ${c.harnessError}`)
    assert.deepEqual(c.reports, [], `${c.run} ${c.name}: script executed: ${JSON.stringify(c.input)} -> ${JSON.stringify(c.html)}`)
    // The sanitizer's output must be what Chromium itself serializes: a
    // difference is a mutation, the raw material of mXSS.
    if (c.back !== undefined) assert.equal(c.back, c.html, `${c.run} ${c.name}: Chromium re-serialized the output differently`)
    assert.notEqual(c.stable, false, `${c.run} ${c.name}: the second insertion serialized differently`)
    if (c.error !== undefined) assert.equal(c.error, 'too_large', `${c.run} ${c.name}: unexpected error`)
  }
})
