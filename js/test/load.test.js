import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { relative } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { load as loadBrowser } from '../src/entry-browser.js'
import { EdgeguardError, load, wasmURL } from '../src/entry-node.js'
import { fakeModuleBytes, wasmBytes, wasmModule } from './helpers.js'

const quiet = { log() {} }

/** Loads from source and proves the engine works. */
async function works(source, loader = load) {
  const eg = await loader(source, quiet)
  try {
    assert.equal(eg.sanitize('<b>x</b><script>y</script>'), '<b>x</b>')
    assert.equal(eg.version.abi, 1)
  } finally {
    eg.close()
  }
}

async function failsWith(source, code, loader = load) {
  await assert.rejects(loader(source, quiet), (e) => {
    assert.ok(e instanceof EdgeguardError, `not an EdgeguardError: ${e}`)
    assert.equal(e.code, code, e.message)
    return true
  })
}

describe('load(source) in Node', () => {
  test('default: dist/edgeguard.wasm beside the package', () => works(undefined))
  test('WebAssembly.Module', () => works(wasmModule))
  test('Promise of a Module', () => works(Promise.resolve(wasmModule)))
  test('Buffer', () => works(wasmBytes))
  test('Uint8Array', () => works(new Uint8Array(wasmBytes)))
  test('ArrayBuffer', () => works(wasmBytes.buffer.slice(wasmBytes.byteOffset, wasmBytes.byteOffset + wasmBytes.length)))
  test('DataView', () => works(new DataView(wasmBytes.buffer, wasmBytes.byteOffset, wasmBytes.length)))
  test('file: URL', () => works(wasmURL))
  test('file: URL string', () => works(wasmURL.href))
  test('path relative to the working directory', () => works(relative(process.cwd(), fileURLToPath(wasmURL))))
  test('Response with application/wasm (streaming compile)', () =>
    works(new Response(wasmBytes, { headers: { 'content-type': 'application/wasm' } })))
  test('Response with a wrong MIME type (falls back to bytes)', () =>
    works(new Response(wasmBytes, { headers: { 'content-type': 'application/octet-stream' } })))

  test('what cannot be a module is refused with a clear code', async () => {
    await failsWith(42, 'bad_request')
    await failsWith({}, 'bad_request')
    await failsWith(new URL('file:///nonexistent/edgeguard.wasm'), 'unavailable')
    await failsWith(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9]), 'unavailable')
    await failsWith(Promise.reject(new Error('network down')), 'unavailable')
    await failsWith(new Response('nope', { status: 404 }), 'unavailable')
  })

  test('a module for another ABI version, or not an edgeguard module, is unavailable', async () => {
    await failsWith(fakeModuleBytes(2), 'unavailable')
    await assert.rejects(load(fakeModuleBytes(2), quiet), /ABI version 2/)
    await failsWith(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 'unavailable')
    await assert.rejects(load(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), quiet), /missing exports/)
  })

  test('the fake ABI module is refused in lazy mode too, at the first call', async () => {
    const eg = await load(fakeModuleBytes(2), { ...quiet, lazy: true })
    assert.throws(() => eg.sanitize('x'), (e) => e.code === 'unavailable')
  })
})

describe('browser entry (fetch) against a local server', () => {
  let server
  let base
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok.wasm') res.writeHead(200, { 'content-type': 'application/wasm' })
      else if (req.url === '/octet.wasm') res.writeHead(200, { 'content-type': 'application/octet-stream' })
      else return res.writeHead(404).end()
      res.end(wasmBytes)
    })
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${server.address().port}/`
  })
  after(() => server.close())

  test('application/wasm: compileStreaming', () => works(new URL('ok.wasm', base), loadBrowser))
  test('wrong MIME type: arrayBuffer fallback', () => works(`${base}octet.wasm`, loadBrowser))
  test('Node entry fetches http URLs too', () => works(`${base}ok.wasm`))
  test('HTTP 404 is unavailable', () => failsWith(`${base}missing.wasm`, 'unavailable', loadBrowser))
})

describe('package.json exports', () => {
  // Resolve the bare name under each runtime's conditions, as Node applies
  // them: Deno and Bun also match "node", so their keys must come first.
  const resolveWith = (...conditions) =>
    execFileSync(process.execPath, [...conditions.flatMap((c) => ['-C', c]), '--input-type=module', '-e',
      "console.log(import.meta.resolve('edgeguard'), import.meta.resolve('edgeguard/core'), import.meta.resolve('edgeguard/dist/edgeguard.wasm'))"],
    { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8' }).trim().split(' ')

  for (const [conditions, entry] of [[[], 'entry-node.js'], [['deno'], 'entry-deno.js'], [['bun'], 'entry-bun.js'], [['workerd'], 'entry-workerd.js']]) {
    test(`conditions [${conditions}] select ${entry}`, () => {
      const [main, core, wasm] = resolveWith(...conditions)
      assert.ok(main.endsWith(`/src/${entry}`), main)
      assert.ok(core.endsWith('/src/core.js'), core)
      assert.equal(wasm, wasmURL.href)
    })
  }

  test('the bare specifier loads and works in Node', async () => {
    const mod = await import('edgeguard')
    assert.equal(mod.load, load)
    const { createEdgeguard } = await import('edgeguard/core')
    const eg = await createEdgeguard(wasmModule, quiet)
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    eg.close()
  })
})
