// The demo page (make demo) in headless Chromium, as a visitor sees it:
// bin/edgeguard (from make build; nothing is built here) serves it on a free
// port of 127.0.0.1; every panel must be there and produce its first result,
// every browser/server comparison must agree, the page's own strict CSP must
// report no violation and no script may throw. Then a full-page screenshot
// goes to tests/out/demo.png, decoded and checked to be the page (its size,
// the page's colours where its boxes are, not a blank or one-colour image).
//
//   make build && node --test tests/demo/
//   EDGEGUARD_DEMO_BIN=/path/to/edgeguard node --test tests/demo/   (another build)

import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { chromiumPath, launchChromium } from '../browser-xss/browser.mjs'
import { outDir, repoDir } from '../runners/files.mjs'
import { killTree, spawnTracked } from '../runners/proc.mjs'
import { decodePng, histogram, pixelAt } from './png.mjs'

const binPath = process.env.EDGEGUARD_DEMO_BIN ?? join(repoDir, 'bin', 'edgeguard')
const staticDir = join(repoDir, 'demo', 'static')
const screenshotPath = join(outDir, 'demo.png')

/** Every panel, in page order (demo/static/panels/index.js). */
const expectedPanels = ['sanitize', 'escape', 'headers', 'csp', 'validate', 'jwt', 'jwt-decode', 'authz', 'csrf', 'ratelimit']
const viewport = { width: 1280, height: 900 }

// Colours of demo/static/style.css that the screenshot must show.
const colours = { page: '#f6f7fb', panel: '#ffffff', code: '#10131a' }

const missing = [chromiumPath, binPath].filter((f) => !existsSync(f))
const skip = missing.length ? `needs ${missing.join(' and ')} (make build, scripts/setup.sh)` : false

/**
 * Starts `edgeguard demo` on port 0 (the kernel picks a free one) and
 * resolves with its origin once it prints its address.
 */
function startDemo () {
  const child = spawnTracked(binPath, ['demo', '--addr', '127.0.0.1:0'], { cwd: repoDir, stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  const origin = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start in 60 s:\n${log}`)), 60_000)
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text) => {
      log += text
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the demo exited with ${code}:\n${log}`))
    })
    child.on('error', reject)
  })
  return { child, origin, log: () => log }
}

/** demo/static's files, except index.html (served with a nonce in it). */
function staticFiles (dir = staticDir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? staticFiles(join(dir, e.name)) : e.name === 'index.html' ? [] : [join(dir, e.name)])
}

/** What every panel shows, read from the page: for the assertions and their messages. */
function readPanels () {
  const status = document.getElementById('status')
  return {
    status: { text: status.textContent, ok: status.classList.contains('ok') },
    panels: [...document.querySelectorAll('main > section.panel')].map((s) => ({
      id: s.id.replace(/-panel$/, ''),
      verdicts: [...s.querySelectorAll('.verdict')].map((v) => {
        const [browser, server] = [...v.previousElementSibling.querySelectorAll('.result')].map((r) => ({
          out: r.querySelector('pre').textContent.slice(0, 300),
          meta: r.querySelector('.meta').textContent,
        }))
        return { verdict: v.dataset.verdict ?? 'pending', browser, server }
      }),
    })),
  }
}

