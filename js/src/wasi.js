// A minimal WASI preview1 implementation: exactly what a Go wasip1 reactor
// calls (docs/abi.md, "Imports"), and a clean ENOSYS for everything else.
// It is ours rather than node:wasi or a third-party shim because node:wasi
// does not exist in browsers or workerd and cannot initialize a reactor in
// Bun, and because the clock and random rules below are runtime-specific.

const ESUCCESS = 0
const EBADF = 8
const EINVAL = 28
const ENOSYS = 52

const CLOCK_REALTIME = 0
const CLOCK_MONOTONIC = 1

const FILETYPE_CHARACTER_DEVICE = 2

// poll_oneoff layouts (wasi_snapshot_preview1 witx): a subscription is
// userdata u64, tag u8 at 8, then the clock or fd body from 16; an event is
// userdata u64, errno u16 at 8, type u8 at 10, fd_readwrite from 16.
const SUBSCRIPTION_SIZE = 48
const EVENT_SIZE = 32
const EVENTTYPE_CLOCK = 0
const RIGHT_FD_READ = 1n << 1n
const RIGHT_FD_WRITE = 1n << 6n

// Web Crypto refuses getRandomValues requests over 65 536 bytes.
const RANDOM_CHUNK = 65536

// The monotonic clock starts here rather than at performance.now()'s origin:
// Go's runtime aborts with "nanotime returning zero", and workerd freezes
// timers at 0 while it evaluates a worker's global scope.
const MONOTONIC_OFFSET_NS = 1_000_000_000n

// Keep this much of the stderr text of one call: Go's fatal error message
// comes first, before the goroutine dump that can run much longer.
const STDERR_KEEP = 8192

/**
 * A monotonic nanosecond clock that never reads 0 and never goes backwards,
 * whatever `now` (milliseconds, like performance.now) returns.
 * @param {() => number} [now]
 * @returns {() => bigint}
 */
export function monotonicClock(now = () => globalThis.performance?.now?.() ?? Date.now()) {
  let last = MONOTONIC_OFFSET_NS
  return () => {
    const ms = Number(now())
    const ns = Number.isFinite(ms) && ms > 0 ? BigInt(Math.round(ms * 1e6)) + MONOTONIC_OFFSET_NS : MONOTONIC_OFFSET_NS
    if (ns > last) last = ns
    return last
  }
}

/** The default log sink: the module's stdout to console.log, stderr to console.error. */
export function consoleLog(fd, line) {
  if (fd === 1) console.log(line)
  else console.error(line)
}

/**
 * Encodes an environment map as WASI "KEY=VALUE\0" strings. Keys with "=" or
 * NUL, and non-string values, would be misread by the guest, so they are refused.
 * @param {Record<string, string> | undefined} env
 * @returns {Uint8Array[]}
 */
export function encodeEnv(env) {
  if (env == null) return []
  if (typeof env !== 'object') throw new TypeError('options.env must be an object of strings')
  const enc = new TextEncoder()
  return Object.entries(env).map(([k, v]) => {
    if (typeof v !== 'string' || k === '' || /[=\0]/.test(k) || v.includes('\0')) {
      throw new TypeError(`options.env: invalid variable ${JSON.stringify(k)}`)
    }
    return enc.encode(`${k}=${v}\0`)
  })
}

/** Splits a byte stream into lines per file descriptor, for the log sink. */
class LineWriter {
  constructor(fd, sink) {
    this.fd = fd
    this.sink = sink
    this.decoder = new TextDecoder('utf-8')
    this.pending = ''
  }

  /** Logs every completed line; returns the newly decoded text. */
  write(bytes) {
    const chunk = this.decoder.decode(bytes, { stream: true })
    const lines = (this.pending + chunk).split('\n')
    this.pending = lines.pop()
    for (const line of lines) this.emit(line)
    return chunk
  }

  flush() {
    const rest = this.pending + this.decoder.decode()
    this.pending = ''
    if (rest !== '') this.emit(rest)
  }

  // An exception thrown here would unwind through the module and kill the
  // instance, so a failing sink loses the line instead.
  emit(line) {
    try {
      this.sink(this.fd, line)
    } catch {
      // The sink is the only place to report the failure to.
    }
  }
}

/**
 * Creates the WASI imports for one instance. Call `bind(memory)` with the
 * instance's exported memory before running any of its code.
 * @param {{env?: Uint8Array[], log?: (fd: number, line: string) => void}} [options]
 */
