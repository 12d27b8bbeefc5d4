import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { EdgeguardError, load } from '../src/entry-node.js'
import { collectLog, wasmBytes, wasmModule, withMemoryMax } from './helpers.js'

const faults = { EDGEGUARD_FAULTS: '1' }

function isCode(...codes) {
  return (e) => {
    assert.ok(e instanceof EdgeguardError, `not an EdgeguardError: ${e}`)
    assert.ok(codes.includes(e.code), `code ${e.code}, want ${codes}: ${e.message}`)
    return true
  }
}

describe('faults (EDGEGUARD_FAULTS=1)', () => {
  test('the fault op exists only when options.env asks for it', async () => {
    const plain = await load(wasmModule)
    assert.throws(() => plain.call(0, 'fault', 'panic'), isCode('unknown_op'))
    plain.close()
  })

  test('a panic is internal and the instance stays', async () => {
    const eg = await load(wasmModule, { env: faults })
    assert.throws(() => eg.call(0, 'fault', 'panic'), isCode('internal'))
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    assert.equal(eg.stats.instantiations, 1, 'not replaced')
    assert.throws(() => eg.call(0, 'fault', 'nope'), isCode('bad_request'))
    eg.close()
  })

  test('a trap (deadlock) is trap; the next call works and handles are reopened', async () => {
    const { lines, log } = collectLog()
    const eg = await load(wasmModule, { env: faults, log })
    const strict = eg.sanitizer('strict')
    const h = eg.open('sanitize', 'ugc')
    assert.equal(strict.sanitize('<b>x</b>'), 'x')
    assert.throws(() => eg.call(0, 'fault', 'deadlock'), (e) => isCode('trap')(e) && /deadlock/.test(e.message))
    assert.ok(lines.some(([fd, l]) => fd === 2 && l.includes('all goroutines are asleep')), "Go's report reached the log")
    assert.equal(eg.call(0, 'echo', 'after'), 'after')
    assert.equal(eg.stats.instantiations, 2)
    assert.equal(strict.sanitize('<b>x</b>'), 'x', 'sanitizer opened before the trap')
    assert.equal(eg.call(h, 'sanitize', '<b>x</b>'), '<b>x</b>', 'handle opened before the trap')
    assert.equal(eg.sanitize('<i>y</i>', 'strict'), 'y')
    h.close()
    assert.throws(() => eg.call(h, 'sanitize', 'x'), isCode('bad_handle'))
    eg.close()
  })

  test('out of memory traps and recovers', async () => {
    // A 64 MiB memory maximum makes the guest fail in well under a second
    // instead of after filling 4 GiB; the host path is the same.
    const { lines, log } = collectLog()
    const eg = await load(withMemoryMax(wasmBytes, 1024), { env: faults, log })
    const s = eg.sanitizer('ugc')
    assert.throws(() => eg.call(0, 'fault', 'oom'), isCode('out_of_memory', 'trap'))
    assert.ok(lines.some(([, l]) => l.includes('out of memory')))
    assert.equal(s.sanitize('<b>x</b><script>y</script>'), '<b>x</b>')
    eg.close()
  })

  test('a log sink calling back into the engine cannot re-enter the module', async () => {
    const codes = new Set()
    let eg
    const log = () => {
      try {
        eg.sanitize('x')
      } catch (e) {
        codes.add(e.code)
      }
    }
    eg = await load(wasmModule, { env: faults, log })
    assert.throws(() => eg.call(0, 'fault', 'deadlock'), isCode('trap'))
    assert.deepEqual([...codes], ['bad_request'])
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    eg.close()
  })
})

