// Requests/s of one Express route, edgeguard against the peers, under wrk:
// server.mjs runs each side in its own process on 127.0.0.1; this script
// mints the tokens, checks that both sides answer alike (status, body,
// headers) for a valid request, an invalid form, a bad signature and no
// token, then loads each side with Debian's wrk, alternating which goes
// first in each round, and prints a Markdown report: requests per wall
// second and per CPU second of the server process, p50 and p99 latency.
//
//   node bench.mjs        (bench/run.sh runs it; needs `make build` and wrk)
//
// Environment: BENCH_ALGS (default HS256,RS256), BENCH_ROUNDS (3),
// BENCH_DURATION_S (10 per run), BENCH_WARMUP_S (10 per side and algorithm),
// BENCH_CONNECTIONS (16, over one wrk thread), BENCH_PEERS (peer,peer-keyobject),
// BENCH_CPU_PROF=<dir> (run the
// servers under node --cpu-prof, profiles written there at exit).

import assert from 'node:assert/strict'
import { execFile, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { audience, b64, claims, issuer, publicPem, secret, token } from './tokens.mjs'

const ALGS = (process.env.BENCH_ALGS ?? 'HS256,RS256').split(',')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10)
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const CPU_PROF = process.env.BENCH_CPU_PROF
// edgeguard first (the ratios are against it); peer-keyobject is the peer
// with keys imported once (createSecretKey / createPublicKey) instead of
// the secret bytes and PEM text express-jwt's documentation shows, which
// jsonwebtoken imports again on every request.
const SIDES = ['edgeguard', ...(process.env.BENCH_PEERS ?? 'peer,peer-keyobject').split(',')]
const here = fileURLToPath(new URL('.', import.meta.url))
const run = promisify(execFile)

const form = JSON.parse(readFileSync(new URL('../../validate/testdata/signup.json', import.meta.url), 'utf8'))

// What the servers verify with (server.mjs reads it from BENCH_KEYS).
const keys = { secret: b64(secret), publicPem, issuer, audience }
const tokenClaims = claims(24 * 3600)
const tokens = Object.fromEntries(ALGS.map((alg) => [alg, token(alg, tokenClaims)]))
const validBody = JSON.stringify(form.valid.body)
const invalidBody = JSON.stringify(form.invalid.body)

// Every server still running when this script ends, however it ends, is
// killed: an interrupted benchmark must not leave servers behind.
const children = new Set()
process.on('exit', () => { for (const c of children) c.kill() })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1))

/** Starts one side; resolves to its base URL and process. */
function start(side) {
  const args = [...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF, '--cpu-prof-name', `${side}.cpuprofile`] : []), 'server.mjs', side]
  const child = spawn(process.execPath, args, { cwd: here, env: { ...process.env, BENCH_KEYS: JSON.stringify(keys) }, stdio: ['ignore', 'pipe', 'inherit'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    let out = ''
    child.once('exit', (code) => reject(new Error(`${side} server exited with ${code} before listening`)))
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening (\d+)/.exec(out)
      if (m) resolve({ side, child, base: `http://127.0.0.1:${m[1]}` })
    })
  })
}

function stop(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit')
    server.child.once('exit', resolve)
    server.child.kill('SIGTERM')
  })
}

// Response headers that legitimately differ: per process, and the ETag,
// a hash of the body's bytes (the sides list the same members in different
// orders; the bodies are compared as JSON).
const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'etag'])

async function post(base, path, body, authorization) {
  const res = await fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(authorization && { authorization }) } })
  const headers = Object.fromEntries([...res.headers].filter(([n]) => !VOLATILE.has(n)))
  const text = await res.text()
  return { status: res.status, headers, body: res.status === 200 ? JSON.parse(text) : text }
}

/** Both sides answer alike: the same 200 (headers and body), and the same refusals. */
async function checkAlike(servers, alg) {
  const path = `/${alg.toLowerCase()}`
  const good = `Bearer ${tokens[alg]}`
  const forged = `Bearer ${tokens[alg].slice(0, -6)}AAAAAA`
  const [a, ...others] = await Promise.all(servers.map((s) => post(s.base, path, validBody, good)))
  assert.equal(a.status, 200, `edgeguard ${alg}: ${JSON.stringify(a.body)}`)
  for (const [i, b] of others.entries()) assert.deepEqual(a, b, `${alg}: edgeguard and ${servers[i + 1].side} answer a valid request differently`)
  assert.equal(a.body.sub, tokenClaims.sub)
  for (const [what, body, auth, status] of [['invalid form', invalidBody, good, 400], ['forged signature', validBody, forged, 401], ['no token', validBody, undefined, 401]]) {
    const got = await Promise.all(servers.map((s) => post(s.base, path, body, auth)))
    assert.deepEqual(got.map((r) => r.status), servers.map(() => status), `${alg}, ${what} (${SIDES.join(', ')})`)
  }
}

// The server's CPU time (user + system, seconds) from /proc: requests per
// CPU second is what other processes on a shared machine disturb least
// (wall-clock requests/s drop whenever another process takes the core).
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS // utime, stime: fields 14 and 15 of stat(5)
}

