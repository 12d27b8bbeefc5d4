// Issue 7's Node benchmarks: GCRA decisions per second (the pure decision,
// and `limit` over the JS in-memory store), AES-256-GCM envelopes sealed and
// opened by the module (`eg.keyring`) against node:crypto doing the same
// envelope work, and argon2id with the default parameters in the module.
// Prints JSON on stdout (bench/run.sh keeps it in bench/out/practices.json);
// `--render FILE` turns such a file into the report's markdown section.
//
//   node bench/node/practices.mjs [> out.json]
//   node bench/node/practices.mjs --render out.json

import assert from 'node:assert/strict'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { load } from '../../js/src/entry-node.js'
import { defaults, measureAll, measureAllAsync } from './harness.mjs'

const log = (...a) => console.error('bench/node/practices:', ...a)

/** The envelope of docs/practices.md, with node:crypto: v1.<kid>.<b64url(nonce ‖ ct ‖ tag)>, AD "v1.<kid>." ‖ ad. */
function nodeKeyring(kid, key) {
  const aad = (ad) => Buffer.from(`v1.${kid}.${ad}`)
  return {
    seal(plaintext, ad = '') {
      const nonce = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, nonce).setAAD(aad(ad))
      const ct = Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()])
      return `v1.${kid}.${ct.toString('base64url')}`
    },
    open(envelope, ad = '') {
      const [v, id, body] = envelope.split('.')
      if (v !== 'v1' || id !== kid) throw new Error('bad envelope')
      const raw = Buffer.from(body, 'base64url')
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(aad(ad))
      d.setAuthTag(raw.subarray(raw.length - 16))
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()])
    },
  }
}

async function run() {
  const eg = await load()
  const out = { node: process.version, sample_ms: defaults.sampleMs, samples: defaults.samples }

  log('GCRA')
  const policy = { name: 'bench', quota: 1000, windowS: 1 }
  const rl = eg.rateLimiter(policy)
  const keys = Array.from({ length: 1024 }, (_, i) => `ip:10.0.${i >> 8}.${i & 255}`)
  let state = ''
  let t = Date.now()
  let k = 0
  assert.equal(typeof rl.decide('', { now: t }).state, 'string', 'decide returns a state')
  out.gcra = {
    policy,
    results: {
      ...measureAll({
        // One key's successive requests 1 ms apart: always allowed, so the
        // state keeps changing like a live key's.
        'decide (pure, no store)': () => {
          const d = rl.decide(state, { now: (t += 1) })
          state = d.state
          return d
        },
      }),
      ...(await measureAllAsync({ 'limit, MemoryStore, 1024 keys': () => rl.limit(keys[k++ & 1023]) })),
    },
  }
  rl.close()

  log('AES-256-GCM envelopes')
  const key = randomBytes(32)
  const ours = eg.keyring({ keys: { k1: new Uint8Array(key) } })
  const theirs = nodeKeyring('k1', key)
  out.aead = []
  for (const size of [1024, 64 * 1024]) {
    const plain = new Uint8Array(randomBytes(size))
    // Same work: each opens what the other sealed, before anything is timed.
    assert.deepEqual(new Uint8Array(theirs.open(ours.seal(plain))), plain, 'node:crypto opens the module\'s envelope')
    assert.deepEqual(ours.open(theirs.seal(plain)), plain, 'the module opens node:crypto\'s envelope')
    const envOurs = ours.seal(plain)
    const envTheirs = theirs.seal(plain)
    // 64 KiB in the module takes ~7 ms a call: 3 samples keep the run short.
    out.aead.push({
      bytes: size,
      results: measureAll({
        'edgeguard seal': () => ours.seal(plain),
        'edgeguard open': () => ours.open(envOurs),
        'node:crypto seal': () => theirs.seal(plain),
        'node:crypto open': () => theirs.open(envTheirs),
      }, size > 4096 ? { samples: 3 } : {}),
    })
  }
  ours.close()

  log('argon2id, default parameters (a few hashes)')
  const hasher = eg.passwordHasher()
  const phc = hasher.hash('correct horse battery staple')
  assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'the default is argon2id with OWASP\'s parameters')
  out.argon2id = {
    params: phc.split('$')[3],
    // sampleMs 1: a sample is one hash; 5 samples after 2 warm-up hashes.
    results: measureAll({ 'edgeguard hash (module in Node)': () => hasher.hash('correct horse battery staple') }, { samples: 5, sampleMs: 1, warmupMs: 1 }),
  }
  hasher.close()
  eg.close()
  return out
}

const fmtTime = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toPrecision(3)} ms` : ns >= 1e3 ? `${(ns / 1e3).toPrecision(3)} µs` : `${ns.toPrecision(3)} ns`)
const range = (r) => `${fmtTime(r.min_ns)}–${fmtTime(r.max_ns)}`

/** The markdown section of bench/out/report.md for a results file. */
function render(r) {
  const lines = [`### Practices in Node (issue 7): \`bench/node/practices.mjs\``, '',
    `Node ${r.node}; median of ${r.samples} samples of ≥ ${r.sample_ms} ms, contenders interleaved (64 KiB envelopes: 3 samples; argon2id: 5 single hashes).`, '',
    '| what | time/op | min–max | per second |', '| --- | --- | --- | --- |']
  for (const [name, x] of Object.entries(r.gcra.results)) lines.push(`| GCRA ${name} (quota ${r.gcra.policy.quota}/${r.gcra.policy.windowS} s) | ${fmtTime(x.ns_per_op)} | ${range(x)} | ${Math.round(1e9 / x.ns_per_op).toLocaleString('en-US')} decisions |`)
  for (const [name, x] of Object.entries(r.argon2id.results)) lines.push(`| argon2id ${r.argon2id.params}, ${name} | ${fmtTime(x.ns_per_op)} | ${range(x)} | ${(1e9 / x.ns_per_op).toFixed(2)} hashes |`)
  lines.push('', 'AES-256-GCM envelopes (`v1.<kid>.<base64url>`), MB/s of plaintext; each side opened the other\'s envelope before timing.', '',
    '| plaintext | contender | time/op | min–max | MB/s | × node:crypto |', '| --- | --- | --- | --- | --- | --- |')
  for (const a of r.aead) {
    for (const [name, x] of Object.entries(a.results)) {
      const peer = a.results[name.replace('edgeguard', 'node:crypto')]
      lines.push(`| ${a.bytes / 1024} KiB | ${name} | ${fmtTime(x.ns_per_op)} | ${range(x)} | ${((a.bytes / x.ns_per_op) * 1e3).toPrecision(3)} | ${(peer.ns_per_op / x.ns_per_op).toPrecision(3)}× |`)
    }
  }
  return lines.join('\n') + '\n'
}

const i = process.argv.indexOf('--render')
if (i > 0) process.stdout.write(render(JSON.parse(readFileSync(process.argv[i + 1], 'utf8'))))
else console.log(JSON.stringify(await run(), null, 1))
