// What the XSS test feeds the browser: the shared attack corpora (when they
// are checked out beside the repository) and a few channel controls, each of
// which executes script through one route the harness must be able to see.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir } from '../runners/files.mjs'

/** ../shared/corpora relative to the repository root. */
export const corporaDir = join(repoDir, '..', 'shared', 'corpora')

/**
 * @typedef {object} Payload
 * @property {string} name  e.g. "dompurify/12", "mxss/quirk-03#1", "control/focus"
 * @property {string} input the HTML to sanitize and insert
 * @property {boolean} [xss] DOMPurify marks it as an attack (it calls alert)
 */

/**
 * Rewrites the corpus's proof-of-execution calls (`alert(1)`, `` prompt`1` ``,
 * `top.confirm(…)`) to the harness hook `__xss`, which every frame defines,
 * so that an execution is seen even in a context where the harness could
 * not replace `alert` itself. Calls it cannot see (`al\u0065rt`,
 * `window['al'+'ert']`) still reach the replaced `alert`. The sanitizer
 * treats both names alike: they only ever appear inside attribute values,
 * URLs and script text.
 * @param {string} s
 */
export function hookCalls (s) {
  return s.replace(/\b(?:alert|confirm|prompt)(?=\s*[(`])/g, '__xss')
}

/**
 * The corpus payloads, hooked, or null when the corpora are absent.
 * @returns {Payload[] | null}
 */
export function corpusPayloads () {
  if (!existsSync(corporaDir)) return null
  const read = (file) => JSON.parse(readFileSync(join(corporaDir, file), 'utf8'))
  const out = []
  for (const f of read('dompurify/expect.json')) out.push({ name: `dompurify/${f.id}`, input: hookCalls(f.payload), xss: f.xss })
  for (const c of read('mxss/cases.json')) {
    c.examples.forEach((e, i) => out.push({ name: `mxss/${c.id}#${i + 1}`, input: hookCalls(e.input) }))
  }
  return out
}

/**
 * One payload per way script can run after innerHTML: inserted raw, each
 * must be seen executing, which proves the harness is not blind to that way.
 * They are not hooked: some of them test the replaced globals themselves.
 * @type {Payload[]}
 */
export const controls = [
  ['natural-error', `<img src="/missing.png" onerror="__xss('img onerror')">`],
  ['fired-mouse', `<b onmouseover="__xss('mouseover')">x</b>`],
  ['fired-focus', `<input onfocus="__xss('focus')">`],
  ['natural-toggle', `<details open ontoggle="__xss('toggle')"><summary>s</summary>x</details>`],
  ['natural-animation', `<style>@keyframes egxss{from{opacity:0}to{opacity:1}}</style><div style="animation:egxss 1ms" onanimationend="__xss('animationend')">a</div>`],
  ['click-javascript-url', `<a href="javascript:__xss('javascript: link')">x</a>`],
  ['form-javascript-action', `<form action="javascript:__xss('form action')"><button>go</button></form>`],
  ['iframe-srcdoc', `<iframe srcdoc="<script>__xss('srcdoc')</script>"></iframe>`],
  ['iframe-javascript-src', `<iframe src="javascript:parent.__xss('iframe javascript: src')"></iframe>`],
  ['svg-onload', `<svg><animate onbegin="__xss('svg onbegin')" attributeName="x" dur="1s"></animate></svg>`],
  ['alert', `<img src="/missing.png" onerror="alert('alert')">`],
  ['alert-obfuscated', `<img src="/missing.png" onerror="window['al'+'ert']('obfuscated')">`],
  ['eval', `<img src="/missing.png" onerror="eval('1')">`],
  ['function', `<img src="/missing.png" onerror="[].constructor.constructor('return 1')()">`],
  ['timer-string', `<img src="/missing.png" onerror="setTimeout('void 0')">`],
  ['uncaught-error', `<img src="/missing.png" onerror="notDefinedAnywhere()">`],
  ['csp-only', `<img src="/missing.png" onerror="void 0">`],
  // Only the createContextualFragment insertion runs it, and only the
  // setHTMLUnsafe insertion builds the shadow root.
  ['contextual-fragment-script', `<script>__xss('contextual fragment script')</script>`],
  ['declarative-shadow-root', `<div><template shadowrootmode="open"><b onmouseover="__xss('shadow root')">s</b></template></div>`],
].map(([name, input]) => ({ name: `control/${name}`, input }))
