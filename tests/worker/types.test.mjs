// The declarations of edgeguard/worker (js/src/worker.d.ts), checked by
// Deno's bundled TypeScript when Deno is installed in tests/node_modules
// (skipped otherwise), as tests/express/types.test.mjs does for Express.
// @ts-expect-error lines must fail to type-check, so a declaration that
// became too loose fails this test too.

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runtimePath } from './start.mjs'

const deno = runtimePath('deno')
const skip = deno ? false : 'deno is not installed in tests/node_modules'

const fixture = `
import { load } from 'edgeguard'
import { context, durableObjectStore, guard, RateLimitObject, type GuardContext, type GuardOptions } from 'edgeguard/worker'
const eg = await load(undefined, { lazy: true })
const options: GuardOptions = {
  headers: { contentSecurityPolicy: { preset: 'strict' } },
  maxBodyBytes: 1 << 20,
  rateLimit: { policy: { quota: 10, windowS: 60 }, key: (req: Request) => req.headers.get('x-user') ?? 'anon' },
  csrf: { secrets: ['s'], sessionId: (req: Request) => req.headers.get('x-session') ?? undefined },
  jwt: { algorithms: ['ES256'], jwks: eg.createRemoteJWKSet('https://idp/jwks'), realm: 'api' },
  authorize: { scope: ['admin'] },
  sanitize: { fields: ['text'], policy: 'ugc' },
  validate: { email: { in: ['body'], isEmail: true } },
  log: (line: string) => console.log(line),
  appId: 'shop',
  clientIp: (req: Request) => req.headers.get('x-real-ip') ?? undefined,
}
const fn: (request: Request, info: unknown) => Promise<Response> = guard(eg, options, async (request: Request) => {
  const c: GuardContext = context(request)
  const nonce: string | undefined = c.nonce
  return new Response(nonce + JSON.stringify([c.body, c.validated, c.auth, c.query, c.csrfToken()]))
})
const worker = guard(eg, { validate: eg.schema({ q: { in: ['query'], isInt: true } }) }, {
  fetch: (request: Request, env: { LIMITER: any }) => new Response(String(durableObjectStore(env.LIMITER))),
  scheduled: () => {},
})
worker.scheduled()
void [fn, RateLimitObject]
// @ts-expect-error the engine comes first
guard({}, () => new Response(''))
// @ts-expect-error a rate limit needs a policy
guard(eg, { rateLimit: { key: () => 'k' } }, () => new Response(''))
// @ts-expect-error headers are helmet options or false, not true
guard(eg, { headers: true }, () => new Response(''))
// @ts-expect-error the handler answers with a Response
guard(eg, {}, () => 'text')
// @ts-expect-error sanitize names its fields
guard(eg, { sanitize: { fields: 'text' } }, () => new Response(''))
`

const project = mkdtempSync(join(tmpdir(), 'edgeguard-worker-types-'))
after(() => rmSync(project, { recursive: true, force: true }))

test('deno check: every edgeguard/worker declaration', { skip, timeout: 60_000 }, () => {
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(fileURLToPath(new URL('../../js', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
  writeFileSync(join(project, 'types.ts'), fixture)
  execFileSync(deno, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DENO_DIR: fileURLToPath(new URL('../node_modules/.cache/deno', import.meta.url)) },
  })
})
