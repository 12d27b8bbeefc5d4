// The page half of chromium.mjs: edgeguard (the package's browser entry)
// against DOMPurify on Chromium's own DOM, on the same fixtures, with the
// same harness as in Node. Results are POSTed back to the driver.

import { load } from '/js/src/entry-browser.js'
import DOMPurify from '/bench/node_modules/dompurify/dist/purify.es.mjs'
import { defaults, measureAll } from '/bench/node/harness.mjs'

async function sha256 (text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function main () {
  const names = await (await fetch('/fixtures')).json()
  const fixtures = []
  for (const name of names) fixtures.push({ name, html: await (await fetch(`/bench/testdata/${name}.html`)).text() })

  const t0 = performance.now()
  const eg = await load()
  const loadMs = performance.now() - t0
  const t1 = performance.now()
  eg.sanitize(fixtures[0].html, 'ugc')
  const firstCallMs = performance.now() - t1

  const contenders = {
    edgeguard: (html) => eg.sanitize(html, 'ugc'),
    dompurify: (html) => DOMPurify.sanitize(html),
  }
  const result = {
    user_agent: navigator.userAgent,
    cross_origin_isolated: globalThis.crossOriginIsolated === true,
    dompurify: DOMPurify.version,
    load_ms: loadMs,
    first_call_ms: firstCallMs,
    sample_ms: defaults.sampleMs,
    samples: defaults.samples,
    sanitize: {},
    edgeguard_output_sha256: {},
  }
  for (const f of fixtures) {
    const outBytes = {}
    for (const [name, fn] of Object.entries(contenders)) {
      const out = fn(f.html)
      outBytes[name] = new TextEncoder().encode(out).length
      if (name === 'edgeguard') result.edgeguard_output_sha256[f.name] = await sha256(out)
    }
    const fns = {}
    for (const [name, fn] of Object.entries(contenders)) fns[name] = () => fn(f.html)
    const measured = measureAll(fns)
    result.sanitize[f.name] = {}
    for (const [name, m] of Object.entries(measured)) {
      result.sanitize[f.name][name] = { ...m, in_bytes: new TextEncoder().encode(f.html).length, out_bytes: outBytes[name] }
    }
  }
  return result
}

main()
  .then((result) => fetch('/results', { method: 'POST', body: JSON.stringify(result) }))
  .catch((err) => fetch('/results', { method: 'POST', body: JSON.stringify({ error: String(err?.stack ?? err) }) }))
