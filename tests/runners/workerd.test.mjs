// Tests of the workerd driver: the generated configuration always, and a
// real run when the workerd binary and a built module are present.

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { binaryPath } from './bin.mjs'
import { outDir } from './files.mjs'
import { entryFor, packageDir } from './pkg.mjs'
import { capnpConfig, runInWorkerd } from './workerd.mjs'

function workerdMissing () {
  try {
    binaryPath('workerd')
  } catch (err) {
    return err.message
  }
  const wasm = join(packageDir, 'dist', 'edgeguard.wasm')
  return existsSync(wasm) ? false : `needs ${wasm} (make build)`
}

describe('capnpConfig', () => {
  const config = capnpConfig(join(outDir, 'workerd'), entryFor(['workerd', 'worker', 'import']))
  it('lists the worker first, at the root', () => {
    assert.match(config, /modules = \[\n {4}\(name = "workerd-worker\.mjs", esModule = embed "\.\.\/\.\.\/runners\/workerd-worker\.mjs"\)/)
  })
  it('embeds the wasm as a wasm module under its package path', () => {
    assert.match(config, /\(name = "js\/dist\/edgeguard\.wasm", wasm = embed "\.\.\/\.\.\/\.\.\/js\/dist\/edgeguard\.wasm"\)/)
  })
  it('names a re-export of the workerd entry "edgeguard"', () => {
    assert.match(config, /\(name = "edgeguard", esModule = "export \* from \\"\.\/js\/src\/[\w-]+\.js\\""\)/)
  })
  it('binds only the loopback interface, on a port the OS picks', () => {
    assert.match(config, /address = "127\.0\.0\.1:0"/)
  })
})

describe('runInWorkerd', { skip: workerdMissing(), timeout: 60_000 }, () => {
  it('runs vectors inside the worker', async () => {
    // Runners never read the expectations; the assertions below check.
    const files = [{
      file: 'inline.json',
      vectors: [
        { name: 'version', kind: '', op: 'version', input: '' },
        { name: 'sanitize', kind: 'sanitize', config: 'strict', op: 'sanitize', input: '<b>x</b>' },
        { name: 'bad', kind: 'sanitize', config: { bogus: 1 }, op: 'sanitize', input: '' },
      ],
    }]
    const records = await runInWorkerd(files, () => {})
    assert.equal(records.length, 3)
    assert.match(records[0].output, /^\{"abi":1,"version":"[^"]+"\}$/)
    assert.deepEqual(records[1], { name: 'sanitize', output: 'x' })
    assert.equal(records[2].error.code, 'bad_config')
  })
})
