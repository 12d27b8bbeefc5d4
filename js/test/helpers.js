// Shared fixtures for the tests: the built module, and tiny hand-assembled
// modules for the failure paths.

import { readFile } from 'node:fs/promises'

export const wasmURL = new URL('../dist/edgeguard.wasm', import.meta.url)

/** The module's bytes, read once. */
export const wasmBytes = await readFile(wasmURL)

/** The module, compiled once and shared by every test of a file. */
export const wasmModule = await WebAssembly.compile(wasmBytes)

/** A log sink that keeps the lines instead of printing them. */
export function collectLog() {
  const lines = []
  const log = (fd, line) => lines.push([fd, line])
  return { lines, log }
}

function leb(n) {
  const out = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n) b |= 0x80
    out.push(b)
  } while (n)
  return out
}

function readLeb(bytes, pos) {
  let n = 0
  let mul = 1
  for (;;) {
    const b = bytes[pos++]
    n += (b & 0x7f) * mul
    mul *= 128
    if (!(b & 0x80)) return [n, pos]
  }
}

/**
 * Returns a copy of a module whose memory may grow to at most `maxPages`
 * 64 KiB pages. The Go runtime then meets a failing memory.grow (and reports
 * "out of memory") in milliseconds, instead of after filling 4 GiB.
 * @param {Uint8Array} bytes
 * @param {number} maxPages
 */
export function withMemoryMax(bytes, maxPages) {
  let pos = 8
  while (pos < bytes.length) {
    const id = bytes[pos]
    const [size, body] = readLeb(bytes, pos + 1)
    if (id === 5) {
      const [count, p] = readLeb(bytes, body)
      if (count !== 1) throw new Error('expected one memory')
      if (bytes[p] !== 0) throw new Error('memory already has a maximum')
      const [initial] = readLeb(bytes, p + 1)
      const section = [1, 0x01, ...leb(initial), ...leb(maxPages)]
      return new Uint8Array([...bytes.subarray(0, pos), 5, ...leb(section.length), ...section, ...bytes.subarray(body + size)])
    }
    pos = body + size
  }
  throw new Error('no memory section')
}

/**
 * A minimal module with every edgeguard export, where eg_abi_version returns
 * `abi`: it stands in for a module built for another ABI version.
 * @param {number} abi
 */
export function fakeModuleBytes(abi) {
  const section = (id, body) => [id, ...leb(body.length), ...body]
  const str = (s) => [...leb(s.length), ...new TextEncoder().encode(s)]
  const types = section(1, [2, 0x60, 0, 0, 0x60, 0, 1, 0x7f]) // () -> (), () -> i32
  const funcs = section(3, [2, 0, 1])
  const memory = section(5, [1, 0, 1])
  const names = ['eg_abi_version', 'eg_alloc', 'eg_free', 'eg_open', 'eg_call', 'eg_close']
  const exps = [[...str('_initialize'), 0, 0], ...names.map((n) => [...str(n), 0, 1]), [...str('memory'), 2, 0]]
  const exports = section(7, [exps.length, ...exps.flat()])
  const code = section(10, [2, 2, 0, 0x0b, 4, 0, 0x41, abi & 0x3f, 0x0b]) // nop; i32.const abi
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...funcs, ...memory, ...exports, ...code])
}
