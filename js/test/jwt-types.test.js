// The declarations of the JWT API (index.d.ts, core.d.ts), checked by Deno's
// bundled TypeScript when Deno is installed in ../tests/node_modules (skipped
// otherwise). @ts-expect-error lines must fail to type-check, so a
// declaration that became too loose fails this test too.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const deno = fileURLToPath(new URL('../../tests/node_modules/@deno/linux-x64-glibc/deno', import.meta.url))
const skip = existsSync(deno) ? false : 'deno is not installed in ../tests/node_modules'

const fixture = `
import { load, type AuthzDecision, type JwtChallenge, type JwtCrypto, type JwtErrorCode, type JwtOptions, type Jwk, type VerifiedJwt } from 'edgeguard'
import { JWT_ERROR_CODES, RemoteJWKSet } from 'edgeguard/core'
const eg = await load(undefined, { lazy: true })
const options: JwtOptions = { algorithms: ['RS256', 'EdDSA'], key: '-----BEGIN PUBLIC KEY-----', issuer: ['a', 'b'], clockTolerance: 5, required_claims: ['jti'] }
const t: VerifiedJwt = eg.jwtVerifier(options).verify('token')
const sub: string | undefined = t.claims.sub
const aud: string | string[] | undefined = t.claims.aud
const custom: unknown = t.claims['https://example.com/roles']
const jwks = eg.createRemoteJWKSet(new URL('https://idp/jwks'), { cooldownDuration: 1000, timeoutDuration: 500, fetch })
const remote: Promise<VerifiedJwt> = eg.jwtVerifier({ algorithms: ['ES256'], jwks }).verify('token')
const quick: VerifiedJwt = eg.verifyJwt('token', { algorithms: ['HS256'], secret: new Uint8Array(32) })
const quickRemote: Promise<VerifiedJwt> = eg.verifyJwt('token', { algorithms: ['ES256'], jwks: new RemoteJWKSet('https://idp/jwks') })
const d: AuthzDecision = eg.authorize({ any: [{ roles_any: ['admin'] }, { scope: ['read'] }], not: { claim_in: { '/status': ['closed'] } } }, t.claims)
const missing: string[] = d.ok ? [] : d.missing
const p: AuthzDecision = eg.authorize({ rule: { permissions: ['x'] }, roles_claim: '/realm/roles' }, '{}')
const c: JwtChallenge = eg.jwtChallenge(undefined, { realm: 'api' })
const header: string | undefined = eg.jwtChallenge(new Error('x')).www_authenticate
const code: JwtErrorCode = JWT_ERROR_CODES[0]
const viaWebCrypto: Promise<VerifiedJwt> = eg.jwtVerifier({ ...options, signatures: 'module' }).verifyAsync('token')
const remoteAsync: Promise<VerifiedJwt> = eg.jwtVerifier({ algorithms: ['ES256'], jwks }).verifyAsync('token')
const primitive: JwtCrypto = { name: 'mine', sync: true, importKey: (jwk: Jwk, alg: string) => [jwk, alg], verify: () => false }
const withCrypto = await load(undefined, { lazy: true, jwtCrypto: [primitive] })
void [sub, aud, custom, remote, quick, quickRemote, missing, p, c, header, code, viaWebCrypto, remoteAsync, withCrypto]
// @ts-expect-error signatures is 'host' or 'module'
eg.jwtVerifier({ ...options, signatures: 'webcrypto' })
// @ts-expect-error a primitive says whether it is synchronous
await load(undefined, { jwtCrypto: [{ name: 'x', importKey: () => 1, verify: () => true }] })
// @ts-expect-error algorithms are required
eg.jwtVerifier({ key: 'pem' })
// @ts-expect-error none is not an algorithm
eg.jwtVerifier({ algorithms: ['none'], key: 'pem' })
// @ts-expect-error a remote verifier is asynchronous
const sync: VerifiedJwt = eg.jwtVerifier({ algorithms: ['ES256'], jwks }).verify('token')
// @ts-expect-error claim_equals values are scalars
eg.authorize({ claim_equals: { a: [1] } }, {})
// @ts-expect-error not a JWT code
const bad: JwtErrorCode = 'expird'
void [sync, bad]
`

const project = mkdtempSync(join(tmpdir(), 'edgeguard-jwt-types-'))
after(() => rmSync(project, { recursive: true, force: true }))

test('deno check: jwtVerifier (verify, verifyAsync, signatures), jwtCrypto, verifyJwt, authorize, jwtChallenge, createRemoteJWKSet declarations', { skip }, () => {
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(fileURLToPath(new URL('..', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
  writeFileSync(join(project, 'types.ts'), fixture)
  execFileSync(deno, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], { cwd: project, encoding: 'utf8', timeout: 60_000 })
})
