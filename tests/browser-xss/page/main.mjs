// The XSS test page's script. It sanitizes with the module in the page, and
// runs each case in its own same-origin frame (frame.html, whose script
// frame.mjs inserts the HTML and fires the events, so that whatever the
// markup runs, and any error it raises, belongs to that frame). Whether
// script ran is seen by the hooks the driver installs in every frame
// (hooks.mjs), not here: a payload that ran could lie to this page.

import { load } from '/edgeguard.mjs'

// Scripts may run in a case frame (the control run inserts raw payloads),
// so it may not navigate the top page; everything else a payload could use
// to run script stays possible.
const frameSandbox = 'allow-scripts allow-same-origin allow-modals allow-forms allow-popups allow-popups-to-escape-sandbox'

const eg = await load()

/**
 * Sanitizes every input with every preset, in the page. A "preset" that
 * starts with "{" is a policy object in JSON.
 * @returns {Record<string, Array<{html: string} | {error: string}>>}
 */
window.__sanitizeAll = (inputs, presets) => Object.fromEntries(presets.map((preset) => [preset, inputs.map((input) => {
  try {
    return { html: eg.sanitize(input, preset.startsWith('{') ? JSON.parse(preset) : preset) }
  } catch (err) {
    return { error: err.code ?? String(err) }
  }
})]))

// Frames kept between batches, by slot: the frame named slot-i runs the
// i-th case of every batch, which is how the driver tells which case a
// report from it (or from a frame inside it) is about.
let slots = []

/**
 * Runs a batch of cases, one per slot, waits settleMs for asynchronous
 * events (image errors, toggles, animations), and returns, per case,
 * Chromium's serialization of the inserted HTML. With `fresh`, every case
 * gets a new frame, removed afterwards (the control run: raw payloads can
 * rewrite their frame or leave timers behind); otherwise a frame is reused while it is still the harness's own page,
 * which saves most of the run's time.
 * @param {string[]} cases the HTML of each case
 * @param {number} settleMs
 * @param {boolean} fresh
 */
window.__runBatch = async (cases, settleMs, fresh) => {
  const frames = await Promise.all(cases.map(async (_, i) => {
    if (slots[i] && !usable(slots[i])) {
      slots[i].remove()
      slots[i] = null
    }
    slots[i] ??= await openFrame(i)
    return slots[i]
  }))
  const results = cases.map((html, i) => {
    try {
      return frames[i].contentWindow.__exercise(html)
    } catch (err) {
      return { error: String(err) }
    }
  })
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  if (fresh) {
    for (const f of slots) f?.remove()
    slots = []
  }
  return results
}

function openFrame (slot) {
  const frame = document.createElement('iframe')
  frame.name = `slot-${slot}`
  frame.setAttribute('sandbox', frameSandbox)
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }))
  frame.src = '/frame.html'
  document.body.append(frame)
  return loaded.then(() => frame)
}

// Whether a frame still shows the harness's frame page, untouched (a
// payload that ran may have navigated it, or changed its URL).
function usable (frame) {
  try {
    return frame.contentWindow.location.pathname === '/frame.html' && typeof frame.contentWindow.__exercise === 'function'
  } catch {
    return false
  }
}

window.__ready = true