describe('the demo page in headless Chromium', { skip }, () => {
  let demo
  let browser
  let page
  let origin
  const pageErrors = []
  const consoleErrors = []
  let settledMs

  before(async () => {
    demo = startDemo()
    origin = await demo.origin

    // The binary embeds demo/static: one built before the last edit would
    // test old panels. Say so rather than fail somewhere obscure.
    const stale = []
    for (const file of staticFiles()) {
      const rel = relative(staticDir, file)
      const served = Buffer.from(await (await fetch(`${origin}/${rel}`)).arrayBuffer())
      if (!served.equals(readFileSync(file))) stale.push(rel)
    }
    assert.deepEqual(stale, [], `${binPath} serves other versions of these demo/static files: rebuild it (make build)`)

    browser = await launchChromium()
    page = await browser.newPage({ viewport })
    page.on('pageerror', (err) => pageErrors.push(String(err)))
    page.on('console', (msg) => {
      // The sanitize preview's <img src="x"> is a 404 on purpose; any other
      // console error (a CSP refusal is one) fails the test.
      if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 404/.test(msg.text())) {
        consoleErrors.push(msg.text())
      }
    })
    // Installed before any of the page's scripts, and outside its CSP.
    await page.addInitScript(() => {
      window.__violations = []
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`)
      })
    })

    const t0 = performance.now()
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 20_000 })
    try {
      await page.waitForFunction((n) => {
        const sections = document.querySelectorAll('main > section.panel')
        const verdicts = document.querySelectorAll('main .verdict')
        return !document.getElementById('status').textContent.startsWith('loading') && sections.length >= n &&
          [...sections].every((s) => s.querySelector('.verdict')) && [...verdicts].every((v) => v.dataset.verdict)
      }, expectedPanels.length, { timeout: 30_000, polling: 100 })
    } catch (err) {
      const state = await page.evaluate(readPanels)
      assert.fail(`not every panel produced a result: ${err.message}\n${JSON.stringify(state, null, 1)}\nerrors: ${pageErrors.concat(consoleErrors).join('\n')}`)
    }
    settledMs = performance.now() - t0
  })

  after(async () => {
    await browser?.close()
    if (demo) killTree(demo.child)
  })

  test('every panel is there, and browser and server agree in each', async (t) => {
    const state = await page.evaluate(readPanels)
    assert.ok(state.status.ok, `the module did not load: ${state.status.text}`)
    assert.deepEqual(state.panels.map((p) => p.id), expectedPanels)
    const disagreeing = state.panels.flatMap((p) => p.verdicts.map((v, i) => ({ panel: p.id, check: i, ...v }))).filter((v) => v.verdict !== 'agree')
    assert.deepEqual(disagreeing, [], 'every browser/server comparison must agree')
    t.diagnostic(`${state.panels.reduce((n, p) => n + p.verdicts.length, 0)} comparisons in ${state.panels.length} panels agree, ${settledMs.toFixed(0)} ms after navigation`)
  })

  test('no uncaught error, no console error, no CSP violation', async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors')
    assert.deepEqual(consoleErrors, [], 'console errors')
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations seen by the page')
    const reports = await (await fetch(`${origin}/api/headers/csp-reports`)).json()
    assert.equal(reports.total, 0, `CSP violations reported to the server: ${JSON.stringify(reports.events)}`)
  })

  test('full-page screenshot: tests/out/demo.png', async (t) => {
    // The screenshot: the whole page, at the viewport's width.
    const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }))
    assert.equal(size.width, viewport.width, 'the page is wider than the viewport (something overflows)')
    const boxes = await page.evaluate(() => {
      const box = (node) => {
        const r = node.getBoundingClientRect()
        return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }
      }
      return { panels: [...document.querySelectorAll('main > section.panel')].map(box), code: [...document.querySelectorAll('main pre.code')].map(box) }
    })
    mkdirSync(outDir, { recursive: true })
    const png = await page.screenshot({ fullPage: true })
    writeFileSync(screenshotPath, png)
    const img = decodePng(png)
    assert.deepEqual({ width: img.width, height: img.height }, size, 'screenshot size')
    // Between the panels' left edge and the window's is the page's background;
    // just inside each panel's padding, the panel's; in each code block's top
    // padding, the code background.
    for (const p of boxes.panels) {
      assert.equal(pixelAt(img, p.x / 2, p.y + p.height / 2), colours.page, `page background left of the panel at y=${p.y}`)
      assert.equal(pixelAt(img, p.x + 8, p.y + p.height / 2), colours.panel, `panel background at y=${p.y}`)
    }
    const shown = boxes.code.filter((c) => c.width > 20 && c.height > 20)
    assert.ok(shown.length >= expectedPanels.length, `${shown.length} code blocks on the page`)
    for (const c of shown) assert.equal(pixelAt(img, c.x + c.width / 2, c.y + 4), colours.code, `code block at (${c.x}, ${c.y})`)
    const h = histogram(img)
    assert.ok(h.colours > 200 && h.topShare < 0.8, `the screenshot looks blank: ${h.colours} colours, the commonest covers ${(h.topShare * 100).toFixed(0)} %`)
    t.diagnostic(`screenshot ${img.width}×${img.height}, ${h.colours} colours, commonest ${(h.topShare * 100).toFixed(0)} %: ${relative(repoDir, screenshotPath)}`)
  })

  // The decode panel's two columns are the module's jwt_decode kind, in the
  // browser (eg.decodeJwt) and in the Go host: odd tokens must get the same
  // document or the same error, message included.
  test('JWT decode: the browser and server modules agree on odd tokens', async () => {
    const b64 = (text) => Buffer.from(text).toString('base64url')
    const claims = b64('{"sub":"user-42","name":"Zoë 😀"}')
    const tokens = [
      `${b64('{"alg":"none"}')}.${claims}.`,
      `${b64('{"alg":"none"}')}=.${claims}.`,
      `${b64('{"alg":"none"}').slice(0, 4)}\n${b64('{"alg":"none"}').slice(4)}.${claims}.`,
      `${b64('{"alg":"none"}')}.abcde.`,
      `${Buffer.from('{"a":"\xff"}', 'latin1').toString('base64url')}.${claims}.`,
      `${b64('["x"]')}.${claims}.`,
      `${b64('null')}.${claims}.`,
      `${b64('\ufeff{}')}.${claims}.`,
      `${b64('{"a":1,"a":2,"__proto__":{"x":1}}')}.${b64('{"big":1e400,"s":"\\ud800"}')}.sig`,
      `${b64('{"alg":"none"}')}.${b64('{"__proto__":{"x":1},"big":1e400,"n":1.50,"s":"<\\u2028>"}')}.`,
      `${b64('{"alg":"none"}')}.${b64('{"sub":"a","SUB":"b"}')}.`,
      `${b64('{"alg":"none","b64":false}')}.${claims}.`,
      `${b64('{"alg":"none"}')}.${claims}.!!`,
      `${b64('{"alg":"none"}')}.${b64(`{"a":"${'x'.repeat(16 << 10)}"}`)}.`,
      `${b64('{}')}.${b64('{} x')}.`,
      'a.b.c.d.e',
      'a.b',
      '',
    ]
    const outcomes = new Set()
    for (const token of tokens) {
      const result = await page.evaluate(async (text) => {
        const section = document.getElementById('jwt-decode-panel')
        const verdict = section.querySelector('.verdict')
        verdict.removeAttribute('data-verdict')
        const input = section.querySelector('textarea')
        input.value = text
        input.dispatchEvent(new Event('input'))
        while (!verdict.dataset.verdict) await new Promise((resolve) => setTimeout(resolve, 20))
        const [browserOut, serverOut] = [...section.querySelectorAll('.result pre')].map((pre) => pre.textContent)
        return { verdict: verdict.dataset.verdict, browserOut, serverOut }
      }, token)
      assert.equal(result.verdict, 'agree', `${JSON.stringify(token)}: ${JSON.stringify(result)}`)
      assert.equal(result.browserOut, result.serverOut, `${JSON.stringify(token).slice(0, 200)}: messages differ`)
      outcomes.add(result.browserOut.startsWith('error ') ? result.browserOut.split(':')[0] : 'decoded')
    }
    // The list exercises both outcomes and every decode error code.
    assert.deepEqual([...outcomes].sort(), ['decoded', 'error crit', 'error malformed', 'error too_large'])
  })

  // Last: it makes a violation on purpose.
  test('the violation listener is live: an injected inline handler is refused and seen', async () => {
    await page.evaluate(() => {
      const img = document.createElement('img')
      img.setAttribute('onerror', 'window.__ran = true')
      img.src = 'data:,'
      document.body.append(img)
    })
    await page.waitForFunction(() => window.__violations.length > 0, null, { timeout: 5_000 })
    assert.equal(await page.evaluate(() => window.__ran), undefined, 'the injected handler ran')
  })
})
