// The memory protocol of docs/abi.md for one instance: a reusable scratch
// buffer from eg_alloc, name and payload written back to back, the packed i64
// result unpacked, and a fresh memory view after every export call (memory
// growth detaches the old ArrayBuffer).

import { EdgeguardError, moduleError } from './errors.js'
import { WasiExit, createWasi } from './wasi.js'

/** The only ABI version this package speaks. */
export const ABI_VERSION = 1

// eg_alloc refuses anything larger (wasm/exports_wasip1.go, maxAlloc).
const MAX_ALLOC = 16 << 20
const INITIAL_SCRATCH = 64 << 10
// Requests whose worst-case UTF-8 size is at most this reserve it outright.
const WORST_CASE_RESERVE = 4 << 20

const STATUS_TEXT = 0
const STATUS_JSON = 1
const STATUS_ERROR = 2

const encoder = new TextEncoder()
// fatal: a module that emits invalid UTF-8 has a bug, and must not be papered
// over with U+FFFD; ignoreBOM: a leading U+FEFF is data (echo must round-trip).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

const REQUIRED_EXPORTS = ['_initialize', 'eg_abi_version', 'eg_alloc', 'eg_free', 'eg_open', 'eg_call', 'eg_close', 'memory']

/** @typedef {{json: boolean, text: string}} RawResult */

/**
 * One initialized instance of the module. It is single-threaded and stateful:
 * after any trap (`dead` becomes true) it must be discarded.
 */
export class Reactor {
  #exports
  #wasi
  #scratch = 0
  #scratchSize = 0

  /** True once an export trapped; the instance must not be used again. */
  dead = false

  /**
   * Instantiates `module` synchronously. It throws whatever the runtime
   * throws (a RangeError where synchronous instantiation is refused), which
   * the caller classifies.
   * @param {WebAssembly.Module} module
   * @param {ReactorOptions} options
   */
  static instantiateSync(module, options) {
    const wasi = createWasi(options)
    const instance = new WebAssembly.Instance(module, wasi.importsFor(module))
    return new Reactor(instance, wasi)
  }

  /**
   * @param {WebAssembly.Module} module
   * @param {ReactorOptions} options
   */
  static async instantiate(module, options) {
    const wasi = createWasi(options)
    const instance = await WebAssembly.instantiate(module, wasi.importsFor(module))
    return new Reactor(instance, wasi)
  }

  /** Runs _initialize and checks the ABI version; failures are 'unavailable'. */
  constructor(instance, wasi) {
    const ex = instance.exports
    const missing = REQUIRED_EXPORTS.filter((n) => !(n in ex))
    if (missing.length) throw new EdgeguardError('unavailable', `not an edgeguard module: missing exports ${missing.join(', ')}`)
    this.#exports = ex
    this.#wasi = wasi
    wasi.bind(ex.memory)
    let abi
    try {
      ex._initialize()
      abi = ex.eg_abi_version()
    } catch (cause) {
      this.dead = true
      wasi.flush()
      throw new EdgeguardError('unavailable', `module initialization failed: ${describe(cause)}`, { cause, detail: stderrDetail(wasi) })
    }
    if (abi !== ABI_VERSION) {
      this.dead = true
      throw new EdgeguardError('unavailable', `module ABI version ${abi}, this package speaks ${ABI_VERSION}`)
    }
  }

  /** Bytes of linear memory the instance holds (it never shrinks). */
  get memoryBytes() {
    return this.#exports.memory.buffer.byteLength
  }

  /**
   * Compiles a configuration; returns the module's handle number.
   * @param {string} kind
   * @param {string} config JSON text
   */
  open(kind, config) {
    const { text } = this.#request((buf, n, m) => this.#exports.eg_open(buf, n, m), kind, config)
    return JSON.parse(text).handle
  }

  /**
   * Runs an operation and returns the exact result bytes decoded as UTF-8.
   * @param {number} handle
   * @param {string} op
   * @param {string | Uint8Array} input
   * @returns {RawResult}
   */
  call(handle, op, input) {
    return this.#request((buf, n, m) => this.#exports.eg_call(handle, buf, n, m), op, input)
  }

  /** @param {number} handle */
  close(handle) {
    this.#result(this.#guard(() => this.#exports.eg_close(handle)))
  }