/** One wrk run; its post.lua summary with requests per wall and per CPU second added. */
async function wrk(server, alg, seconds) {
  const cpu0 = cpuSeconds(server.child.pid)
  const { stdout } = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '5s', '-s', 'post.lua', `${server.base}/${alg.toLowerCase()}`], {
    cwd: here, env: { ...process.env, BENCH_BODY: validBody, BENCH_TOKEN: tokens[alg] },
  })
  const r = JSON.parse(stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop())
  // A refusal is cheaper than a success: a run with any is not comparable.
  // A few socket errors (wrk's timeouts on an overloaded machine) only cost
  // throughput, which is measured; many mean the server is broken.
  if (r.non2xx || r.socket_errors > r.requests / 100) throw new Error(`${server.side} ${alg}: ${r.non2xx} non-2xx answers, ${r.socket_errors} socket errors in ${r.requests} requests`)
  return { ...r, rps: r.requests / (r.duration_us / 1e6), rpcpu: r.requests / (cpuSeconds(server.child.pid) - cpu0) }
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const int = (x) => Math.round(x).toLocaleString('en-US')
const ms = (us) => (us / 1000).toFixed(2)

const { stdout: wrkVersion } = await run('wrk', ['-v']).catch((e) => ({ stdout: e.stdout ?? '' }))
const load0 = loadavg()
// A server that fails to start must not leave the others running.
const started = await Promise.allSettled(SIDES.map(start))
const servers = started.filter((r) => r.status === 'fulfilled').map((r) => r.value)
if (servers.length < SIDES.length) {
  await Promise.all(servers.map(stop))
  throw started.find((r) => r.status === 'rejected').reason
}
const results = {}
try {
  for (const alg of ALGS) await checkAlike(servers, alg)
  // Every warm-up before any measurement, and the algorithms interleaved in
  // each round: V8 keeps tiering code up (JavaScript and the module's
  // functions) for a while, and a side measured before that settles would
  // pay for it in whichever algorithm came first.
  for (const alg of ALGS) for (const s of servers) await wrk(s, alg, WARMUP_S)
  for (const alg of ALGS) results[alg] = Object.fromEntries(SIDES.map((side) => [side, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (const alg of ALGS) {
      for (const s of r % 2 ? [...servers].reverse() : servers) results[alg][s.side].push(await wrk(s, alg, DURATION_S))
    }
  }
} finally {
  await Promise.all(servers.map(stop))
}

console.log(`Node ${process.version}, ${wrkVersion.split('\n')[0].trim() || 'wrk'}; wrk -t1 -c${CONNECTIONS}, ${ROUNDS} rounds × ${DURATION_S} s per side (order alternating), after ${WARMUP_S} s of warm-up per side and algorithm, algorithms interleaved; load average ${load0.map((x) => x.toFixed(2)).join(' ')} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`)
console.log('Route: POST the sign-up form (validate/testdata/signup.json, valid), Bearer token (iss, aud, exp checked), security headers; answer 200 {sub, ...validated}.')
console.log('Ratios are of medians (edgeguard ÷ peer; > 1: edgeguard serves more); per round in parentheses, wall-clock requests/s.')
console.log('')
console.log('| token | side | requests/s, median (min–max) | requests per server CPU s | p50 latency | p99 latency |')
console.log('|---|---|---|---|---|---|')
const LABELS = {
  edgeguard: 'edgeguard: helmet + requireJwt + validate',
  peer: 'helmet 8.3.0 + express-jwt 8.5.1 + express-validator 7.3.2',
  'peer-keyobject': 'the same, keys as KeyObjects',
}
const ratios = []
for (const alg of ALGS) {
  const { edgeguard } = results[alg]
  for (const side of SIDES) {
    const runs = results[alg][side]
    const rps = runs.map((r) => r.rps)
    console.log(`| ${alg} | ${LABELS[side]} | ${int(median(rps))} (${int(Math.min(...rps))}–${int(Math.max(...rps))}) | ${int(median(runs.map((r) => r.rpcpu)))} | ${ms(median(runs.map((r) => r.p50_us)))} ms | ${ms(median(runs.map((r) => r.p99_us)))} ms |`)
  }
  for (const side of SIDES.slice(1)) {
    const peer = results[alg][side]
    const ratio = (key) => (median(edgeguard.map((r) => r[key])) / median(peer.map((r) => r[key]))).toFixed(2)
    const socketErrors = [...edgeguard, ...peer].reduce((n, r) => n + r.socket_errors, 0)
    ratios.push(`${alg}, edgeguard ÷ ${side}: **${ratio('rps')}×** per wall second (${edgeguard.map((e, i) => (e.rps / peer[i].rps).toFixed(2)).join(', ')}), **${ratio('rpcpu')}×** per server CPU second${socketErrors ? `; ${socketErrors} socket errors (timeouts) in these runs` : ''}`)
  }
}
console.log('')
for (const r of ratios) console.log(`- ${r}`)
