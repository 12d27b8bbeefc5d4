import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { load } from '../src/entry-node.js'
import { PolicyCache } from '../src/sanitize.js'
import { wasmModule } from './helpers.js'

// An engine stand-in that counts compilations and closes.
function fakeEngine() {
  const opened = []
  return {
    opened,
    sanitizer(policy) {
      const s = { policy, closed: false, close() { this.closed = true } }
      opened.push(s)
      return s
    },
  }
}

test('one compilation per distinct policy, whatever the key order', () => {
  const engine = fakeEngine()
  const cache = new PolicyCache(engine)
  const a = cache.get('ugc')
  assert.equal(cache.get('ugc'), a)
  const b = cache.get({ preset: 'ugc', x: { b: 1, a: 2 } })
  assert.equal(cache.get({ x: { a: 2, b: 1 }, preset: 'ugc' }), b)
  assert.notEqual(cache.get({ preset: 'ugc' }), a, 'a string and an object are different configurations')
  assert.notEqual(cache.get('"ugc"'), a, 'no collision between a name and JSON text')
  assert.equal(engine.opened.length, 4)
})

test('the least recently used policy is evicted and closed past 32', () => {
  const engine = fakeEngine()
  const cache = new PolicyCache(engine)
  for (let i = 0; i < 32; i++) cache.get(`p${i}`)
  cache.get('p0') // p0 is now the most recent; p1 the oldest
  cache.get('p32')
  assert.equal(engine.opened.length, 33)
  assert.equal(engine.opened[1].closed, true, 'p1 evicted')
  assert.equal(engine.opened[0].closed, false, 'p0 kept')
  cache.get('p1')
  assert.equal(engine.opened.length, 34, 'p1 compiled again')
})

test('policies that are not JSON values are bad_config', () => {
  const cache = new PolicyCache(fakeEngine())
  const cyclic = []
  cyclic.push(cyclic)
  for (const p of [cyclic, 1n, () => 1, Symbol('s')]) {
    assert.throws(() => cache.get(p), (e) => e.code === 'bad_config', String(p))
  }
})

// The engine-level API on the real module.
describe('engine: sanitize, sanitizer, escape', () => {
  let eg
  before(async () => {
    eg = await load(wasmModule)
  })
  after(() => eg.close())

  test('policy objects: a preset extended, and a policy of its own', () => {
    const policy = { preset: 'basic', elements: { a: ['href'] }, links: { rel: ['nofollow'] } }
    assert.equal(eg.sanitize('<p><a href="https://x.test/">x</a><img src="https://x.test/i.png"></p>', policy),
      '<p><a href="https://x.test/" rel="nofollow">x</a></p>')
    const s = eg.sanitizer({ elements: { img: { attributes: { src: { schemes: ['https'], hosts: ['img.example'] } } } } })
    assert.equal(s.sanitize('<img src="https://img.example/a.png"><img src="https://evil.example/a.png">'), '<img src="https://img.example/a.png">')
    s.close()
  })

  test('rich keeps styles, classes and marks external links', () => {
    assert.equal(eg.sanitize('<p class="note" style="color: red; position: fixed">x <a href="https://e.test/">l</a></p>', 'rich'),
      '<p class="note" style="color: red">x <a href="https://e.test/" rel="nofollow noopener noreferrer" target="_blank">l</a></p>')
  })

  test('escape: every context, html by default', () => {
    const mixed = `Tom & "Jerry" <b>'s</b> café`
    const cases = [
      [undefined, 'Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; café'],
      ['html', 'Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; café'],
      ['text', `Tom &amp; "Jerry" &lt;b&gt;'s&lt;/b&gt; café`],
      ['attr', 'Tom&#32;&amp;&#32;&quot;Jerry&quot;&#32;&lt;b&gt;&#39;s&lt;/b&gt;&#32;café'],
      ['url', 'Tom%20%26%20%22Jerry%22%20%3Cb%3E%27s%3C%2Fb%3E%20caf%C3%A9'],
      ['js', 'Tom \\x26 \\x22Jerry\\x22 \\x3Cb\\x3E\\x27s\\x3C\\x2Fb\\x3E café'],
      ['css', 'Tom \\26  \\22 Jerry\\22  \\3C b\\3E \\27 s\\3C \\2F b\\3E  café'],
    ]
    for (const [context, want] of cases) assert.equal(eg.escape(mixed, context), want, String(context))
    assert.equal(eg.escape(new TextEncoder().encode('<é>'), 'html'), '&lt;é&gt;', 'bytes in')
  })

  test('escape: unknown or non-string contexts are bad_config, and are not kept', () => {
    for (const context of ['sql', '', { context: 'html' }, 5]) {
      assert.throws(() => eg.escape('x', context), (e) => e.code === 'bad_config', String(context))
    }
  })

  test('trustedTypes without Trusted Types in the runtime: plain strings', () => {
    assert.equal(globalThis.trustedTypes, undefined)
    const s = eg.sanitizer('strict', { trustedTypes: 'edgeguard' })
    assert.equal(s.sanitize('<b>x</b>'), 'x')
    s.close()
  })

  test('trustedTypes: a policy of that name whose createHTML sanitizes', () => {
    const created = []
    globalThis.trustedTypes = {
      createPolicy(name, rules) {
        if (created.some((p) => p.name === name)) throw new TypeError(`Policy with name "${name}" already exists.`)
        const policy = { name, createHTML: (input, ...args) => ({ trusted: rules.createHTML(input, ...args) }) }
        created.push(policy)
        return policy
      },
    }
    try {
      const s = eg.sanitizer('ugc', { trustedTypes: 'edgeguard' })
      assert.deepEqual(s.sanitize('<b onclick="x()">b</b><script>1</script>'), { trusted: '<b>b</b>' })
      assert.deepEqual(s.sanitize(new TextEncoder().encode('<i>é</i><img src=x onerror=y>')), { trusted: '<i>é</i><img src="x">' })
      // The policy sanitizes by itself: leaked, or called by the browser as
      // the default policy (with the type and sink as extra arguments).
      assert.deepEqual(created[0].createHTML('<img src=x onerror=y>', 'TrustedHTML', 'Element innerHTML'), { trusted: '<img src="x">' })
      assert.throws(() => eg.sanitizer('ugc', { trustedTypes: 'edgeguard' }), (e) => e.code === 'bad_config' && /already exists/.test(e.message))
      for (const bad of [{ trustedTypes: '' }, { trustedTypes: 1 }, { trusted: 'x' }, null]) {
        assert.throws(() => eg.sanitizer('ugc', bad), (e) => e.code === 'bad_request', JSON.stringify(bad))
      }
    } finally {
      delete globalThis.trustedTypes
    }
  })
})
