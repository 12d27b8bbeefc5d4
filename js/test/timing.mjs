// Informational start-up and steady-state numbers for Node (not a test):
//   node test/timing.mjs
// `node --test test/` also picks this file up; it then does nothing.

import { readFile } from 'node:fs/promises'
import process from 'node:process'
import { createEdgeguard } from '../src/core.js'

if (process.env.NODE_TEST_CONTEXT) {
  console.log('timing.mjs: informational, skipped under node --test')
} else {
  await main()
}

async function main() {
  const ms = (t0) => (performance.now() - t0).toFixed(1)
  const bytes = await readFile(new URL('../dist/edgeguard.wasm', import.meta.url))

  let t = performance.now()
  const module = await WebAssembly.compile(bytes)
  console.log(`compile                      ${ms(t)} ms  (${(bytes.length / 1e6).toFixed(2)} MB)`)

  t = performance.now()
  const eg = await createEdgeguard(module)
  console.log(`instantiate + _initialize    ${ms(t)} ms`)

  // A ~1 KB user comment with the usual mix of allowed and forbidden markup.
  const comment = ('<p>Nice post! See <a href="https://example.com/a?b=1&c=2" onclick="steal()">this</a>, ' +
    '<b>really</b> <i>useful</i>.</p><script>alert(1)</script><img src="x.png" onerror="alert(2)"> ' +
    '<ul><li>one</li><li>two 😀</li></ul><blockquote>quote &amp; more</blockquote>').repeat(4)

  t = performance.now()
  eg.sanitize(comment)
  console.log(`first sanitize (ugc)         ${ms(t)} ms  (${new TextEncoder().encode(comment).length} B)`)

  const steady = (label, fn, n) => {
    for (let i = 0; i < Math.min(n, 200); i++) fn()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) fn()
    console.log(`${label.padEnd(29)}${((performance.now() - t0) / n * 1000).toFixed(1)} µs/op  (${n} ops)`)
  }
  steady('steady sanitize (ugc)', () => eg.sanitize(comment), 2000)
  steady('trivial call (echo "x")', () => eg.call(0, 'echo', 'x'), 20000)

  t = performance.now()
  const second = await createEdgeguard(module)
  console.log(`2nd instance (inst + init)   ${ms(t)} ms`)
  second.close()
  eg.close()
}
