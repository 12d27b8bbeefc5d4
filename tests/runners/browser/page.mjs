// The conformance page's only script, loaded from the same origin under the
// strict CSP chromium.mjs sets. It imports the package's browser entry
// (through /edgeguard.mjs, which the driver generates from package.json),
// fetches the vectors, runs them and POSTs the records back.

import { load } from '/edgeguard.mjs'
import { runVectors } from '/run-vectors.mjs'

// CSP violations are collected so the driver can fail on them even when the
// page worked around one: the point is to prove the module needs nothing
// beyond script-src 'self' 'wasm-unsafe-eval'.
const violations = []
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`)
})

async function report (body) {
  await fetch('/results', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, violations }),
  })
}

async function main () {
  const files = await (await fetch('/vectors.json')).json()
  const t0 = performance.now()
  const eg = await load()
  const t1 = performance.now()
  const records = runVectors(eg, files)
  const t2 = performance.now()
  await report({ records, loadMs: t1 - t0, vectorsMs: t2 - t1 })
}

main().catch((err) => report({ error: String(err?.stack ?? err) }))
