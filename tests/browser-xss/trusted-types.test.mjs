// eg.sanitizer(policy, {trustedTypes}) in real Chromium, on a page that
// enforces Trusted Types: the sanitizer's output is TrustedHTML that
// innerHTML accepts, while plain strings are refused.
//
//   node --test tests/browser-xss/

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { chromiumPath, launchChromium, pageDir, startServer, stopServer, wasmPath } from './browser.mjs'

const missing = [chromiumPath, wasmPath].filter((f) => !existsSync(f))
const skip = missing.length ? `needs ${missing.join(' and ')}` : false

const csp = { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types edgeguard" }

test('sanitizer with trustedTypes returns TrustedHTML under an enforcing CSP, in Chromium', { skip, timeout: 120_000 }, async () => {
  const { server, origin } = await startServer({
    '/': { text: '<!doctype html><meta charset="utf-8"><title>tt</title><script type="module" src="/tt.mjs"></script>', type: '.html', headers: csp },
    '/tt.mjs': { file: join(pageDir, 'trusted-types.mjs'), headers: csp },
  })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (err) => errors.push(String(err)))
    await page.goto(`${origin}/`, { waitUntil: 'load' })
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 60_000 })
    const got = await page.evaluate((html) => window.__check(html), '<b onclick="x()">é</b><img src=x onerror=alert(1)><script>1</script>')
    assert.deepEqual(errors, [])
    assert.deepEqual(got, {
      isTrustedHTML: true,
      text: '<b>é</b><img src="x">',
      inserted: '<b>é</b><img src="x">',
      fromBytes: '<b>é</b><img src="x">',
      plainString: 'TypeError', // the page's own enforcement, proving it is on
      duplicate: 'bad_config', // "trusted-types edgeguard" allows one policy of that name
      otherName: 'bad_config', // and no other name
    })
  } finally {
    await browser.close()
    await stopServer(server)
  }
})
