// Requests per second through edgeguard/worker in real workerd, measured
// with Debian's wrk on 127.0.0.1: an unguarded route, the security headers
// with a fresh CSP nonce, and those plus an HS256 JWT check. Not part of
// the tests (numbers on a shared machine are noisy); run by hand:
//   node tests/worker/bench.mjs [seconds]

import { execFileSync } from 'node:child_process'
import { makeSecrets } from './checks.mjs'
import { startWorkerd } from './start.mjs'

const seconds = Number(process.argv[2] ?? 5)
const secrets = makeSecrets()
const server = await startWorkerd({ JWT_SECRET: secrets.settings.jwtSecret, CSRF_SECRET: secrets.settings.csrfSecret })
try {
  const token = secrets.hs256({ sub: 'alice', aud: 'api', exp: Math.floor(Date.now() / 1000) + 3600 })
  const runs = [
    ['unguarded', '/plain', []],
    ['headers + nonce', '/page', []],
    ['headers + JWT (HS256)', '/me', ['-H', `Authorization: Bearer ${token}`]],
  ]
  for (const [name, path, extra] of runs) {
    const url = `${server.url}${path}`
    const first = await fetch(url, { headers: extra.length ? { authorization: `Bearer ${token}` } : {} })
    if (first.status !== 200) throw new Error(`${path}: ${first.status} ${await first.text()}`)
    const out = execFileSync('wrk', ['-t1', '-c8', `-d${seconds}s`, '--latency', ...extra, url], { encoding: 'utf8' })
    const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)[1]
    const p50 = /50%\s+(\S+)/.exec(out)[1]
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0'
    console.log(`${name.padEnd(24)} ${rps.padStart(9)} req/s  p50 ${p50}  non-2xx ${non2xx}`)
  }
} finally {
  server.stop()
}
