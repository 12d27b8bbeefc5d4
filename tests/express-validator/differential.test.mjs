// Differential test: every case of cases.mjs through the real
// express-validator (package.json pins it) and through edgeguard's module in
// Node must give the same validationResult(req).array() — order included —
// and the same matchedData(req). Run by `make test` (cd tests/express-validator && npm test).
//
// EDGEGUARD_EV_RANDOM=N changes how many random cases run (default 3000);
// EDGEGUARD_EV_SEED=S their seed.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { load } from '../../js/src/entry-node.js'
import { handCases, randomCases } from './cases.mjs'
import { runEdgeguard, runExpressValidator } from './harness.mjs'

const wasm = new URL('../../js/dist/edgeguard.wasm', import.meta.url)
const RANDOM = Number(process.env.EDGEGUARD_EV_RANDOM ?? 3000)
const SEED = Number(process.env.EDGEGUARD_EV_SEED ?? 7)

let eg
before(async () => {
  assert.ok(existsSync(wasm), `${fileURLToPath(wasm)} is missing: run \`make build\` first`)
  eg = await load(wasm)
})
after(() => eg?.close())

// express-validator 7.3.2's checkExact throws a TypeError (Object.keys(null)
// in findUnknownFields) when a known field's parent is null, e.g. field g.h
// with body {g: null}: an Express app answers 500. edgeguard reports no
// unknown field under null (docs/validate.md, differences); such cases are
// counted, not compared.
function isCheckExactNullCrash(e) {
  return e instanceof TypeError && /findUnknownFields/.test(e.stack)
}

/** Runs cases through both; returns the differences and how many had errors. */
async function compare(cases) {
  const diffs = []
  let withErrors = 0
  let evCrashed = 0
  for (const c of cases) {
    let ev
    try {
      ev = await runExpressValidator(c)
    } catch (e) {
      if (!isCheckExactNullCrash(e)) throw e
      evCrashed++
      continue
    }
    const want = JSON.stringify(ev)
    const got = JSON.stringify(runEdgeguard(eg, c))
    if (got !== want) diffs.push(`${c.name}\n  schema          ${JSON.stringify(c.schema)} ${JSON.stringify(c.options ?? {})}\n  request         ${JSON.stringify(c.request)}\n  express-validator ${want}\n  edgeguard         ${got}`)
    if (!want.startsWith('{"errors":[]')) withErrors++
  }
  return { diffs, withErrors, evCrashed }
}

function report(t, label, cases, { diffs, withErrors, evCrashed }) {
  const compared = cases.length - evCrashed
  t.diagnostic(`${label}: ${compared - diffs.length}/${compared} identical (${withErrors} with errors); ` +
    `${evCrashed} not compared (express-validator's checkExact throws on null)`)
  assert.equal(diffs.length, 0, `${diffs.length} of ${compared} ${label} cases differ from express-validator:\n${diffs.slice(0, 10).join('\n')}`)
  // Bounded, so that a harness fault cannot turn the test into a no-op.
  assert.ok(evCrashed <= cases.length / 20, `${evCrashed} cases not compared`)
}

test('hand-written cases: identical errors (in order) and matchedData', async (t) => {
  const res = await compare(handCases)
  report(t, 'hand-written', handCases, res)
  // The cases must exercise failures, not only passes.
  assert.ok(res.withErrors >= handCases.length / 2, `only ${res.withErrors} cases produced errors`)
})

test(`${RANDOM} random cases (seed ${SEED}): identical errors (in order) and matchedData`, async (t) => {
  const cases = randomCases(SEED, RANDOM)
  const res = await compare(cases)
  report(t, 'random', cases, res)
  assert.ok(res.withErrors >= cases.length / 4, `only ${res.withErrors} cases produced errors`)
})

test('the comparison notices a difference', async () => {
  // A self-check of the harness: edgeguard's default redaction is a
  // documented difference, and must show up when not turned off.
  const c = handCases.find((x) => x.name === 'signup/invalid')
  const ev = await runExpressValidator(c)
  const redacted = eg.validate(c.schema, c.request)
  assert.notEqual(JSON.stringify(redacted.errors.map((e) => e.value)), JSON.stringify(ev.errors.map((e) => e.value)))
})
