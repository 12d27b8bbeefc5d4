import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { binaryPath } from './bin.mjs'

const root = mkdtempSync(join(tmpdir(), 'eg-bin-'))
after(() => rmSync(root, { recursive: true, force: true }))

// Fake binaries: a 2 MiB file starting with the ELF magic passes the checks;
// the others reproduce what a half-finished install leaves behind.
const elf = () => Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(2 << 20)])
const script = () => Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.alloc(2 << 20)])
const tiny = () => Buffer.from('\x7fELF')

let n = 0
// Lays out node_modules: {'pkg/rel': [contents, mode]}.
function install (layout) {
  const dir = join(root, String(n++))
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), '{}')
  for (const [path, [data, mode]] of Object.entries(layout)) {
    const pkg = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]
    const pkgDir = join(dir, 'node_modules', pkg)
    mkdirSync(pkgDir, { recursive: true })
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: pkg }))
    const file = join(dir, 'node_modules', path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, data, { mode })
  }
  return dir
}

describe('binaryPath', () => {
  const cases = [
    {
      name: 'platform package binary',
      runtime: 'bun',
      layout: { '@oven/bun-linux-x64/bin/bun': [elf(), 0o755], 'bun/bin/bun.exe': [elf(), 0o755] },
      want: '@oven/bun-linux-x64/bin/bun',
    },
    {
      name: 'falls back to the copy a postinstall made',
      runtime: 'bun',
      layout: { 'bun/bin/bun.exe': [elf(), 0o755] },
      want: 'bun/bin/bun.exe',
    },
    {
      name: 'skips a placeholder script in the platform package',
      runtime: 'workerd',
      layout: { '@cloudflare/workerd-linux-64/bin/workerd': [script(), 0o755], 'workerd/bin/workerd': [elf(), 0o755] },
      want: 'workerd/bin/workerd',
    },
    {
      name: 'deno platform package',
      runtime: 'deno',
      layout: { '@deno/linux-x64-glibc/deno': [elf(), 0o755] },
      want: '@deno/linux-x64-glibc/deno',
    },
    {
      name: 'not executable, too small or missing: a clear error',
      runtime: 'deno',
      layout: { '@deno/linux-x64-glibc/deno': [elf(), 0o644], 'deno/deno': [tiny(), 0o755] },
      error: /deno: no usable binary for linux-x64; run scripts\/setup\.sh\. Tried: .*deno \(not executable\); .*deno \(only 4 bytes/,
    },
    {
      name: 'nothing installed',
      runtime: 'workerd',
      layout: {},
      error: /@cloudflare\/workerd-linux-64 \(not installed\); workerd \(not installed\)/,
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const from = install(c.layout)
      const got = () => binaryPath(c.runtime, { from, platform: 'linux-x64' })
      if (c.error) assert.throws(got, c.error)
      else assert.equal(got(), join(from, 'node_modules', c.want))
    })
  }
  it('rejects an unknown runtime', () => {
    assert.throws(() => binaryPath('python'), /unknown runtime "python"/)
  })
})
