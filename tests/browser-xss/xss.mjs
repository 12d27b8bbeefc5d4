// The driver of the browser XSS test: sanitizes payloads in a Chromium page
// with the module, runs every output (and, as a control, every raw payload)
// through innerHTML twice in a frame of its own while firing events, and
// collects what the hooks saw, per case.

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { installHooks, reportBinding } from './hooks.mjs'
import { launchChromium, pageDir, startServer, stopServer } from './browser.mjs'

// A thousand frames load the same two files: let Chromium keep them.
const cached = { 'cache-control': 'max-age=600' }

// Case frames carry a report-only policy that allows only the harness's own
// script (frame.mjs, by a nonce drawn per run, which a payload cannot know
// without having run already): nothing is blocked (execution must stay
// possible for the test to mean anything), but every inline handler,
// javascript: URL or eval about to run is reported.
const nonce = randomBytes(12).toString('base64url')
const frameHeaders = { 'content-security-policy-report-only': `script-src 'nonce-${nonce}'`, ...cached }

const batchSize = 48
// How long a batch waits for asynchronous events. A late event is never
// lost in the sanitized runs: it lands on a later case of the same run, or
// in the drain before the controls; the controls wait longer because there
// a late event would be charged to the wrong case.
const settleMs = 120
const controlSettleMs = 500
const drainMs = 500

/**
 * @typedef {object} CaseResult
 * @property {string} run      a preset name, "raw-reused" or "raw"
 * @property {string} name     the payload's name
 * @property {boolean} [xss] the payload's xss mark
 * @property {string} input
 * @property {string} [html]   what was inserted (the sanitized output, or the raw input)
 * @property {string} [error]  the sanitizer's error code, when it refused
 * @property {string} [back]   Chromium's innerHTML after inserting html
 * @property {boolean} [stable] whether a second insertion serialized the same
 * @property {string[]} reports what the hooks saw: "channel: detail"
 * @property {string} [harnessError] why the case could not be exercised
 */

/**
 * Runs `payloads` raw and through each preset.
 * @param {import('./payloads.mjs').Payload[]} payloads
 * @param {string[]} presets
 * @param {(line: string) => void} log
 * @returns {Promise<CaseResult[]>}
 */
export async function runXSS (payloads, presets, log) {
  const { server, origin } = await startServer({
    '/': { file: join(pageDir, 'index.html') },
    '/main.mjs': { file: join(pageDir, 'main.mjs') },
    '/frame.html': { text: readFileSync(join(pageDir, 'frame.html'), 'utf8').replace('nonce="harness"', `nonce="${nonce}"`), type: '.html', headers: frameHeaders },
    '/frame.mjs': { file: join(pageDir, 'frame.mjs'), headers: cached },
  })
  const browser = await launchChromium()
  try {
    const context = await browser.newContext()
    /** @type {CaseResult[]} */
    const cases = []
    let batch = [] // the cases in flight: where reports no frame claims go
    // A report from inside a case frame (the frame itself, or any frame a
    // payload created in it) is about the case in that frame's slot; one
    // from anywhere else (the top page, a popup, a dialog) is charged to
    // every case in flight.
    const record = (frame, line) => {
      const c = batch[slotOf(frame)]
      for (const t of c ? [c] : batch) t.reports.push(c ? line : `${line} (unattributed, batch${frame ? `, from ${frame.url()}` : ''})`)
    }
    await context.exposeBinding(reportBinding, ({ frame }, channel, detail) => record(frame, `${channel}: ${detail}`))
    await context.addInitScript(installHooks, reportBinding)
    // Dialogs and popups mean the hooks were bypassed or script opened a
    // window: both count against whatever was in flight.
    const page = await context.newPage()
    context.on('page', (popup) => {
      record(null, `popup: ${popup.url()}`)
      popup.close().catch(() => {})
    })
    page.on('dialog', (dialog) => {
      record(null, `dialog ${dialog.type()}: ${dialog.message()}`)
      dialog.dismiss().catch(() => {})
    })
    const t0 = performance.now()
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 30_000 })
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 60_000 })
    const inputs = payloads.map((p) => p.input)
    const sanitized = await page.evaluate(([i, p]) => window.__sanitizeAll(i, p), [inputs, presets])
    const t1 = performance.now()
    log(`chromium ${browser.version()}: page and module ready, ${inputs.length} payloads × ${presets.length} presets sanitized in ${(t1 - t0).toFixed(0)} ms`)

    // The controls run last: a raw payload's late report (an object's
    // data: document loading after its batch) can then never be charged
    // to a sanitized case. "raw" inserts every payload unsanitized, each in
    // a fresh frame; "raw-reused" inserts the channel controls through
    // reused frames, as the sanitized runs are, to prove those are not blind.
    for (const run of [...presets, 'raw-reused', 'raw']) {
      payloads.forEach((p, i) => {
        if (run === 'raw-reused' && !p.name.startsWith('control/')) return
        const out = run.startsWith('raw') ? { html: p.input } : sanitized[run][i]
        cases.push({ run, name: p.name, xss: p.xss, input: p.input, ...out, reports: [] })
      })
    }
    // Batches never mix runs, so that a report no frame claims is at least
    // charged to the right run.
    const runnable = cases.map((c, id) => ({ id, html: c.html })).filter((c) => c.html !== undefined)
    const batches = []
    for (const c of runnable) {
      const last = batches.at(-1)
      if (last && last.length < batchSize && cases[last[0].id].run === cases[c.id].run) last.push(c)
      else batches.push([c])
    }
    for (const items of batches) {
      const run = cases[items[0].id].run
      if (!presets.includes(run) && presets.includes(batch[0]?.run)) {
        // Before the controls: let anything late from the last sanitized
        // batch arrive while it is still the batch in flight.
        await page.waitForTimeout(drainMs)
      }
      const fresh = run === 'raw'
      batch = items.map((c) => cases[c.id])
      const settle = presets.includes(run) ? settleMs : controlSettleMs
      const results = await page.evaluate(([b, ms, f]) => window.__runBatch(b, ms, f), [items.map((c) => c.html), settle, fresh])
      results.forEach((r, j) => {
        const c = cases[items[j].id]
        if (r.error) c.harnessError = r.error
        else Object.assign(c, { back: r.back, stable: r.stable })
      })
    }
    log(`chromium: ${runnable.length} insertions in ${(performance.now() - t1).toFixed(0)} ms`)
    return cases
  } finally {
    await browser.close()
    await stopServer(server)
  }
}

// The slot of the case frame that is `frame` or contains it, or -1. Slots
// are told by the name the page gave the frame element, which playwright
// reads once when the frame is attached: a payload can change neither it
// nor, from inside, the frame it belongs to (its URL it can, with
// history.pushState).
function slotOf (frame) {
  for (let f = frame; f; f = f.parentFrame()) {
    const m = /^slot-(\d+)$/.exec(f.name())
    if (m) return Number(m[1])
  }
  return -1
}
