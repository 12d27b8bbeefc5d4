// The declarations of the sanitize and escape API (index.d.ts, core.d.ts),
// checked by Deno's bundled TypeScript when Deno is installed in
// ../tests/node_modules (skipped otherwise), as jwt-types.test.js does for
// the JWT API. @ts-expect-error lines must fail to type-check.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const deno = fileURLToPath(new URL('../../tests/node_modules/@deno/linux-x64-glibc/deno', import.meta.url))
const skip = existsSync(deno) ? false : 'deno is not installed in ../tests/node_modules'

const fixture = `
import { load, Sanitizer, type EscapeContext, type SanitizerOptions, type TrustedHTMLValue } from 'edgeguard'
const eg = await load(undefined, { lazy: true })
const a: string = eg.sanitize('<b>x</b>', 'rich')
const b: string = eg.sanitize(new Uint8Array(0), { preset: 'ugc', elements: { a: ['href'] } })
const s: Sanitizer<string> = eg.sanitizer('ugc')
const plain: string = s.sanitize('x')
const options: SanitizerOptions = { trustedTypes: 'edgeguard' }
const trusted = eg.sanitizer('ugc', options)
const out: string | TrustedHTMLValue = trusted.sanitize('x')
const context: EscapeContext = 'attr'
const e: string = eg.escape('x', context)
const e2: string = eg.escape(new Uint8Array(0))
void [a, b, plain, out, e, e2]
// @ts-expect-error a sanitizer with trustedTypes may return TrustedHTML
const notString: string = trusted.sanitize('x')
// @ts-expect-error not an escape context
eg.escape('x', 'sql')
void notString
`

const project = mkdtempSync(join(tmpdir(), 'edgeguard-sanitize-types-'))
after(() => rmSync(project, { recursive: true, force: true }))

test('deno check: sanitize, sanitizer (trustedTypes), escape declarations', { skip }, () => {
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(fileURLToPath(new URL('..', import.meta.url)), join(project, 'node_modules', 'edgeguard'), 'dir')
  writeFileSync(join(project, 'types.ts'), fixture)
  execFileSync(deno, ['check', '--quiet', '--node-modules-dir=manual', 'types.ts'], { cwd: project, encoding: 'utf8', timeout: 60_000 })
})
