// The declarations of edgeguard/express (js/src/express.d.ts), checked by
// Deno's bundled TypeScript when Deno is installed in ../node_modules
// (skipped otherwise), as js/test/jwt-types.test.js does for the core API.
// @ts-expect-error lines must fail to type-check, so a declaration that
// became too loose fails this test too.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const deno = fileURLToPath(new URL('../node_modules/@deno/linux-x64-glibc/deno', import.meta.url))
const skip = existsSync(deno) ? false : 'deno is not installed in tests/node_modules'

const fixture = `
import { load, RedisStore, type RateLimitStore } from 'edgeguard'
import { authorize, csrf, errorHandler, helmet, rateLimit, redisStore, requireJwt, sanitizeBody, validate,
  type ErrorMiddleware, type Middleware } from 'edgeguard/express'
const eg = await load(undefined, { lazy: true })
const chain: Middleware[] = [
  helmet(eg, { contentSecurityPolicy: { preset: 'strict' } }),
  helmet(eg),
  validate(eg, { email: { in: ['body'], isEmail: true } }),
  requireJwt(eg, { algorithms: ['HS256'], secret: new Uint8Array(32), realm: 'api' }),
  requireJwt(eg, { algorithms: ['ES256'], jwks: eg.createRemoteJWKSet('https://idp/jwks') }),
  authorize(eg, { scope: ['admin'] }, { realm: 'api' }),
  csrf(eg, { secrets: ['s'], sessionId: (req) => req.get('x-session') }),
  rateLimit(eg, { policy: { quota: 10, windowS: 60 }, key: (req) => req.ip }),
  rateLimit(eg, { policy: { quota: 10, windowS: 60 }, store: redisStore({ sendCommand: (...args: string[]) => Promise.resolve(args.length), prefix: 'rl:' }) }),
  sanitizeBody(eg, ['text'], 'ugc'),
]
const shared: RateLimitStore = new RedisStore({ sendCommand: async () => null })
const last: ErrorMiddleware = errorHandler(eg, { log: (line: string) => console.log(line) })
void [chain, last, shared]
// @ts-expect-error the engine comes first
helmet({ contentSecurityPolicy: false })
// @ts-expect-error a JWT verifier needs its algorithms
requireJwt(eg, { secret: 'x' })
// @ts-expect-error a rate limit needs a policy
rateLimit(eg, { key: () => 'k' })
// @ts-expect-error a Redis store needs sendCommand
redisStore({ prefix: 'rl:' })
// @ts-expect-error fields are names
sanitizeBody(eg, 'text')
`

const project = mkdtempSync(join(tmpdir(), 'edgeguard-express-types-'))
after(() => rmSync(project, { recursive: true, force: true }))

test('deno check: every edgeguard/express declaration', { skip }, () => {
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(fileURLToPath(new URL('../../js', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
  writeFileSync(join(project, 'types.ts'), fixture)
  execFileSync(deno, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], { cwd: project, encoding: 'utf8', timeout: 60_000 })
})
