import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HOST_ERROR, runVector, runVectors, vectorInput } from './run-vectors.mjs'

class EdgeguardError extends Error {
  constructor (code, message) {
    super(message)
    this.name = 'EdgeguardError'
    this.code = code
  }
}

// A stand-in engine that logs every call and answers from `behaviour`.
function fakeEngine (behaviour = {}) {
  const log = []
  let next = 1
  return {
    log,
    open (kind, config) {
      log.push(['open', kind, config])
      if (behaviour.open) behaviour.open(kind, config)
      const id = next++
      return { id, close: () => log.push(['close', id]) }
    },
    callRaw (handle, op, input) {
      log.push(['call', handle === 0 ? 0 : handle.id, op, input])
      if (behaviour.call) return behaviour.call(handle, op, input)
      return { json: false, text: `${op}:${typeof input === 'string' ? input : [...input].join(',')}` }
    },
  }
}

const vec = (over) => ({ name: 'v', kind: '', op: 'echo', input: 'x', output: 'x', ...over })

describe('runVector', () => {
  const cases = [
    {
      name: 'module handle: no open, handle 0',
      vector: vec({}),
      want: { name: 'v', output: 'echo:x' },
      log: [['call', 0, 'echo', 'x']],
    },
    {
      name: 'kind opens with the config value and closes after the call',
      vector: vec({ kind: 'sanitize', config: { preset: 'ugc' }, op: 'sanitize' }),
      want: { name: 'v', output: 'sanitize:x' },
      log: [['open', 'sanitize', { preset: 'ugc' }], ['call', 1, 'sanitize', 'x'], ['close', 1]],
    },
    {
      name: 'missing config is passed as null',
      vector: vec({ kind: 'k' }),
      want: { name: 'v', output: 'echo:x' },
      log: [['open', 'k', null], ['call', 1, 'echo', 'x'], ['close', 1]],
    },
    {
      name: 'error at open is the result; nothing is called',
      vector: vec({ kind: 'nope', config: {} }),
      behaviour: { open: () => { throw new EdgeguardError('unknown_kind', 'no kind "nope"') } },
      want: { name: 'v', error: { code: 'unknown_kind', message: 'no kind "nope"' } },
      log: [['open', 'nope', {}]],
    },
    {
      name: 'error at call is the result and the handle is still closed',
      vector: vec({ kind: 'k', config: 'c' }),
      behaviour: { call: () => { throw new EdgeguardError('bad_request', 'bad') } },
      want: { name: 'v', error: { code: 'bad_request', message: 'bad' } },
      log: [['open', 'k', 'c'], ['call', 1, 'echo', 'x'], ['close', 1]],
    },
    {
      name: 'a foreign exception is recorded as host_error, not hidden',
      vector: vec({}),
      behaviour: { call: () => { throw new TypeError('oops') } },
      want: { name: 'v', error: { code: HOST_ERROR, message: 'TypeError: oops' } },
      log: [['call', 0, 'echo', 'x']],
    },
    {
      name: 'an object with a code but not an EdgeguardError is host_error',
      vector: vec({}),
      behaviour: { call: () => { throw Object.assign(new Error('fs'), { code: 'ENOENT' }) } },
      want: { name: 'v', error: { code: HOST_ERROR, message: 'Error: fs' } },
      log: [['call', 0, 'echo', 'x']],
    },
    {
      name: 'input_b64 is passed as bytes',
      vector: vec({ input: undefined, input_b64: 'Yf9i' }),
      want: { name: 'v', output: 'echo:97,255,98' },
      log: [['call', 0, 'echo', new Uint8Array([0x61, 0xff, 0x62])]],
    },
    {
      name: 'missing input is the empty string',
      vector: vec({ input: undefined }),
      want: { name: 'v', output: 'echo:' },
      log: [['call', 0, 'echo', '']],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const eg = fakeEngine(c.behaviour)
      assert.deepEqual(runVector(eg, c.vector), c.want)
      assert.deepEqual(eg.log, c.log)
    })
  }
})

describe('runVectors', () => {
  it('returns one record per vector, files and vectors in order', () => {
    const eg = fakeEngine()
    const files = [
      { file: 'a.json', vectors: [vec({ name: 'a1', input: '1' }), vec({ name: 'a2', input: '2' })] },
      { file: 'b.json', vectors: [] },
      { file: 'c.json', vectors: [vec({ name: 'c1', input: '3' })] },
    ]
    assert.deepEqual(runVectors(eg, files).map((r) => [r.name, r.output]), [['a1', 'echo:1'], ['a2', 'echo:2'], ['c1', 'echo:3']])
  })
})

describe('vectorInput', () => {
  it('decodes every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    assert.deepEqual(vectorInput({ input_b64: Buffer.from(all).toString('base64') }), all)
  })
})