  #request(run, name, payload) {
    const [buf, nameLen, payloadLen] = this.#write(name, payload)
    return this.#result(this.#guard(() => run(buf, nameLen, payloadLen)))
  }

  // Writes name and payload back to back into the scratch buffer, growing it
  // first when the worst case does not fit.
  #write(name, payload) {
    if (!isWellFormed(name) || (typeof payload === 'string' && !isWellFormed(payload))) {
      // TextEncoder would silently turn a lone surrogate into U+FFFD.
      throw new EdgeguardError('invalid_utf8', 'string has a lone surrogate and cannot be encoded as UTF-8')
    }
    // encodeInto needs room for the worst case (3 bytes per UTF-16 unit).
    // Up to WORST_CASE_RESERVE the scratch buffer grows to the worst case, so
    // that a run of similar requests measures nothing (the measuring loop
    // was ~5% of a 100 KB sanitize call); beyond it, measure exactly rather
    // than keep three times the need for the instance's lifetime.
    const worst = (s) => s.length * 3
    let need = worst(name) + (typeof payload === 'string' ? worst(payload) : payload.length)
    if (need > this.#scratchSize && need > WORST_CASE_RESERVE) {
      need = utf8Length(name) + (typeof payload === 'string' ? utf8Length(payload) : payload.length)
    }
    if (need > MAX_ALLOC) {
      throw new EdgeguardError('too_large', `request is ${need} bytes, the module accepts at most ${MAX_ALLOC}`)
    }
    if (need === 0) return [0, 0, 0]
    this.#reserve(need)
    const mem = new Uint8Array(this.#exports.memory.buffer, this.#scratch, this.#scratchSize)
    const nameLen = encoder.encodeInto(name, mem).written
    let payloadLen
    if (typeof payload === 'string') {
      payloadLen = encoder.encodeInto(payload, mem.subarray(nameLen)).written
    } else {
      mem.set(payload, nameLen)
      payloadLen = payload.length
    }
    return [this.#scratch, nameLen, payloadLen]
  }

  #reserve(need) {
    if (need <= this.#scratchSize) return
    const size = Math.min(MAX_ALLOC, Math.max(need, INITIAL_SCRATCH, this.#scratchSize * 2))
    if (this.#scratch !== 0) {
      const freed = this.#guard(() => this.#exports.eg_free(this.#scratch))
      this.#scratch = 0
      this.#scratchSize = 0
      if (freed !== 0) throw new EdgeguardError('internal', 'eg_free refused the scratch buffer')
    }
    const ptr = this.#guard(() => this.#exports.eg_alloc(size)) >>> 0
    if (ptr === 0) throw new EdgeguardError('too_large', `eg_alloc(${size}) failed`)
    this.#scratch = ptr
    this.#scratchSize = size
  }

  #result(packed) {
    if (packed === 0n) throw new EdgeguardError('internal', 'the module returned an empty result')
    const ptr = Number(BigInt.asUintN(64, packed) >> 32n)
    const len = Number(packed & 0xffffffffn)
    const view = new Uint8Array(this.#exports.memory.buffer, ptr, len)
    const status = view[0]
    let text
    try {
      text = decoder.decode(view.subarray(1))
    } catch (cause) {
      throw new EdgeguardError('internal', 'the module returned invalid UTF-8', { cause })
    }
    if (status === STATUS_TEXT) return { json: false, text }
    if (status === STATUS_JSON) return { json: true, text }
    if (status === STATUS_ERROR) throw moduleError(text)
    throw new EdgeguardError('internal', `unknown result status ${status}`)
  }

  // Runs one export. Any exception escaping the module (a trap, a stack
  // overflow, proc_exit) leaves it in an undefined state: mark it dead and
  // report trap, or out_of_memory when Go said so on stderr just before.
  #guard(fn) {
    if (this.dead) throw new EdgeguardError('trap', 'the instance trapped earlier and was discarded')
    this.#wasi.takeStderr()
    try {
      return fn()
    } catch (cause) {
      this.dead = true
      this.#wasi.flush()
      const detail = stderrDetail(this.#wasi)
      const oom = /out of memory/.test(detail?.stderr ?? '') || (cause instanceof RangeError && /memory/i.test(cause.message))
      const firstLine = detail ? ` (${detail.stderr.split('\n')[0]})` : ''
      throw new EdgeguardError(oom ? 'out_of_memory' : 'trap', `the module ${cause instanceof WasiExit ? 'exited' : 'trapped'}: ${describe(cause)}${firstLine}`, { cause, detail })
    }
  }
}

/** @typedef {{env?: Uint8Array[], log?: (fd: number, line: string) => void}} ReactorOptions */

function stderrDetail(wasi) {
  const stderr = wasi.takeStderr().trim()
  return stderr ? { stderr: stderr.split('\n').slice(0, 20).join('\n') } : undefined
}

function describe(err) {
  return err instanceof Error ? err.message : String(err)
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Reports whether s is valid UTF-16, i.e. encodable as UTF-8 without loss. */
function isWellFormed(s) {
  return typeof s.isWellFormed === 'function' ? s.isWellFormed() : !loneSurrogate.test(s)
}

/** Exact UTF-8 length of a well-formed string, in one linear pass. */
function utf8Length(s) {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}
