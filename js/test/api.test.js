import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EdgeguardError, Handle, load } from '../src/entry-node.js'
import { readFileSync } from 'node:fs'
import { wasmModule } from './helpers.js'

// The package and the module it ships are released together.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/** Asserts that fn throws an EdgeguardError with `code`. */
function throwsCode(fn, code, message) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof EdgeguardError, `expected EdgeguardError, got ${e}`)
    assert.equal(e.code, code, `${message ?? ''}: ${e.message}`)
    return true
  }, message)
}

let eg
before(async () => {
  eg = await load(wasmModule)
})
after(() => eg.close())

describe('sanitize (bluemonday presets)', () => {
  const cases = [
    // [policy, input, expected]: bluemonday's UGC/strict behaviour, except
    // where docs/sanitize.md documents a deliberate difference (text is
    // serialized as browsers do: apostrophes are not escaped).
    ['ugc', '<b>bold</b><script>alert(1)</script>', '<b>bold</b>'],
    ['ugc', '<a href="http://x">x</a>', '<a href="http://x" rel="nofollow">x</a>'],
    ['ugc', '<a href="javascript:alert(1)">x</a>', 'x'],
    ['ugc', '<img src=x onerror=alert(1)>', '<img src="x">'],
    ['ugc', '<p onclick="x()">a &amp; b \'q\' &lt;</p>', '<p>a &amp; b \'q\' &lt;</p>'],
    ['ugc', '<iframe src="http://x"></iframe>ok', 'ok'],
    ['ugc', '<b>héllo 😀 世界</b>', '<b>héllo 😀 世界</b>'],
    ['strict', '<b>hi</b>', 'hi'],
    ['strict', '<p>a &amp; b</p><script>x</script>', 'a &amp; b'],
    [{ preset: 'strict' }, '<b>x</b>', 'x'],
    [{ preset: 'ugc' }, '<b>x</b>', '<b>x</b>'],
  ]
  for (const [policy, input, want] of cases) {
    test(`${JSON.stringify(policy)} ${input}`, () => {
      assert.equal(eg.sanitize(input, policy), want)
      assert.equal(eg.sanitize(new TextEncoder().encode(input), policy), want, 'bytes in, same string out')
    })
  }

  test('the default policy is ugc', () => {
    assert.equal(eg.sanitize('<b>x</b><script>y</script>'), '<b>x</b>')
  })

  test('sanitizer(): a compiled policy, closed explicitly', () => {
    const s = eg.sanitizer('strict')
    assert.equal(s.sanitize('<i>a</i>'), 'a')
    s.close()
    s.close() // idempotent
    throwsCode(() => s.sanitize('<i>a</i>'), 'bad_handle')
  })

  test('bad policies are bad_config, naming the problem', () => {
    throwsCode(() => eg.sanitize('x', 'nope'), 'bad_config')
    assert.throws(() => eg.sanitize('x', { preset: 'ugc', extra: 1 }), /extra/)
    throwsCode(() => eg.sanitizer(5), 'bad_config')
    const cyclic = {}
    cyclic.self = cyclic
    throwsCode(() => eg.sanitize('x', cyclic), 'bad_config')
    throwsCode(() => eg.sanitize('x', { preset: 10n }), 'bad_config')
    throwsCode(() => eg.sanitize('x', () => 'ugc'), 'bad_config')
    const messageOf = (...args) => {
      try {
        eg.open(...args)
      } catch (e) {
        return `${e.code}: ${e.message}`
      }
    }
    assert.equal(messageOf('sanitize'), messageOf('sanitize', null), 'an omitted config is sent as null')
    assert.match(messageOf('sanitize'), /^bad_config: /)
  })
})

