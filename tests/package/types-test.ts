// Every export of the installed package's declarations, used as a program
// would: package.test.mjs runs `tsc --strict --noEmit` on this file inside
// the project that installed the tarball, so 'edgeguard' and its subpaths
// resolve through the package's "exports" types conditions. Every
// `@ts-expect-error` line must be an error (tsc reports an unused one), so a
// declaration that became too loose fails as surely as one that is wrong.
// package.test.mjs also checks that this file names every runtime export
// and method, so it grows with the API. Never run, only type-checked.

import {
  Csrf,
  DurableObjectStore,
  Edgeguard,
  EdgeguardError,
  ERROR_CODES,
  Handle,
  JWT_ERROR_CODES,
  JwtVerifier,
  Keyring,
  MemoryStore,
  PasswordHasher,
  RateLimiter,
  RedisStore,
  RemoteJWKSet,
  RemoteJwtVerifier,
  Rule,
  Sanitizer,
  Schema,
  SecurityHeaders,
  createEdgeguard,
  load,
  newNonce,
  wasmURL,
  type AuthzDecision,
  type CoreErrorCode,
  type CspFinding,
  type ErrorCode,
  type HeaderSet,
  type JwtChallenge,
  type JwtCrypto,
  type RateLimitDecision,
  type RateLimitStore,
  type RawResult,
  type Source,
  type TrustedHTMLValue,
  type ValidationError,
  type UnverifiedJwt,
  type VerifiedJwt,
} from 'edgeguard'
import * as core from 'edgeguard/core'
import {
  authorize,
  csrf,
  errorHandler,
  helmet,
  rateLimit,
  redisStore,
  requireJwt,
  sanitizeBody,
  validate,
  type ErrorMiddleware,
  type ExpressRequest,
  type ExpressResponse,
  type Middleware,
} from 'edgeguard/express'
import { RateLimitObject, context, durableObjectStore, guard, type GuardContext } from 'edgeguard/worker'
import { edgeguardFormat, logSecurityEvent as winstonEvent } from 'edgeguard/adapters/winston'
import { interpolate, logSecurityEvent as pinoEvent, pinoOptions } from 'edgeguard/adapters/pino'

declare const bytes: Uint8Array
declare const module: WebAssembly.Module
declare const req: ExpressRequest
declare const res: ExpressResponse

// ---- loading (index.d.ts) ----
const sources: Source[] = [module, new ArrayBuffer(8), bytes, new URL('https://x/e.wasm'), '/e.wasm', new Response(), Promise.resolve(bytes)]
const eg: Edgeguard = await load()
await load(sources[0], { lazy: true, env: { GOGC: '50' }, log: (fd, line) => console.log(fd, line), maxMemoryBytes: 1 << 28, jwtCrypto: [] })
const fromCore: Edgeguard = await createEdgeguard(module, { lazy: false })
const sameClass: core.Edgeguard = fromCore
const url: URL = wasmURL
// (lib.dom declares WebAssembly.Module as an empty interface, which every
// non-null value satisfies, so a wrong source cannot be a type error.)
// @ts-expect-error fd is 1 or 2
await load(undefined, { log: (fd: 3, line: string) => line })
// @ts-expect-error lazy is a boolean
await createEdgeguard(module, { lazy: 'yes' })

// ---- the engine ----
const version: { abi: number; version: string } = eg.version
const stats: { instantiations: number; memoryBytes: number } = eg.stats
// @ts-expect-error version is read-only
eg.version.abi = 2
await eg.ready()
eg.close()

// ---- errors ----
const codes: readonly CoreErrorCode[] = ERROR_CODES
const jwtCodes: readonly string[] = JWT_ERROR_CODES
const err = new EdgeguardError('bad_config', 'message', { detail: { key: 'x' }, cause: new Error('x') })
const code: ErrorCode = err.code
const documented: ErrorCode = 'decrypt_failed'
const detail: unknown = err.detail
const errName: 'EdgeguardError' = err.name
// @ts-expect-error the code is read-only
err.code = 'internal'
// @ts-expect-error a message is required
new EdgeguardError('internal')

