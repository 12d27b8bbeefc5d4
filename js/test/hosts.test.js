// Runs the package in Cloudflare workerd and headless Chromium when they are
// installed (the conformance suite in ../tests installs workerd and
// playwright-core; Chromium is the Debian package); skips otherwise. These
// are the two hosts with rules Node cannot show: workerd forbids random
// numbers at global scope and compiling wasm from bytes, and a browser main
// thread may refuse synchronous instantiation.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, relative } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { EXPECTED } from './fixtures/exercise.js'

const pkgDir = fileURLToPath(new URL('..', import.meta.url))
const testsModules = fileURLToPath(new URL('../../tests/node_modules/', import.meta.url))
const workerdBin = join(testsModules, '@cloudflare/workerd-linux-64/bin/workerd')
const playwright = join(testsModules, 'playwright-core/index.mjs')
const chromiumBin = '/usr/bin/chromium'

const scratch = mkdtempSync(join(tmpdir(), 'edgeguard-hosts-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

// The worker: load() at global scope, where workerd forbids random numbers,
// so it must not instantiate; the first request does.
const worker = `
import { load } from './src/entry-workerd.js'
import { FAULT_OPTIONS, exercise } from './test/fixtures/exercise.js'
const eg = await load(undefined, FAULT_OPTIONS)
const atGlobalScope = eg.stats.instantiations
let eagerAtGlobalScope = 'ok'
try { await load(undefined, { ...FAULT_OPTIONS, lazy: false }) } catch (e) { eagerAtGlobalScope = e.code }
export default {
  async fetch() {
    const out = await exercise(eg)
    Object.assign(out, { atGlobalScope, eagerAtGlobalScope })
    try { await load(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) } catch (e) { out.fromBytes = e.code }
    return Response.json(out)
  },
}
`

/** A capnp embed of a file: paths are relative to the config file. */
const embed = (file) => `embed ${JSON.stringify(relative(scratch, file))}`

function workerdConfig() {
  writeFileSync(join(scratch, 'worker.js'), worker)
  const modules = [
    '(name = "worker.js", esModule = embed "worker.js")',
    ...readdirSync(join(pkgDir, 'src')).filter((f) => f.endsWith('.js')).map((f) =>
      `(name = "src/${f}", esModule = ${embed(join(pkgDir, 'src', f))})`),
    `(name = "test/fixtures/exercise.js", esModule = ${embed(join(pkgDir, 'test/fixtures/exercise.js'))})`,
    `(name = "dist/edgeguard.wasm", wasm = ${embed(join(pkgDir, 'dist/edgeguard.wasm'))})`,
  ]
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const w :Workerd.Worker = (modules = [${modules.join(', ')}], compatibilityDate = "2026-11-17");
`
  const path = join(scratch, 'config.capnp')
  writeFileSync(path, config)
  return path
}

test('workerd: lazy at global scope, precompiled module only, trap recovery', {
  skip: existsSync(workerdBin) ? false : 'workerd is not installed in ../tests/node_modules',
  timeout: 60_000,
}, async (t) => {
  // --control-fd=3: workerd reports the port it bound, so no port is guessed.
  const child = spawn(workerdBin, ['serve', workerdConfig(), '--control-fd=3'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
  t.after(() => child.kill())
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  const port = await new Promise((resolve, reject) => {
    let control = ''
    child.stdio[3].on('data', (d) => {
      control += d
      const m = /"event":"listen"[^}]*"port":(\d+)/.exec(control)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`workerd exited (${code}): ${stderr}`)))
  })
  const res = await fetch(`http://127.0.0.1:${port}/`)
  const out = await res.json()
  assert.deepEqual(out, { ...EXPECTED, neededReady: false, atGlobalScope: 0, eagerAtGlobalScope: 'unavailable', fromBytes: 'unavailable' })
})

const mime = { '.js': 'text/javascript', '.wasm': 'application/wasm' }
const page = `<!doctype html><script type="module">
import { load } from '/src/entry-browser.js'
import { FAULT_OPTIONS, exercise } from '/test/fixtures/exercise.js'
try {
  const out = await exercise(await load(undefined, FAULT_OPTIONS))
  // The first call of a lazy engine instantiates synchronously, which the
  // main thread refuses for big modules.
  const lazy = await load(undefined, { lazy: true })
  try {
    out.lazyFirstCall = lazy.sanitize('<b>l</b>', 'strict')
  } catch (e) {
    out.lazyFirstCall = e.code
  }
  window.RESULT = out
} catch (e) {
  window.RESULT = { error: String(e) }
}
</script>`

test('Chromium: fetch + compileStreaming, synchronous re-instantiation on the main thread', {
  skip: existsSync(playwright) && existsSync(chromiumBin) ? false : 'playwright-core (../tests/node_modules) or /usr/bin/chromium is missing',
  timeout: 90_000,
}, async (t) => {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page)
    const file = join(pkgDir, path)
    if (!file.startsWith(pkgDir) || !mime[extname(file)] || !existsSync(file)) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': mime[extname(file)] }).end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  const { chromium } = await import(pathToFileURL(playwright).href)
  const browser = await chromium.launch({
    executablePath: chromiumBin,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.after(() => browser.close())
  const tab = await browser.newPage()
  await tab.goto(`http://127.0.0.1:${server.address().port}/`)
  await tab.waitForFunction(() => window.RESULT, null, { timeout: 60_000 })
  // Chromium refuses synchronous instantiation on the main thread for
  // modules over 8 MB ("WebAssembly.Instance is disallowed on the main
  // thread, if the buffer size is larger than 8MB").
  const big = statSync(join(pkgDir, 'dist/edgeguard.wasm')).size > 8 << 20
  // An eager engine re-creates a trapped instance in the background, but the
  // call right after the trap comes first.
  assert.deepEqual(await tab.evaluate(() => window.RESULT), { ...EXPECTED, neededReady: big, lazyFirstCall: big ? 'unavailable' : 'l' })
})
