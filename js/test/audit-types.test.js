// The declarations of the csrf, rate-limit, secret and audit APIs
// (index.d.ts, core.d.ts), checked by Deno's bundled TypeScript when Deno is
// installed in ../tests/node_modules (skipped otherwise). @ts-expect-error
// lines must fail to type-check, so a declaration that became too loose
// fails this test too.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const deno = fileURLToPath(new URL('../../tests/node_modules/@deno/linux-x64-glibc/deno', import.meta.url))
const skip = existsSync(deno) ? false : 'deno is not installed in ../tests/node_modules'

const fixture = `
import { load, type CsrfVerdict, type RateLimitDecision, type RateLimitStore, type SecurityEvent } from 'edgeguard'
import { DurableObjectStore, MemoryStore } from 'edgeguard/core'
const eg = await load(undefined, { lazy: true })
const csrf = eg.csrf({ secrets: ['x'], trustedOrigins: ['https://a'], cookie: { sameSite: 'Lax' }, logOnly: true })
const v: CsrfVerdict = csrf.check(new Request('https://a/'), { sessionId: 's', now: 1 })
const v2: CsrfVerdict = csrf.check({ method: 'POST', url: '/', headers: { host: 'a', cookie: ['a=b'] } })
const { token, setCookie } = csrf.generate('s')
const ok: boolean = csrf.verify('s', token, undefined, { requestId: 'r' }).ok
const store: RateLimitStore = new MemoryStore({ maxKeys: 10 })
const rl = eg.rateLimiter({ policies: [{ name: 'a', quota: 1, windowS: 1 }], headers: 'both' }, { store })
const d: RateLimitDecision = await rl.limit(rl.key({ ip: '::1', route: 'x' }), { cost: 2 })
const h = new Headers(d.headers)
const pure: RateLimitDecision = rl.decide('', { now: 1 })
const asyncStore: RateLimitStore = { get: async () => '', compareAndSwap: async () => true }
declare const storage: { get(k: string): Promise<unknown>; put(k: string, v: unknown): Promise<void>; delete(k: string): Promise<boolean> }
const dos: RateLimitStore = new DurableObjectStore(storage)
const kr = eg.keyring({ keys: { k1: new Uint8Array(32), k2: 'AAAA' }, primary: 'k1' })
const bytes: Uint8Array = kr.open(kr.seal(new Uint8Array(1), 'ad'), 'ad')
const text: string = kr.openString(kr.seal('x'))
const hash: string = eg.hashPassword('pw', { algorithm: 'bcrypt', bcryptCost: 12 })
const same: boolean = eg.verifyPassword('pw', hash) && !eg.needsRehash(hash, { argon2: { memoryKiB: 19456 } })
const e: SecurityEvent = { event: 'authz_fail', datetime: new Date(), fields: { a: 1 } }
const line: string = eg.securityEvent(e, { appId: 'x' }) + eg.redact('x')
void [v, v2, setCookie, ok, d, h, pure, asyncStore, dos, bytes, text, same, line]
// @ts-expect-error a policy needs a quota
eg.rateLimiter({ windowS: 1 })
// @ts-expect-error sameSite is one of three values
eg.csrf({ cookie: { sameSite: 'strict' } })
// @ts-expect-error verify returns a result object, not a boolean
const wrong: boolean = csrf.verify('s', token, token)
// @ts-expect-error levels are the OWASP ones
eg.securityEvent({ event: 'x', level: 'DEBUG' })
// @ts-expect-error keyring keys are bytes or base64url strings
eg.keyring({ keys: { k: 42 } })
void wrong
`

const project = mkdtempSync(join(tmpdir(), 'edgeguard-types-'))
after(() => rmSync(project, { recursive: true, force: true }))

test('deno check: csrf, rateLimiter, keyring, passwords, securityEvent declarations', { skip }, () => {
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(fileURLToPath(new URL('..', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
  writeFileSync(join(project, 'types.ts'), fixture)
  execFileSync(deno, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], { cwd: project, encoding: 'utf8', timeout: 60_000 })
})