// ---- HTML ----
const s1: string = eg.sanitize('<b>x</b>')
const s2: string = eg.sanitize(bytes, { preset: 'ugc', elements: { a: ['href'] } })
const s3: string = eg.sanitize('<svg></svg>', { preset: 'rich', svg: true, mathml: { elements: ['math', 'mi'] } })
// @ts-expect-error the safe modes take a boolean or a subset
eg.sanitize('x', { svg: 'yes' })
const sanitizer: Sanitizer<string> = eg.sanitizer('strict')
const plain: string = sanitizer.sanitize('x')
sanitizer.close()
const trusted = eg.sanitizer('ugc', { trustedTypes: 'edgeguard' })
const maybeTrusted: string | TrustedHTMLValue = trusted.sanitize(bytes)
const escaped: string = eg.escape('<', 'attr')
// @ts-expect-error TrustedHTML is not a string
const notString: string = trusted.sanitize('x')
// @ts-expect-error not an output context
eg.escape('x', 'sql')
// @ts-expect-error html is text or bytes
eg.sanitize(42)

// ---- input validation ----
const schemaDoc = { email: { in: ['body' as const], isEmail: true, errorMessage: 'bad email' }, 'items.*.n': { optional: { options: { values: 'falsy' as const } }, isInt: { options: { min: 1 } } } }
const schema: Schema = eg.schema(schemaDoc, { unknown: 'reject', showSecrets: false })
const result = schema.validate({ body: { email: 'a@b.co' }, query: {} })
const ok: boolean = result.ok
const data: Record<string, unknown> = result.data
for (const e of result.errors satisfies ValidationError[]) {
  if (e.type === 'field') {
    const where: string = `${e.location}.${e.path}: ${e.code}`
    void where
  }
}
schema.close()
const r2 = eg.validate(schemaDoc, { body: {} }, { unknownLocations: ['body'] })
const rule: Rule = eg.validator('isLength', { min: 2 })
const checked: boolean = rule.check('abc')
const cleaned: string | number | boolean | null = rule.sanitize('abc')
rule.close()
const viaValidator: Schema = eg.validator(schemaDoc)
const valid: boolean = eg.isValid('isEmail', 'a@b.co')
const sanitizedValue: string | number | boolean | null = eg.sanitizeValue('toInt', '42')
// @ts-expect-error the unknown-field policy is one of three
eg.schema(schemaDoc, { unknown: 'ignore' })
// @ts-expect-error values are strings
eg.isValid('isEmail', 42)
// @ts-expect-error not a location
eg.schema({ a: { in: ['session'] } })

// ---- headers and CSP ----
const set: HeaderSet = eg.securityHeaders({ contentSecurityPolicy: { preset: 'strict', wasmUnsafeEval: true }, xFrameOptions: { action: 'deny' } })
const headerValue: string | undefined = set.headers['X-Frame-Options']
const removed: string[] = set.remove
const withNonce: HeaderSet = eg.securityHeaders(null, { nonce: newNonce() })
const compiled: SecurityHeaders = eg.compileSecurityHeaders({ strictTransportSecurity: { maxAge: 63072000, preload: true } })
const usesNonce: boolean = compiled.usesNonce
const built: HeaderSet = compiled.build()
const csp = eg.csp({ scriptSrc: ["'self'"], objectSrc: null }, { nonce: ['scriptSrc', 'styleSrc'], reportOnly: true })
const cspName: 'Content-Security-Policy' | 'Content-Security-Policy-Report-Only' = csp.name
const findings: CspFinding[] = eg.evaluateCsp("script-src 'self'", { version: 'CSP3', strict: true, extra: true, wasm: true })
const severity: string = findings[0].severity
const parsed = eg.parseCsp("default-src 'none'")
const directiveNames: string[] = parsed.directives.map((d) => d.name)
const report = eg.parseCspReport('{}')
const violations: number = report.events.length + report.ignored
const hash: string = eg.cspHash('alert(1)', 'sha384')
// @ts-expect-error not a header option
eg.securityHeaders({ xFrameOptions: { action: 'allow-from' } })
// @ts-expect-error not a hash algorithm
eg.cspHash('x', 'md5')
// @ts-expect-error usesNonce is read-only
compiled.usesNonce = false

