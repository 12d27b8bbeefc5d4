// The smoke run in Chromium: the page's only script, from the same origin,
// under a strict CSP with 'wasm-unsafe-eval' and Trusted Types enforced
// (package.test.mjs sets both). 'edgeguard' and its subpaths come from the
// page's import map, which points into the installed package as its
// "exports" select for browsers. POSTs the report to /results.

import * as edgeguard from 'edgeguard'
import { runChecks } from './checks.mjs'

// Every CSP violation goes in the report: the only one allowed is the
// deliberate plain-string innerHTML below, which proves Trusted Types are
// enforced on this page.
const violations = []
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI })
})

/** The Trusted Types checks: sanitize() hands over TrustedHTML that the sink accepts. */
async function trustedTypes (eg, check) {
  const sink = document.getElementById('out')
  const sanitizer = eg.sanitizer('ugc', { trustedTypes: 'edgeguard' })
  await check('sanitizer returns TrustedHTML', () => {
    const html = sanitizer.sanitize('<b onclick=x()>hi</b><script>x</script>')
    const isTrusted = html instanceof TrustedHTML
    sink.innerHTML = html
    return [[isTrusted, sink.innerHTML, sink.querySelector('script')], [true, '<b>hi</b>', null]]
  })
  await check('Trusted Types refuse a string', () => {
    let outcome = 'assigned'
    try {
      sink.innerHTML = '<i>x</i>'
    } catch (err) {
      outcome = err.name
    }
    return [[outcome, sink.innerHTML], ['TypeError', '<b>hi</b>']]
  })
  sanitizer.close()
}

async function main () {
  const manifest = await (await fetch('/node_modules/edgeguard/package.json')).json()
  const subpaths = JSON.parse(document.getElementById('subpaths').textContent)
  const report = await runChecks(edgeguard, { version: manifest.version, subpaths, importer: (s) => import(s), extra: trustedTypes })
  const resolved = Object.fromEntries(['edgeguard', ...subpaths].map((s) => [s, import.meta.resolve(s)]))
  // Let violation events queued by the last checks arrive.
  await new Promise((resolve) => setTimeout(resolve, 50))
  return { resolved, wasmURL: edgeguard.wasmURL?.href ?? null, ...report }
}

const send = (body) => fetch('/results', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...body, violations }),
})
main().then(send, (err) => send({ error: String(err?.stack ?? err) }))