describe('instance life cycle', () => {
  test('lazy: nothing is instantiated until the first call', async () => {
    const eg = await load(wasmModule, { lazy: true })
    assert.equal(eg.stats.instantiations, 0)
    const bad = eg.open('sanitize', 'nope') // cannot be checked without an instance
    const good = eg.sanitizer('strict')
    assert.equal(eg.stats.instantiations, 0)
    assert.equal(good.sanitize('<b>x</b>'), 'x')
    assert.equal(eg.stats.instantiations, 1)
    assert.throws(() => eg.call(bad, 'sanitize', 'x'), isCode('bad_config'))
    assert.throws(() => eg.open('sanitize', 'nope'), isCode('bad_config'), 'live instance: checked at open')
    eg.close()
  })

  test('an instance whose memory passes maxMemoryBytes is recycled after the call', async () => {
    const eg = await load(wasmModule, { maxMemoryBytes: 1 })
    const s = eg.sanitizer('strict')
    assert.equal(s.sanitize('<b>x</b>'), 'x')
    assert.equal(s.sanitize('<b>y</b>'), 'y')
    assert.equal(eg.stats.instantiations, 3, 'load, then one per call')
    eg.close()

    const roomy = await load(wasmModule)
    roomy.sanitize('<b>x</b>')
    roomy.sanitize('<b>x</b>')
    assert.equal(roomy.stats.instantiations, 1)
    assert.ok(roomy.stats.memoryBytes > 0 && roomy.stats.memoryBytes < 256 << 20)
    roomy.close()
  })

  test('where synchronous instantiation is refused, calls are unavailable until ready()', async (t) => {
    // What Chromium's main thread does with a module over 8 MB.
    const real = WebAssembly.Instance
    t.after(() => {
      WebAssembly.Instance = real
    })
    WebAssembly.Instance = function Instance() {
      throw new RangeError('WebAssembly.Instance is disallowed on the main thread')
    }
    const eg = await load(wasmModule, { env: faults, lazy: true, log() {} })
    assert.throws(() => eg.sanitize('<b>x</b>'), (e) => isCode('unavailable')(e) && /ready\(\)/.test(e.message))
    await eg.ready()
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    // After a trap the replacement can only be created asynchronously.
    assert.throws(() => eg.call(0, 'fault', 'deadlock'), isCode('trap'))
    assert.throws(() => eg.sanitize('<b>x</b>', 'strict'), isCode('unavailable'))
    await eg.ready()
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    assert.equal(eg.stats.instantiations, 2)
    eg.close()
  })

  test('after a trap, an eager engine prepares the replacement in the background', async () => {
    const eg = await load(wasmModule, { env: faults, log() {} })
    assert.throws(() => eg.call(0, 'fault', 'deadlock'), isCode('trap'))
    assert.equal(eg.stats.instantiations, 1)
    for (let i = 0; i < 500 && eg.stats.instantiations === 1; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    assert.equal(eg.stats.instantiations, 2, 'replaced without a call')
    assert.equal(eg.sanitize('<b>x</b>', 'strict'), 'x')
    assert.equal(eg.stats.instantiations, 2, 'the call used the prepared instance')
    eg.close()
  })

  test('a lazy engine does not instantiate in the background', async () => {
    const eg = await load(wasmModule, { env: faults, lazy: true, log() {} })
    assert.throws(() => eg.call(0, 'fault', 'deadlock'), isCode('trap'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(eg.stats.instantiations, 1)
    eg.close()
  })

  test('ready() is idempotent and shares one instantiation', async () => {
    const eg = await load(wasmModule, { lazy: true })
    await Promise.all([eg.ready(), eg.ready()])
    await eg.ready()
    assert.equal(eg.stats.instantiations, 1)
    eg.close()
  })
})

test('handles dropped without close() are released when collected', () => {
  // A child process, for --expose-gc. 4200 unclosed handles pass the
  // module's 4096 limit unless collection releases them.
  const script = `
    import { load } from ${JSON.stringify(new URL('../src/entry-node.js', import.meta.url).href)}
    const eg = await load()
    for (let batch = 0; batch < 6; batch++) {
      for (let i = 0; i < 700; i++) eg.open('sanitize', 'strict')
      globalThis.gc()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const kept = eg.open('sanitize', 'strict')
    console.log(eg.call(kept, 'sanitize', '<b>ok</b>'))
  `
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })
  assert.equal(out.trim(), 'ok')
})