// ---- CSRF ----
const guardCsrf: Csrf = eg.csrf({ secrets: ['0123456789abcdef0123456789abcdef'], cookie: { sameSite: 'Lax' }, trustedOrigins: ['https://a.example'] })
const cookieName: string = guardCsrf.cookieName
const minted: { token: string; setCookie: string } = guardCsrf.generate('session')
const tokenResult = guardCsrf.verify('session', minted.token, minted.token, { requestId: 'r1' })
const tokenCode: 'csrf_token_missing' | 'csrf_token_mismatch' | 'csrf_token_invalid' | undefined = tokenResult.code
const verdict = guardCsrf.check(new Request('https://a.example/x', { method: 'POST' }), { sessionId: 'session' })
const verdict2 = guardCsrf.check({ method: 'POST', url: '/x', headers: { 'sec-fetch-site': 'same-origin' } })
const blocked: boolean = verdict.blocked || verdict2.allowed
guardCsrf.close()
// @ts-expect-error SameSite has three values
eg.csrf({ cookie: { sameSite: 'strict' } })
// @ts-expect-error a request needs a method
guardCsrf.check({ headers: {} })

// ---- rate limits ----
const memory = new MemoryStore({ maxKeys: 1000, now: () => Date.now() })
const size: number = memory.size
const stored: string = memory.get('k')
const swapped: boolean = memory.compareAndSwap('k', '', 'v', 1000)
declare const storage: { get(key: string): Promise<unknown>; put(key: string, value: unknown): Promise<void>; delete(key: string): Promise<boolean> }
const durable: RateLimitStore = new DurableObjectStore(storage)
const durableGet: Promise<string> = new DurableObjectStore(storage, { now: Date.now }).get('k')
const durableSwap: Promise<boolean> = new DurableObjectStore(storage).compareAndSwap('k', '', 'v', 1)
const redis = new RedisStore({ sendCommand: async (...args: string[]) => args.length, prefix: 'rl:' })
const redisGet: Promise<string> = redis.get('k')
const redisSwap: Promise<boolean> = redis.compareAndSwap('k', '', 'v', 1)
const limiter: RateLimiter = eg.rateLimiter({ policies: [{ name: 'burst', quota: 10, windowS: 1 }, { quota: 1000, windowMs: 3_600_000 }], headers: 'both' }, { store: memory })
const store: RateLimitStore = limiter.store
const decision: RateLimitDecision = limiter.decide('', { now: 0, cost: 2 })
const limited: RateLimitDecision = await limiter.limit(limiter.key({ ip: '192.0.2.1', route: '/login' }), { requestId: 'r1' })
const header: [string, string] | undefined = limited.headers[0]
limiter.close()
// @ts-expect-error a policy needs a quota
eg.rateLimiter({ windowS: 60 })
// @ts-expect-error a store is two atomic methods
eg.rateLimiter({ quota: 1 }, { store: { get: (key: string) => key } })

// ---- secrets ----
const keyring: Keyring = eg.keyring({ keys: { k1: bytes, k2: 'A'.repeat(43) }, primary: 'k1' })
const envelope: string = keyring.seal('secret', 'ad')
const opened: Uint8Array = keyring.open(envelope, bytes)
const openedText: string = keyring.openString(envelope)
keyring.close()
const hasher: PasswordHasher = eg.passwordHasher({ algorithm: 'argon2id', argon2: { memoryKiB: 19456, time: 2, parallelism: 1 } })
const phc: string = hasher.hash('pw')
const matches: boolean = hasher.verify('pw', phc) && !hasher.needsRehash(phc)
hasher.close()
const phc2: string = eg.hashPassword('pw', { algorithm: 'bcrypt', bcryptCost: 12 })
const matches2: boolean = eg.verifyPassword('pw', phc2) || eg.needsRehash(phc2, {})
// @ts-expect-error not an algorithm
eg.hashPassword('pw', { algorithm: 'md5' })
// @ts-expect-error opened envelopes are bytes
const wrong: string = keyring.open(envelope)

// ---- logging ----
const line: string = eg.securityEvent({ event: 'authn_login_fail', level: 'WARN', userId: 'u', datetime: new Date(), fields: { n: 1 } }, { appId: 'app' })
const redacted: string = eg.redact('password=x')
// @ts-expect-error OWASP levels are upper case
eg.securityEvent({ event: 'x', level: 'warn' })

