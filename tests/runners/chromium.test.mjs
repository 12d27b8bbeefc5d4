// Integration test of the Chromium driver: needs /usr/bin/chromium (scripts/
// setup.sh) and a built js/dist/edgeguard.wasm (make build); skips without.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { chromiumPath, contentSecurityPolicy, runInChromium } from './chromium.mjs'
import { packageDir } from './pkg.mjs'

const missing = [chromiumPath, join(packageDir, 'dist', 'edgeguard.wasm')].filter((f) => !existsSync(f))
const skip = missing.length ? `needs ${missing.join(' and ')}` : false

const files = [{
  file: 'inline.json',
  vectors: [
    { name: 'echo', kind: '', op: 'echo', input: 'héllo', output: 'héllo' },
    { name: 'bytes', kind: '', op: 'echo', input_b64: 'Yf9i', error: 'invalid_utf8' },
  ],
}]

describe('runInChromium', { skip, timeout: 120_000 }, () => {
  it('runs vectors under the strict CSP', async () => {
    const records = await runInChromium(files, () => {})
    assert.equal(records.length, 2)
    assert.deepEqual(records[0], { name: 'echo', output: 'héllo' })
    assert.equal(records[1].error.code, 'invalid_utf8')
  })
  it('fails when the CSP does not allow WebAssembly compilation', async () => {
    const csp = contentSecurityPolicy.replace(" 'wasm-unsafe-eval'", '')
    assert.notEqual(csp, contentSecurityPolicy)
    await assert.rejects(runInChromium(files, () => {}, { csp }), /Content Security Policy|CSP violations/)
  })
})
