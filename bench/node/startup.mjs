// One cold start of edgeguard in this Node process, printed as JSON
// (milliseconds). bench/run.sh runs it in several fresh processes: within
// one process V8 would reuse what it compiled.
//
//   node bench/node/startup.mjs [fixture.html]

import { readFile } from 'node:fs/promises'
import { createEdgeguard } from '../../js/src/core.js'
import { wasmURL } from '../../js/src/entry-node.js'

const fixture = process.argv[2] ?? new URL('../testdata/comment-1k.html', import.meta.url)
const html = await readFile(fixture, 'utf8')

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
async function timed(f) {
  const t0 = process.hrtime.bigint()
  const value = await f()
  return [ms(t0), value]
}

const [readMs, bytes] = await timed(() => readFile(wasmURL))
// V8 compiles wasm lazily (Liftoff on first call of each function), so most
// of the code generation cost moves into _initialize and the first call.
const [compileMs, module] = await timed(() => WebAssembly.compile(bytes))
const [initMs, eg] = await timed(() => createEdgeguard(module)) // instantiate + _initialize
const [firstCallMs] = await timed(() => eg.sanitize(html, 'ugc')) // opens the policy, lazy compiles
const [secondCallMs, out] = await timed(() => eg.sanitize(html, 'ugc'))
const [firstEchoMs] = await timed(() => eg.call(0, 'echo', ''))

console.log(JSON.stringify({
  node: process.version,
  read_ms: readMs,
  compile_ms: compileMs,
  init_ms: initMs,
  first_call_ms: firstCallMs,
  second_call_ms: secondCallMs,
  first_echo_ms: firstEchoMs,
  output_bytes: Buffer.byteLength(out),
}))
