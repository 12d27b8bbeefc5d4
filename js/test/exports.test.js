// Every runtime entry exports the same API: the whole of core.js plus
// `load` (and `wasmURL` where the module is a file). A class reachable only
// from 'edgeguard/core' would type-check (index.d.ts re-exports core.d.ts)
// and then fail at run time.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

const core = await import('../src/core.js')

test('node, deno, bun and browser entries export all of core plus load and wasmURL', async () => {
  const want = [...Object.keys(core), 'load', 'wasmURL'].sort()
  for (const entry of ['entry-node', 'entry-deno', 'entry-bun', 'entry-browser']) {
    const mod = await import(`../src/${entry}.js`)
    assert.deepEqual(Object.keys(mod).sort(), want, entry)
    for (const name of Object.keys(core)) assert.equal(mod[name], core[name], `${entry}.${name} is core's`)
  }
})

test('the workerd entry re-exports all of core (it cannot be imported in Node: it imports the .wasm)', () => {
  const src = readFileSync(new URL('../src/entry-workerd.js', import.meta.url), 'utf8')
  assert.match(src, /^export \* from '\.\/core\.js'$/m)
  assert.match(src, /^export const load = /m)
})
