import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { WasiExit, createWasi, encodeEnv, monotonicClock } from '../src/wasi.js'
import { wasmModule } from './helpers.js'

const EBADF = 8
const ENOSYS = 52

// A WASI instance bound to a fresh one-page memory, as a module would see it.
function harness(options) {
  const wasi = createWasi(options)
  const memory = new WebAssembly.Memory({ initial: 4 })
  wasi.bind(memory)
  const fns = wasi.importsFor(wasmModule).wasi_snapshot_preview1
  const view = () => new DataView(memory.buffer)
  return { wasi, fns, memory, view }
}

describe('monotonic clock', () => {
  test('never reads 0, even when the platform timer does (workerd global scope)', () => {
    const clock = monotonicClock(() => 0)
    assert.ok(clock() > 0n)
  })

  test('never decreases', () => {
    const readings = [0, 5, 3, 3, 7.5, Number.NaN, 1]
    let i = 0
    const clock = monotonicClock(() => readings[i++])
    const out = readings.map(() => clock())
    for (let k = 1; k < out.length; k++) assert.ok(out[k] >= out[k - 1], `reading ${k}: ${out[k]} < ${out[k - 1]}`)
    assert.equal(out[4] - out[0], 7_500_000n) // milliseconds became nanoseconds
  })

  test('clock_time_get writes both clocks in nanoseconds', () => {
    const { fns, view } = harness()
    assert.equal(fns.clock_time_get(0, 0n, 8), 0)
    const wall = view().getBigUint64(8, true)
    assert.ok(wall - BigInt(Date.now()) * 1_000_000n < 1_000_000_000n && wall > 1_600_000_000n * 1_000_000_000n)
    assert.equal(fns.clock_time_get(1, 0n, 16), 0)
    const mono = view().getBigUint64(16, true)
    assert.ok(mono > 0n)
    fns.clock_time_get(1, 0n, 16)
    assert.ok(view().getBigUint64(16, true) >= mono)
    assert.equal(fns.clock_time_get(2, 0n, 16), 28, 'process cputime is EINVAL')
  })
})