describe('transport (module handle 0)', () => {
  test('version', () => {
    assert.deepEqual(eg.version, { abi: 1, version })
    assert.deepEqual(eg.call(0, 'version'), eg.version)
  })

  test('non-ASCII, emoji and a leading BOM round-trip exactly', () => {
    for (const s of ['', 'a', 'héllo', '😀👍🏽', '\uFEFFbom', '世界\u0000nul', 'ﬀ\u200d\u{10FFFF}']) {
      assert.equal(eg.call(0, 'echo', s), s)
      assert.deepEqual(eg.callRaw(0, 'echo', new TextEncoder().encode(s)), { json: false, text: s })
    }
  })

  test('callRaw reports JSON results as exact text', () => {
    const raw = eg.callRaw(0, 'version')
    assert.equal(raw.json, true)
    assert.equal(raw.text, `{"abi":1,"version":"${version}"}`)
  })

  test('1 MiB round-trips; the scratch buffer grows and is reused', () => {
    const big = 'é😀abc'.repeat((1 << 20) / 9)
    assert.equal(eg.call(0, 'echo', big), big)
    assert.equal(eg.call(0, 'echo', 'small after big'), 'small after big')
    const html = '<p>x</p><script>y</script>'.repeat(40000)
    assert.equal(eg.sanitize(html), '<p>x</p>'.repeat(40000))
  })

  test('exactly 8 MiB of multi-byte text is accepted, one byte more is too_large', () => {
    const limit = 'é'.repeat(4 << 20) // 2 bytes each
    assert.equal(eg.call(0, 'echo', limit), limit)
    throwsCode(() => eg.call(0, 'echo', limit + 'a'), 'too_large')
  })

  test('over 8 MiB is too_large, and the engine keeps working', () => {
    throwsCode(() => eg.call(0, 'echo', 'a'.repeat((8 << 20) + 1)), 'too_large', 'string just over the table limit')
    throwsCode(() => eg.call(0, 'echo', new Uint8Array((8 << 20) + 1)), 'too_large', 'bytes just over the table limit')
    throwsCode(() => eg.call(0, 'echo', 'a'.repeat(20 << 20)), 'too_large', 'over the allocation limit')
    assert.equal(eg.call(0, 'echo', 'ok'), 'ok')
  })

  test('invalid UTF-8 bytes and lone surrogates are invalid_utf8', () => {
    throwsCode(() => eg.call(0, 'echo', new Uint8Array([0x61, 0xff, 0xfe])), 'invalid_utf8')
    throwsCode(() => eg.call(0, 'echo', new Uint8Array([0xed, 0xa0, 0x80])), 'invalid_utf8', 'encoded surrogate')
    throwsCode(() => eg.sanitize(new Uint8Array([0xc3])), 'invalid_utf8', 'truncated sequence')
    throwsCode(() => eg.call(0, 'echo', 'a\uD800b'), 'invalid_utf8', 'lone high surrogate')
    throwsCode(() => eg.sanitize('\uDC00'), 'invalid_utf8', 'lone low surrogate')
  })

  test('unknown op lists the ops; unknown kind', () => {
    assert.throws(() => eg.call(0, 'nope'), (e) => e.code === 'unknown_op' && e.detail.ops.includes('echo'))
    const s = eg.open('sanitize', 'ugc')
    throwsCode(() => eg.call(s, 'echo', 'x'), 'unknown_op')
    s.close()
    throwsCode(() => eg.open('nope', {}), 'unknown_kind')
  })
})

describe('handles', () => {
  test('open/call/close', () => {
    const h = eg.open('sanitize', { preset: 'strict' })
    assert.ok(h instanceof Handle)
    assert.equal(h.kind, 'sanitize')
    assert.equal(typeof h.id, 'number')
    assert.equal(eg.call(h, 'sanitize', '<b>x</b>'), 'x')
    h.close()
    throwsCode(() => eg.call(h, 'sanitize', 'x'), 'bad_handle', 'closed handle')
  })

  test('handles from another engine, forged handles and numbers are bad_handle', async () => {
    const other = await load(wasmModule)
    const foreign = other.open('sanitize', 'ugc')
    throwsCode(() => eg.call(foreign, 'sanitize', 'x'), 'bad_handle', 'foreign')
    assert.equal(other.call(foreign, 'sanitize', '<b>x</b>'), '<b>x</b>')
    other.close()
    throwsCode(() => eg.call({ id: 1, kind: 'sanitize' }, 'sanitize', 'x'), 'bad_handle', 'forged')
    throwsCode(() => eg.call(Object.create(Handle.prototype), 'sanitize', 'x'), 'bad_handle', 'forged prototype')
    for (const h of [1, -1, '0', null, undefined, 0n]) throwsCode(() => eg.call(h, 'echo', 'x'), 'bad_handle', String(h))
  })

  test('wrong-typed arguments are bad_request, never a crash', () => {
    for (const op of [42, null, undefined, {}, Symbol('x')]) throwsCode(() => eg.call(0, op, 'x'), 'bad_request', String(op))
    for (const input of [42, null, {}, [1], new ArrayBuffer(2), new Uint16Array(2), Symbol('x')]) {
      throwsCode(() => eg.call(0, 'echo', input), 'bad_request', String(input))
    }
    throwsCode(() => eg.sanitize(null), 'bad_request')
    throwsCode(() => eg.sanitize(42, 'strict'), 'bad_request')
    for (const kind of [42, null, undefined, {}]) throwsCode(() => eg.open(kind, 'ugc'), 'bad_request', String(kind))
    assert.equal(eg.call(0, 'echo'), '', 'input defaults to empty')
  })
})

describe('close', () => {
  test('every call after close is closed', async () => {
    const e2 = await load(wasmModule)
    const h = e2.open('sanitize', 'ugc')
    const s = e2.sanitizer('strict')
    e2.close()
    e2.close() // idempotent
    throwsCode(() => e2.sanitize('x'), 'closed')
    throwsCode(() => e2.call(0, 'echo', 'x'), 'closed')
    throwsCode(() => e2.callRaw(h, 'sanitize', 'x'), 'closed')
    throwsCode(() => e2.open('sanitize', 'ugc'), 'closed')
    throwsCode(() => s.sanitize('x'), 'closed')
    throwsCode(() => e2.version, 'closed')
    await assert.rejects(e2.ready(), (e) => e.code === 'closed')
    h.close() // no-op, does not throw
  })
})

describe('options', () => {
  test('bad options are bad_request', async () => {
    for (const options of [null, 5, { env: { A: 1 } }, { env: 'A=1' }, { log: 'x' }, { maxMemoryBytes: -1 }, { maxMemoryBytes: '1' }]) {
      await assert.rejects(load(wasmModule, options), (e) => e instanceof EdgeguardError && e.code === 'bad_request', JSON.stringify(options))
    }
  })
})
