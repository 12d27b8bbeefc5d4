// rateLimit with redisStore over real HTTP against a real redis-server (started
// here on a free 127.0.0.1 port, as ratelimit/redisstore's Go tests do),
// reached through node-redis's sendCommand. Without redis-server the tests
// skip with a message, unless EDGEGUARD_REQUIRE_REDIS is set (make test sets
// it), where its absence fails.

import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect as tcpConnect, createServer as createTcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { MemoryStore, RedisStore, load } from 'edgeguard'
import { errorHandler, rateLimit, redisStore } from 'edgeguard/express'
import { CAS_SCRIPT } from '../../js/src/ratelimit-redis.js'
import express from 'express'
import { createClient } from 'redis'

const root = new URL('../../', import.meta.url)
const required = !['', '0', undefined].includes(process.env.EDGEGUARD_REQUIRE_REDIS)

// exec.LookPath: the first executable named `name` on PATH.
function lookPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir || '.', name), constants.X_OK)
      return join(dir || '.', name)
    } catch {}
  }
  return undefined
}

const redisServer = lookPath('redis-server')
if (!redisServer && required) {
  test('redis-server is installed (EDGEGUARD_REQUIRE_REDIS is set)', () => {
    assert.fail('redis-server not found on PATH and EDGEGUARD_REQUIRE_REDIS is set (apt-get install redis-server, or scripts/setup.sh)')
  })
}
const skip = redisServer ? false : 'redis-server not found (apt-get install redis-server); set EDGEGUARD_REQUIRE_REDIS=1 to make this a failure'

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createTcpServer().once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

// A client of no library: RESP2 over one socket, one command at a time, bulk
// replies as bytes (as ioredis's callBuffer gives them) and error replies
// as rejections. It shows that redisStore needs nothing of node-redis.
function rawSendCommand(port) {
  const socket = tcpConnect(port, '127.0.0.1')
  let queue = Promise.resolve()
  let buffered = Buffer.alloc(0)
  let waiting
  socket.on('data', (d) => {
    buffered = Buffer.concat([buffered, d])
    waiting?.()
  })
  const more = () => new Promise((resolve) => { waiting = resolve })
  async function line() {
    let i
    while ((i = buffered.indexOf('\r\n')) < 0) await more()
    const l = buffered.subarray(0, i).toString('latin1')
    buffered = buffered.subarray(i + 2)
    return l
  }
  async function reply() {
    const l = await line()
    if (l[0] === '+') return l.slice(1)
    if (l[0] === ':') return Number(l.slice(1))
    if (l[0] === '-') throw new Error(l.slice(1))
    if (l[0] === '$') {
      const n = Number(l.slice(1))
      if (n < 0) return null
      while (buffered.length < n + 2) await more()
      const bytes = new Uint8Array(buffered.subarray(0, n))
      buffered = buffered.subarray(n + 2)
      return bytes
    }
    throw new Error(`unexpected RESP line ${JSON.stringify(l)}`)
  }
  const send = (...args) => {
    const result = queue.then(() => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
      return reply()
    })
    queue = result.catch(() => {})
    return result
  }
  send.close = () => socket.destroy()
  return send
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)))
}