// ---- JWT ----
const jwtOptions = { algorithms: ['ES256' as const], jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k' }] }, issuer: 'https://idp', audience: ['api'], clockTolerance: 30, signatures: 'host' as const }
const verifier: JwtVerifier = eg.jwtVerifier(jwtOptions)
const verified: VerifiedJwt = verifier.verify('a.b.c')
const verifiedAsync: Promise<VerifiedJwt> = verifier.verifyAsync('a.b.c')
const sub: string | undefined = verified.claims.sub
verifier.close()
const remoteSet: RemoteJWKSet = eg.createRemoteJWKSet('https://idp/jwks', { cacheMaxAge: 600_000, cooldownDuration: 30_000, timeoutDuration: 5_000, headers: { 'user-agent': 'x' } })
const direct = new RemoteJWKSet(new URL('https://idp/jwks'), { fetch, now: () => 0 })
const setURL: string = direct.url
const fetched: { text: string; generation: number } = await direct.get()
await direct.refresh()
direct.invalidate(fetched.generation, new Error('bad set'))
const remote: RemoteJwtVerifier = eg.jwtVerifier({ algorithms: ['RS256'], jwks: remoteSet })
const remoteVerified: VerifiedJwt = await remote.verify('a.b.c')
const remoteAsync: VerifiedJwt = await remote.verifyAsync('a.b.c')
remote.close()
const sync: VerifiedJwt = eg.verifyJwt('a.b.c', { algorithms: ['HS256'], secret: bytes, now: 0 })
const async: Promise<VerifiedJwt> = eg.verifyJwt('a.b.c', { algorithms: ['EdDSA'], jwks: remoteSet })
const decision2: AuthzDecision = eg.authorize({ all: [{ scope: ['read'] }, { not: { roles_any: ['banned'] } }] }, { scope: 'read' })
if (!decision2.ok) {
  const missing: string[] = decision2.missing
  void missing
}
const policyDecision: AuthzDecision = eg.authorize({ rule: { roles: ['admin'] }, roles_claim: 'realm_access.roles' }, '{"sub":"x"}')
const challenge: JwtChallenge = eg.jwtChallenge(err, { realm: 'api' })
const status: 401 | 403 | 500 | 503 = eg.jwtChallenge().status
const unverified: UnverifiedJwt = eg.decodeJwt('a.b.c')
// @ts-expect-error a decoded token is not a verified one
const notVerified: VerifiedJwt = eg.decodeJwt('a.b.c')
const nodeCrypto: JwtCrypto = { name: 'test', sync: true, importKey: (jwk) => jwk, verify: (alg, key, token, signed) => token.length > signed }
// @ts-expect-error a verifier needs its algorithms
eg.jwtVerifier({ secret: 'x' })
// @ts-expect-error not a JWS algorithm
eg.verifyJwt('a.b.c', { algorithms: ['none'], secret: 'x' })
// @ts-expect-error with a remote set, verification is asynchronous
const notSync: VerifiedJwt = eg.verifyJwt('a.b.c', { algorithms: ['RS256'], jwks: remoteSet })
// @ts-expect-error signatures are checked by the host or the module
eg.jwtVerifier({ algorithms: ['RS256'], key: 'pem', signatures: 'remote' })

// ---- the raw ABI ----
const handle: Handle = eg.open('sanitize', 'ugc')
const handleId: number = handle.id
const handleKind: string = handle.kind
const called: unknown = eg.call(handle, 'sanitize', '<b>x</b>')
const raw: RawResult = eg.callRaw(0, 'version')
const rawText: string = raw.json ? raw.text : ''
handle.close()
// @ts-expect-error handle 0 or a Handle
eg.call(1, 'version')
// @ts-expect-error the handle's kind is read-only
handle.kind = 'jwt'

// ---- edgeguard/express ----
const chain: Middleware[] = [
  helmet(eg, { contentSecurityPolicy: { preset: 'strict' } }),
  helmet(eg),
  validate(eg, schemaDoc, { unknown: 'reject' }),
  requireJwt(eg, { algorithms: ['HS256'], secret: bytes, realm: 'api' }),
  requireJwt(eg, { algorithms: ['ES256'], jwks: remoteSet }),
  authorize(eg, { scope: ['admin'] }, { realm: 'api' }),
  csrf(eg, { secrets: ['s'], sessionId: (r) => r.get('x-session') }),
  rateLimit(eg, { policy: { quota: 10, windowS: 60 }, key: (r) => r.ip, store: redisStore({ sendCommand: async () => null }) }),
  sanitizeBody(eg, ['text'], 'ugc'),
]
const last: ErrorMiddleware = errorHandler(eg, { log: (l: string) => console.log(l), appId: 'app' })
chain[0](req, res, (e) => last(e, req, res, () => {}))
// @ts-expect-error the engine comes first
helmet({ contentSecurityPolicy: false })
// @ts-expect-error a rate limit needs a policy
rateLimit(eg, { key: () => 'k' })
// @ts-expect-error fields are names
sanitizeBody(eg, 'text')
// @ts-expect-error a Redis store needs sendCommand
redisStore({ prefix: 'rl:' })

// ---- edgeguard/worker ----
const workerHandler = guard(eg, {
  headers: { contentSecurityPolicy: { preset: 'strict' } },
  maxBodyBytes: 1 << 16,
  rateLimit: { policy: { quota: 5, windowS: 1 }, store: memory, key: (request) => new URL(request.url).pathname },
  csrf: { sessionId: (request) => request.headers.get('x-session') ?? undefined },
  jwt: { algorithms: ['HS256'], secret: bytes, realm: 'api' },
  authorize: { scope: ['write'] },
  sanitize: { fields: ['text'], policy: 'ugc' },
  validate: schemaDoc,
  log: (l) => console.log(l),
  clientIp: () => '192.0.2.1',
}, async (request: Request) => {
  const ctx: GuardContext = context(request)
  const nonce: string | undefined = ctx.nonce
  const claims = ctx.auth
  return new Response(`${nonce} ${claims?.sub} ${ctx.csrfToken()} ${ctx.validated} ${ctx.rateLimit?.allowed}`)
})
const workerResponse: Response = await workerHandler(new Request('https://a.example/'))
const workerObject = guard(eg, {}, { fetch: (request: Request, env: unknown) => new Response(String(env)) })
await workerObject.fetch(new Request('https://a.example/'), {})
declare const namespace: { idFromName(name: string): unknown; get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> } }
const doStore: RateLimitStore = durableObjectStore(namespace)
const rateObject = new RateLimitObject({ storage: {} })
const doResponse: Promise<Response> = rateObject.fetch(new Request('https://do/'))
// @ts-expect-error the handler comes last and handles requests
guard(eg, {}, 'handler')
// @ts-expect-error a context belongs to a request
context('https://a.example/')
// @ts-expect-error the nonce is read-only
context(new Request('https://a.example/')).nonce = 'x'

