// Runs the package in Deno and Bun when their binaries are installed (the
// conformance suite in ../tests installs them); skips otherwise. It checks
// what Node cannot: that each runtime picks its own export condition, and
// that reading the module, WASI and trap recovery work there.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { EXPECTED } from './fixtures/exercise.js'

const installed = (rel) => {
  const p = fileURLToPath(new URL(`../../tests/node_modules/${rel}`, import.meta.url))
  return existsSync(p) ? p : null
}

const runtimes = [
  { name: 'deno', entry: 'entry-deno.js', bin: installed('@deno/linux-x64-glibc/deno'), args: ['eval', '--node-modules-dir=manual'] },
  { name: 'bun', entry: 'entry-bun.js', bin: installed('@oven/bun-linux-x64/bin/bun'), args: ['-e'] },
]

// A project directory where the bare specifier resolves to this package.
const project = mkdtempSync(join(tmpdir(), 'edgeguard-rt-'))
mkdirSync(join(project, 'node_modules'))
symlinkSync(fileURLToPath(new URL('..', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
after(() => rmSync(project, { recursive: true, force: true }))

const exerciseURL = new URL('fixtures/exercise.js', import.meta.url).href
const script = `
import { load, wasmURL } from 'edgeguard'
import { FAULT_OPTIONS, exercise } from '${exerciseURL}'
const out = await exercise(await load(undefined, FAULT_OPTIONS))
out.entry = import.meta.resolve('edgeguard').split('/').pop()
out.fetched = (await load(await fetch(wasmURL), { log() {} })).sanitize('<b>z</b>', 'strict')
console.log(JSON.stringify(out))
`

for (const rt of runtimes) {
  test(`${rt.name}: picks its condition and works`, { skip: rt.bin ? false : `${rt.name} is not installed in ../tests/node_modules` }, () => {
    const out = JSON.parse(execFileSync(rt.bin, [...rt.args, script], { cwd: project, encoding: 'utf8', timeout: 60_000 }).trim().split('\n').pop())
    assert.deepEqual(out, { ...EXPECTED, neededReady: false, entry: rt.entry, fetched: 'z' })
  })
}

// The declarations, checked by Deno's bundled TypeScript (the package has no
// TypeScript dependency). @ts-expect-error lines must fail to type-check.
const typesFixture = `
import { load, EdgeguardError, ERROR_CODES, type Edgeguard, type Handle, type Sanitizer } from 'edgeguard'
import { createEdgeguard } from 'edgeguard/core'
const eg: Edgeguard = await load(undefined, { lazy: true, env: { A: 'b' }, log: (fd, line) => void [fd, line], maxMemoryBytes: 1 << 28 })
const s: string = eg.sanitize('<b>x</b>', 'strict') + eg.sanitize(new Uint8Array(1), { preset: 'ugc' })
const h: Handle = eg.open('sanitize', { preset: 'ugc' })
const raw: { json: boolean, text: string } = eg.callRaw(h, 'sanitize', new Uint8Array(1))
const san: Sanitizer = eg.sanitizer()
const v: number = eg.version.abi
const n: number = eg.stats.instantiations
try { eg.call(0, 'echo', 'x') } catch (e) { if (e instanceof EdgeguardError) { const c: string = e.code; void c } }
const core: Edgeguard = await createEdgeguard(await WebAssembly.compile(new Uint8Array()), {})
void [s, raw, san, v, n, core, ERROR_CODES.length]
// @ts-expect-error a policy is a string or an object
eg.sanitize('x', 5)
// @ts-expect-error input is a string or a Uint8Array
eg.call(0, 'echo', 5)
// @ts-expect-error unknown option
await load(undefined, { lazyy: true })
`

const deno = runtimes[0]
test('deno check: the type declarations', { skip: deno.bin ? false : 'deno is not installed in ../tests/node_modules' }, () => {
  writeFileSync(join(project, 'types.ts'), typesFixture)
  execFileSync(deno.bin, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], { cwd: project, encoding: 'utf8', timeout: 60_000 })
})