export function createWasi({ env = [], log = consoleLog } = {}) {
  /** @type {WebAssembly.Memory | null} */
  let memory = null
  let stderrHead = ''
  const writers = { 1: new LineWriter(1, log), 2: new LineWriter(2, log) }
  const monotonic = monotonicClock()

  // A fresh view on every access: memory.grow detaches the old ArrayBuffer.
  const view = () => new DataView(memory.buffer)
  const bytes = (ptr, len) => new Uint8Array(memory.buffer, ptr, len)

  const sizes = (list) => (countPtr, sizePtr) => {
    const v = view()
    v.setUint32(countPtr, list.length, true)
    v.setUint32(sizePtr, list.reduce((n, b) => n + b.length, 0), true)
    return ESUCCESS
  }
  const strings = (list) => (ptrsPtr, bufPtr) => {
    const v = view()
    for (const [i, b] of list.entries()) {
      v.setUint32(ptrsPtr + 4 * i, bufPtr, true)
      bytes(bufPtr, b.length).set(b)
      bufPtr += b.length
    }
    return ESUCCESS
  }

  const implemented = {
    args_sizes_get: sizes([]),
    args_get: strings([]),
    environ_sizes_get: sizes(env),
    environ_get: strings(env),

    clock_time_get(id, _precision, outPtr) {
      let ns
      if (id === CLOCK_REALTIME) ns = BigInt(Date.now()) * 1_000_000n
      else if (id === CLOCK_MONOTONIC) ns = monotonic()
      else return EINVAL
      view().setBigUint64(outPtr, ns, true)
      return ESUCCESS
    },

    random_get(ptr, len) {
      for (let off = 0; off < len; off += RANDOM_CHUNK) {
        crypto.getRandomValues(bytes(ptr + off, Math.min(RANDOM_CHUNK, len - off)))
      }
      return ESUCCESS
    },

    fd_write(fd, iovsPtr, iovsLen, nwrittenPtr) {
      const w = writers[fd]
      if (!w) return EBADF
      let total = 0
      for (let i = 0; i < iovsLen; i++) {
        const v = view()
        const ptr = v.getUint32(iovsPtr + 8 * i, true)
        const len = v.getUint32(iovsPtr + 8 * i + 4, true)
        const text = w.write(bytes(ptr, len))
        if (fd === 2 && stderrHead.length < STDERR_KEEP) stderrHead = (stderrHead + text).slice(0, STDERR_KEEP)
        total += len
      }
      view().setUint32(nwrittenPtr, total, true)
      return ESUCCESS
    },

    fd_fdstat_get(fd, outPtr) {
      if (fd < 0 || fd > 2) return EBADF
      const v = view()
      v.setUint8(outPtr, FILETYPE_CHARACTER_DEVICE)
      v.setUint8(outPtr + 1, 0)
      v.setUint16(outPtr + 2, 0, true)
      v.setUint32(outPtr + 4, 0, true)
      v.setBigUint64(outPtr + 8, fd === 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE, true)
      v.setBigUint64(outPtr + 16, 0n, true)
      return ESUCCESS
    },

    // No preopened directories: EBADF is how WASI says "stop scanning".
    fd_prestat_get: () => EBADF,

    sched_yield: () => ESUCCESS,

    // Go's runtime sleeps through poll_oneoff: once a crypto/rand read has
    // started its timers, a garbage collection that finds every goroutine
    // parked waits on a clock subscription, and an error here is fatal
    // ("poll_oneoff failed"). We answer at once, as if the earliest clock
    // had fired: Go re-reads the clock and asks again if it is early, so the
    // worst case is a busy wait — never a wrong answer, and never a hang in
    // workerd, whose clocks stand still while a request runs. fd
    // subscriptions get EBADF: the module has no files.
    poll_oneoff(inPtr, outPtr, nsubs, neventsPtr) {
      if (nsubs === 0) return EINVAL
      const v = view()
      const fdEvents = []
      let earliest = -1
      let earliestTimeout = 0n
      for (let i = 0; i < nsubs; i++) {
        const sub = inPtr + SUBSCRIPTION_SIZE * i
        const tag = v.getUint8(sub + 8)
        if (tag === EVENTTYPE_CLOCK) {
          const timeout = v.getBigUint64(sub + 24, true)
          if (earliest < 0 || timeout < earliestTimeout) {
            earliest = i
            earliestTimeout = timeout
          }
        } else {
          fdEvents.push(i)
        }
      }
      const fired = fdEvents.length > 0 ? fdEvents : [earliest]
      for (const [n, i] of fired.entries()) {
        const sub = inPtr + SUBSCRIPTION_SIZE * i
        const ev = outPtr + EVENT_SIZE * n
        v.setBigUint64(ev, v.getBigUint64(sub, true), true) // userdata
        v.setUint16(ev + 8, fdEvents.length > 0 ? EBADF : ESUCCESS, true)
        v.setUint8(ev + 10, v.getUint8(sub + 8))
        v.setBigUint64(ev + 16, 0n, true)
        v.setUint16(ev + 24, 0, true)
      }
      v.setUint32(neventsPtr, fired.length, true)
      return ESUCCESS
    },

    proc_exit(code) {
      throw new WasiExit(code)
    },
  }

  return {
    /**
     * The import object for `module`: our functions, and ENOSYS for every
     * other wasi_snapshot_preview1 name it imports (poll_oneoff, fd_read, …:
     * Go links them but never calls them in practice), so the module links.
     * @param {WebAssembly.Module} module
     */
    importsFor(module) {
      const wasi = { ...implemented }
      for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
        if (from === 'wasi_snapshot_preview1' && kind === 'function' && !Object.hasOwn(wasi, name)) wasi[name] = enosys
      }
      return { wasi_snapshot_preview1: wasi }
    },
    /** @param {WebAssembly.Memory} m */
    bind(m) {
      memory = m
    },
    /** Writes out partial log lines, e.g. after a trap cut a message short. */
    flush() {
      writers[1].flush()
      writers[2].flush()
    },
    /** Returns and clears the start of the stderr text written since the last take. */
    takeStderr() {
      const t = stderrHead
      stderrHead = ''
      return t
    },
  }
}

function enosys() {
  return ENOSYS
}

/** Thrown by proc_exit: the guest asked to stop, so the instance is finished. */
export class WasiExit extends Error {
  constructor(code) {
    super(`the module called proc_exit(${code})`)
    this.name = 'WasiExit'
    this.exitCode = code
  }
}