describe('WASI shim', () => {
  test('random_get fills more than the 65 536-byte Web Crypto quota', () => {
    const { fns, memory } = harness()
    const len = 200_000
    assert.equal(fns.random_get(1024, len), 0)
    const bytes = new Uint8Array(memory.buffer, 1024, len)
    // Every 64 KiB chunk was written: none is left all zeros.
    for (let off = 0; off < len; off += 65536) {
      assert.ok(bytes.subarray(off, Math.min(len, off + 65536)).some((b) => b !== 0), `chunk at ${off}`)
    }
  })

  test('fd_write splits stdout and stderr into lines and sets nwritten', () => {
    const lines = []
    const { fns, wasi, memory, view } = harness({ log: (fd, l) => lines.push([fd, l]) })
    const text = new TextEncoder().encode('héllo\nwor')
    new Uint8Array(memory.buffer).set(text, 100)
    view().setUint32(0, 100, true) // iovec 0: "héllo\nwor"
    view().setUint32(4, text.length, true)
    view().setUint32(8, 100, true) // iovec 1: "h"
    view().setUint32(12, 1, true)
    assert.equal(fns.fd_write(2, 0, 2, 40), 0)
    assert.equal(view().getUint32(40, true), text.length + 1)
    assert.deepEqual(lines, [[2, 'héllo']])
    assert.equal(wasi.takeStderr(), 'héllo\nworh')
    assert.equal(wasi.takeStderr(), '')
    wasi.flush()
    assert.deepEqual(lines, [[2, 'héllo'], [2, 'worh']])
    assert.equal(fns.fd_write(1, 0, 1, 40), 0)
    wasi.flush()
    assert.deepEqual(lines.slice(2), [[1, 'héllo'], [1, 'wor']])
    assert.equal(fns.fd_write(3, 0, 1, 40), EBADF)
  })

  test('a throwing log sink does not unwind into the module', () => {
    const { fns, memory, view } = harness({ log: () => { throw new Error('sink down') } })
    new Uint8Array(memory.buffer).set(new TextEncoder().encode('x\n'), 100)
    view().setUint32(0, 100, true)
    view().setUint32(4, 2, true)
    assert.equal(fns.fd_write(1, 0, 1, 40), 0)
  })

  test('stdio are character devices, other descriptors and preopens EBADF', () => {
    const { fns, view } = harness()
    for (const fd of [0, 1, 2]) {
      assert.equal(fns.fd_fdstat_get(fd, 64), 0)
      assert.equal(view().getUint8(64), 2)
    }
    assert.equal(fns.fd_fdstat_get(3, 64), EBADF)
    assert.equal(fns.fd_fdstat_get(-1, 64), EBADF)
    assert.equal(fns.fd_prestat_get(3, 64), EBADF)
  })

  test('no arguments; environment only as given', () => {
    const { fns, view, memory } = harness({ env: encodeEnv({ EDGEGUARD_FAULTS: '1', GOGC: '50' }) })
    assert.equal(fns.args_sizes_get(0, 4), 0)
    assert.deepEqual([view().getUint32(0, true), view().getUint32(4, true)], [0, 0])
    assert.equal(fns.environ_sizes_get(0, 4), 0)
    const [count, size] = [view().getUint32(0, true), view().getUint32(4, true)]
    assert.deepEqual([count, size], [2, 'EDGEGUARD_FAULTS=1\0GOGC=50\0'.length])
    assert.equal(fns.environ_get(16, 256), 0)
    const p0 = view().getUint32(16, true)
    const p1 = view().getUint32(20, true)
    const dec = (p) => new TextDecoder().decode(new Uint8Array(memory.buffer, p, 64)).split('\0')[0]
    assert.deepEqual([dec(p0), dec(p1)], ['EDGEGUARD_FAULTS=1', 'GOGC=50'])

    const bare = harness()
    bare.fns.environ_sizes_get(0, 4)
    assert.equal(bare.view().getUint32(0, true), 0, 'no environment unless asked')
  })

  test('encodeEnv refuses what the guest would misread', () => {
    for (const bad of [{ 'A=B': 'x' }, { A: 1 }, { A: 'x\0y' }, { '': 'x' }, 'A=1']) {
      assert.throws(() => encodeEnv(bad), TypeError, JSON.stringify(bad))
    }
  })

  test('proc_exit throws; every other import is ENOSYS', () => {
    const { fns } = harness()
    assert.throws(() => fns.proc_exit(3), (e) => e instanceof WasiExit && e.exitCode === 3)
    for (const name of ['fd_read', 'fd_close', 'fd_prestat_dir_name', 'fd_fdstat_set_flags']) {
      assert.equal(fns[name](0, 0, 0, 0), ENOSYS, name)
    }
    const imported = WebAssembly.Module.imports(wasmModule).filter((i) => i.module === 'wasi_snapshot_preview1')
    for (const { name } of imported) assert.equal(typeof fns[name], 'function', name)
  })

  test('poll_oneoff: the earliest clock fires at once; fd subscriptions get EBADF', () => {
    const { fns, view } = harness()
    const sub = (i, userdata, tag, timeout) => {
      const v = view()
      v.setBigUint64(48 * i, userdata, true)
      v.setUint8(48 * i + 8, tag)
      v.setBigUint64(48 * i + 24, timeout, true)
    }
    sub(0, 7n, 0, 5_000_000n)
    sub(1, 8n, 0, 1_000n)
    assert.equal(fns.poll_oneoff(0, 512, 2, 1000), 0)
    assert.equal(view().getUint32(1000, true), 1, 'one event')
    assert.equal(view().getBigUint64(512, true), 8n, 'the earliest clock fired')
    assert.equal(view().getUint16(512 + 8, true), 0, 'no error')

    sub(0, 9n, 1, 0n) // fd_read
    assert.equal(fns.poll_oneoff(0, 512, 1, 1000), 0)
    assert.equal(view().getBigUint64(512, true), 9n)
    assert.equal(view().getUint16(512 + 8, true), 8, 'EBADF: the module has no files')
    assert.equal(fns.poll_oneoff(0, 512, 0, 1000), 28, 'no subscriptions is EINVAL')
    assert.equal(fns.sched_yield(), 0)
  })
})