describe('redisStore', { skip }, () => {
  let eg
  let redisProc
  let dir
  let port
  let client
  const servers = []

  before(async () => {
    eg = await load()
    dir = mkdtempSync(join(tmpdir(), 'edgeguard-redis-'))
    port = await freePort()
    redisProc = spawn(redisServer, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
      '--protected-mode', 'yes', '--dir', dir], { stdio: 'ignore' })
    client = await connect()
  })

  after(async () => {
    for (const s of servers) s.close()
    await client?.quit().catch(() => {})
    redisProc?.kill()
    if (dir) rmSync(dir, { recursive: true, force: true })
    eg?.close()
  })

  // A node-redis client, once the server answers (it takes a moment to start).
  async function connect() {
    const deadline = Date.now() + 10_000
    for (;;) {
      const c = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } })
      c.on('error', () => {})
      try {
        await c.connect()
        await c.ping()
        return c
      } catch (err) {
        await c.destroy?.()
        if (Date.now() > deadline) throw new Error(`redis-server did not answer within 10 s: ${err.message}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  }

  // An app limiting GET /r with its own node-redis client, as a replica of
  // a service would run.
  async function replica(prefix, quota, extra = {}) {
    const own = await connect()
    const app = express()
    app.get('/r', rateLimit(eg, { policy: { quota, windowS: 3600 }, store: redisStore({ sendCommand: (...args) => own.sendCommand(args), prefix, ...extra }) }),
      (req, res) => res.send('ok'))
    app.use(errorHandler(eg, { log: () => {} }))
    const server = createServer(app)
    servers.push(server)
    server.on('close', () => own.quit().catch(() => {}))
    return listen(server)
  }

  async function statuses(urls, n) {
    const all = await Promise.all(Array.from({ length: n }, (_, i) => fetch(urls[i % urls.length]).then(async (r) => (await r.arrayBuffer(), r.status))))
    return { ok: all.filter((s) => s === 200).length, limited: all.filter((s) => s === 429).length, other: all.filter((s) => s !== 200 && s !== 429) }
  }

  test('the compare-and-swap script is the Go store\'s, byte for byte', () => {
    const go = readFileSync(new URL('ratelimit/redisstore/redisstore.go', root), 'utf8')
    const m = /casScript = redis\.NewScript\(`([^`]*)`\)/.exec(go)
    assert.ok(m, 'casScript not found in ratelimit/redisstore/redisstore.go')
    assert.equal(CAS_SCRIPT, m[1])
  })

  test('quota, then 429; the state lives under prefix + key with a PX expiry', async () => {
    const base = await replica('seq:', 3)
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/r`)
      assert.equal(res.status, 200, `request ${i}`)
      await res.arrayBuffer()
    }
    const res = await fetch(`${base}/r`)
    assert.equal(res.status, 429)
    assert.ok(Number(res.headers.get('retry-after')) > 0)
    await res.arrayBuffer()
    const state = await client.get('seq:ip=127.0.0.1')
    assert.match(state, /^[1-9][0-9]*$/, 'one policy: one TAT in Unix ns')
    const pttl = await client.pTTL('seq:ip=127.0.0.1')
    // Three requests of a 3/h bucket: the TAT is ≈ a full hour ahead.
    assert.ok(pttl > 3_500_000 && pttl <= 3_600_000, `PTTL ${pttl}`)
  })

  test('40 parallel requests over two replicas with their own clients: exactly the quota allowed', async () => {
    const urls = [`${await replica('par:', 10)}/r`, `${await replica('par:', 10)}/r`]
    const got = await statuses(urls, 40)
    assert.deepEqual(got, { ok: 10, limited: 30, other: [] })
  })

  test('the same verdicts and states as the memory store (module decides, store only swaps)', async () => {
    const policy = { policies: [{ name: 'b', quota: 5, windowS: 5 }, { name: 'd', quota: 12, windowS: 3600 }] }
    const redis = eg.rateLimiter(policy, { store: new RedisStore({ sendCommand: (...a) => client.sendCommand(a), prefix: 'same:' }) })
    const memory = eg.rateLimiter(policy, { store: new MemoryStore() })
    const start = Date.now()
    for (const [i, at] of [0, 0, 0, 100, 200, 900, 1000, 1000, 2500, 2600, 4000, 4000, 4100, 9000, 9000, 9001].entries()) {
      const opts = { now: start + at, cost: 1 + (i % 2) }
      const a = await redis.limit('k', opts)
      const b = await memory.limit('k', opts)
      assert.deepEqual([a.allowed, a.state], [b.allowed, b.state], `request ${i}`)
    }
    redis.close()
    memory.close()
  })

  test('a flushed script cache is refilled (EVALSHA → NOSCRIPT → EVAL)', async () => {
    const base = await replica('flush:', 2)
    assert.equal((await fetch(`${base}/r`)).status, 200)
    await client.scriptFlush()
    assert.equal((await fetch(`${base}/r`)).status, 200)
    assert.equal((await fetch(`${base}/r`)).status, 429)
  })

  test('fails closed: a store error answers 500, never lets the request through', async () => {
    const app = express()
    app.get('/r', rateLimit(eg, { policy: { quota: 5, windowS: 60 }, store: redisStore({ sendCommand: async () => { throw new Error('ECONNREFUSED') } }) }),
      (req, res) => res.send('ok'))
    app.get('/null', rateLimit(eg, { policy: { quota: 5, windowS: 60 }, store: redisStore({ sendCommand: async () => null }) }),
      (req, res) => res.send('ok'))
    app.use(errorHandler(eg, { log: () => {} }))
    const server = createServer(app)
    servers.push(server)
    const base = await listen(server)
    for (const path of ['/r', '/null']) {
      const res = await fetch(base + path)
      assert.equal(res.status, 500, path)
      const body = await res.text()
      assert.notEqual(body, 'ok')
      assert.doesNotMatch(body, /ECONNREFUSED/)
    }
  })

  test('any client: a bare RESP sendCommand with byte replies gives the same verdicts', async () => {
    const send = rawSendCommand(port)
    try {
      const limiter = eg.rateLimiter({ quota: 2, windowS: 60 }, { store: redisStore({ sendCommand: send, prefix: 'raw:' }) })
      await client.scriptFlush() // the first swap goes EVALSHA → NOSCRIPT (an error reply) → EVAL
      const verdicts = []
      for (let i = 0; i < 3; i++) verdicts.push((await limiter.limit('k')).allowed)
      assert.deepEqual(verdicts, [true, true, false])
      assert.equal(await limiter.store.get('k'), await client.get('raw:k'))
      limiter.close()
    } finally {
      send.close()
    }
  })

  test('bad options are refused by name', () => {
    assert.throws(() => redisStore({}), { code: 'bad_config', message: /sendCommand/ })
    assert.throws(() => redisStore({ sendCommand: () => {}, prefx: 'x' }), { code: 'bad_config', message: /"prefx"/ })
    assert.throws(() => redisStore({ sendCommand: () => {}, prefix: 1 }), { code: 'bad_config', message: /prefix/ })
  })

  test('Go (ratelimit/redisstore) and JavaScript limiters share one bucket', async (t) => {
    const go = lookPath('go')
    if (!go) return t.skip('go not found on PATH: cannot build tests/express/gopeer')
    const bin = join(dir, 'gopeer')
    await promisify(execFile)(go, ['build', '-o', bin, './tests/express/gopeer'], { cwd: new URL('.', root), timeout: 300_000 })
    const goCharge = async (n, parallel) => JSON.parse((await promisify(execFile)(bin,
      ['-addr', `127.0.0.1:${port}`, '-prefix', 'share:', '-key', 'ip=127.0.0.1', '-quota', '20', '-window', '1h', '-n', String(n), '-parallel', String(parallel)])).stdout)

    const base = await replica('share:', 20)
    // In turn: what one side spends, the other no longer has.
    assert.equal((await statuses([`${base}/r`], 5)).ok, 5)
    assert.deepEqual(await goCharge(5, 1), { allowed: 5, refused: 0 })
    // At once: 30 from Go and 30 from JS against the 10 left.
    const [fromGo, fromJs] = await Promise.all([goCharge(30, 8), statuses([`${base}/r`], 30)])
    assert.equal(fromGo.allowed + fromJs.ok, 10, `Go allowed ${fromGo.allowed}, JS ${fromJs.ok}`)
    assert.deepEqual(fromJs.other, [])
    assert.deepEqual(await goCharge(1, 1), { allowed: 0, refused: 1 })
  })
})
