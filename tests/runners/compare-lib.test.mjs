import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareHosts, formatReport, majorityKey, vectorProblems } from './compare-lib.mjs'

const vectors = [
  { name: 'ok', kind: '', op: 'echo', input: 'a', output: 'a' },
  { name: 'err', kind: 'k', config: {}, op: 'x', input: '', error: 'unknown_kind' },
]
const good = [
  { name: 'ok', output: 'a' },
  { name: 'err', error: { code: 'unknown_kind', message: 'no kind "k"' } },
]
const hostsWith = (map) => new Map(Object.entries(map))
const failuresOf = (res) => res.failures.map((f) => `${f.host} ${f.name}`).sort()

describe('compareHosts', () => {
  const cases = [
    {
      name: 'all agree and meet the expectations',
      hosts: { a: good, b: good, c: good },
      passed: 6,
      failures: [],
    },
    {
      name: 'a missing host fails every vector',
      hosts: { a: good, b: good, c: null },
      passed: 4,
      failures: ['c err', 'c ok'],
      missing: ['c'],
    },
    {
      name: 'a missing record fails that host only',
      hosts: { a: good, b: good, c: [good[0]] },
      passed: 5,
      failures: ['c err'],
    },
    {
      name: 'one host with a different output fails, the others pass',
      hosts: { a: good, b: good, c: [{ name: 'ok', output: 'A' }, good[1]] },
      passed: 5,
      failures: ['c ok'],
      reason: /expected output "a", got "A"; differs from the majority: not identical to a, b/,
    },
    {
      name: 'the same error code with another message is a mismatch',
      hosts: { a: good, b: good, c: [good[0], { name: 'err', error: { code: 'unknown_kind', message: 'other' } }] },
      passed: 5,
      failures: ['c err'],
      reason: /^differs from the majority/,
    },
    {
      name: 'all hosts agree on a wrong answer: every host fails',
      hosts: { a: [{ name: 'ok', output: 'b' }, good[1]], b: [{ name: 'ok', output: 'b' }, good[1]] },
      passed: 2,
      failures: ['a ok', 'b ok'],
      reason: /^expected output "a", got "b"$/,
    },
    {
      name: 'a tie has no majority: both sides fail',
      hosts: { a: good, b: [{ name: 'ok', output: 'x' }, good[1]] },
      passed: 2,
      failures: ['a ok', 'b ok'],
    },
    {
      name: 'an error where output was expected',
      hosts: { a: [{ name: 'ok', error: { code: 'internal', message: 'm' } }, good[1]] },
      passed: 1,
      failures: ['a ok'],
      reason: /expected output "a", got error internal: m/,
    },
    {
      name: 'a malformed record fails',
      hosts: { a: good, b: [{ name: 'ok', output: 1 }, good[1]] },
      passed: 3,
      failures: ['b ok'],
      reason: /malformed record/,
    },
    {
      name: 'a record with both output and error is malformed',
      hosts: { a: [{ name: 'ok', output: 'a', error: { code: 'x', message: 'y' } }, good[1]] },
      passed: 1,
      failures: ['a ok'],
    },
    {
      name: 'duplicate and unknown records count as failures',
      hosts: { a: [...good, good[0], { name: 'stale', output: '' }] },
      passed: 1,
      failures: ['a ok', 'a stale'],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const res = compareHosts(vectors, hostsWith(c.hosts))
      assert.equal(res.passed, c.passed)
      assert.deepEqual(failuresOf(res), c.failures)
      assert.equal(res.failed, c.failures.length)
      assert.deepEqual(res.rows.filter((r) => r.missing).map((r) => r.host), c.missing ?? [])
      if (c.reason) assert.match(res.failures[0].reasons.join('; '), c.reason)
    })
  }
})

describe('majorityKey', () => {
  const cases = [
    [[], null],
    [['x'], 'x'],
    [['x', 'y', 'x'], 'x'],
    [['x', 'y'], null],
    [['x', 'x', 'y', 'y', 'z'], null],
  ]
  for (const [keys, want] of cases) {
    it(JSON.stringify(keys), () => assert.equal(majorityKey(keys), want))
  }
})

describe('vectorProblems', () => {
  const base = { name: 'n', kind: '', op: 'echo', input: '', output: '' }
  const cases = [
    { name: 'valid module vector', v: base, want: [] },
    { name: 'valid input_b64', v: { ...base, input: undefined, input_b64: 'wK8=' }, want: [] },
    { name: 'no name', v: { ...base, name: '' }, want: [/"name"/] },
    { name: 'kind without config is null config', v: { ...base, kind: 'sanitize' }, want: [] },
    { name: 'kind not a string', v: { ...base, kind: 1 }, want: [/"kind"/] },
    { name: 'no op', v: { ...base, op: undefined }, want: [/"op"/] },
    { name: 'both inputs', v: { ...base, input_b64: '' }, want: [/both/] },
    { name: 'bad base64', v: { ...base, input: undefined, input_b64: 'wK8' }, want: [/base64/] },
    { name: 'both expectations', v: { ...base, error: 'x' }, want: [/exactly one/] },
    { name: 'no expectation', v: { ...base, output: undefined }, want: [/exactly one/] },
    { name: 'non-string output', v: { ...base, output: 3 }, want: [/"output" must be a string/] },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const v = Object.fromEntries(Object.entries(c.v).filter(([, x]) => x !== undefined))
      const got = vectorProblems([{ file: 'f.json', vectors: [v] }])
      assert.equal(got.length, c.want.length, got.join('\n'))
      c.want.forEach((re, i) => assert.match(got[i], re))
    })
  }
  it('duplicate names across files', () => {
    const got = vectorProblems([{ file: 'a.json', vectors: [base] }, { file: 'b.json', vectors: [base] }])
    assert.deepEqual(got, ['b.json #0 (n): duplicate name, first in a.json'])
  })
})

describe('formatReport', () => {
  it('ends with the plain closing line', () => {
    const res = compareHosts(vectors, hostsWith({ native: good, node: [good[0]] }))
    const lines = formatReport(res).split('\n')
    assert.equal(lines.at(-1), '3 passed, 1 failed')
    assert.match(lines[0], /^host +\| vectors \| passed \| mismatches$/)
    assert.match(lines[3], /^node +\| +2 \| +1 \| +1$/)
  })
})