// ---- log adapters ----
const format = edgeguardFormat(eg)
const info: Record<string | symbol, unknown> = format.transform({ level: 'info', message: 'password=x' })
winstonEvent({ log: (i: object) => i }, eg, { event: 'authz_fail', userId: 'u' }, { appId: 'app' })
const options = pinoOptions(eg)
const merged: object = options.formatters.log({ msg: 'x' })
pinoEvent({ warn: () => {}, info: () => {}, error: () => {} }, eg, { event: 'authn_login_fail' })
const text: string = interpolate('a %s %d', ['b', 1])
// @ts-expect-error an event needs its name
winstonEvent({ log: () => {} }, eg, { level: 'WARN' })
// @ts-expect-error interpolate takes an argument list
interpolate('a %s', 'b')

void [sources, sameClass, url, version, stats, codes, jwtCodes, code, documented, detail, errName, s1, s2, plain,
  maybeTrusted, escaped, notString, ok, data, r2, checked, cleaned, viaValidator, valid, sanitizedValue, headerValue,
  removed, withNonce, usesNonce, built, cspName, severity, directiveNames, violations, hash, cookieName, tokenCode,
  blocked, size, stored, swapped, durable, durableGet, durableSwap, redisGet, redisSwap, store, decision, header,
  opened, openedText, matches, matches2, wrong, line, redacted, verifiedAsync, sub, setURL, remoteVerified,
  remoteAsync, sync, async, policyDecision, challenge, status, unverified, notVerified, nodeCrypto, notSync, handleId, handleKind, called,
  rawText, workerResponse, doStore, doResponse, info, merged, text]
