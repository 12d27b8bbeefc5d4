// The npm package as users get it: `npm pack` of js/, installed offline into
// an empty project, then smoke checks (smoke/checks.mjs) in Node, Deno, Bun,
// workerd and Chromium, each importing the *installed* copy through its own
// export conditions, and `tsc --strict` on types-test.ts against the
// installed declarations. A runtime that is not installed (scripts/setup.sh
// installs them all), or a module that is not built (make build), skips the
// tests that need it, with a message.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import { binaryPath } from '../runners/bin.mjs'
import { chromiumArgs, chromiumPath, closeServer, startPageServer } from '../runners/chromium.mjs'
import { serveWorkerd, workerConfig } from '../runners/workerd.mjs'
import { jsDir, listFiles, packAndInstall, resolveExport, tarballProblems } from './pack.mjs'
import { subpathExports } from './smoke/checks.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const smokeDir = join(here, 'smoke')
const run = promisify(execFile)
const runTimeoutMs = 60_000

const wasmMissing = existsSync(join(jsDir, 'dist', 'edgeguard.wasm')) ? false : 'needs js/dist/edgeguard.wasm (make build)'

/** Why runtime `name` cannot run here, or false. */
function missing (name) {
  if (wasmMissing) return wasmMissing
  try {
    binaryPath(name)
    return false
  } catch (err) {
    return err.message
  }
}

/** The entry each runtime must load, from the conditions it matches (README "Per runtime"). */
const entries = {
  node: 'src/entry-node.js',
  deno: 'src/entry-deno.js',
  bun: 'src/entry-bun.js',
  workerd: 'src/entry-workerd.js',
  chromium: 'src/entry-browser.js',
}
/** Checks every runtime must have run (besides one import per subpath). */
const coreChecks = ['version', 'sanitize ugc', 'escape html', 'validate invalid', 'validate valid', 'jwt HS256 verifies',
  'jwt HS256 tampered', 'jwt ES256 verifies', 'jwt ES256 other key', 'helmet defaults', 'strict csp nonce',
  'csrf cross-site POST', 'csrf token round trip']
const allSubpaths = Object.keys(subpathExports)
// Browsers cannot load edgeguard/express: Express middleware imports node:http.
const browserSubpaths = allSubpaths.filter((s) => s !== 'edgeguard/express')

/** @type {import('./pack.mjs').Installed} */
let installed
let workDir

before(() => {
  if (wasmMissing) return
  workDir = mkdtempSync(join(tmpdir(), 'edgeguard-package-'))
  installed = packAndInstall(workDir)
  for (const file of readdirSync(smokeDir)) copyFileSync(join(smokeDir, file), join(installed.project, file))
})
after(() => workDir && rmSync(workDir, { recursive: true, force: true }))

/**
 * Asserts a smoke report: no failure, the expected checks ran, and the
 * engine loaded the module file it should (the callers check where each
 * specifier resolved).
 */
function assertReport (report, { runtime, subpaths, wasmURL }) {
  assert.equal(report.error, undefined, report.error)
  assert.deepEqual(report.failures, [])
  for (const name of [...coreChecks, ...subpaths.map((s) => `import ${s}`)]) {
    assert.ok(report.checks.includes(name), `${runtime} did not run check "${name}"`)
  }
  assert.equal(report.wasmURL, wasmURL)
}

/** The installed package's file `rel` as a file: URL. */
const installedURL = (rel) => pathToFileURL(join(installed.pkgDir, rel)).href

describe('the tarball', { skip: wasmMissing }, () => {
  it('holds exactly the files a user needs, and no dependency', (t) => {
    const { pack, manifest } = installed
    assert.deepEqual(tarballProblems(pack.files, manifest), [])
    assert.deepEqual(listFiles(installed.pkgDir), pack.files.map((f) => f.path).sort(), 'installed tree = packed list')
    assert.deepEqual(readdirSync(join(installed.project, 'node_modules')).sort(), ['.package-lock.json', 'edgeguard'])
    const wasm = readFileSync(join(installed.pkgDir, 'dist', 'edgeguard.wasm'))
    assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'wasm magic')
    assert.ok(wasm.equals(readFileSync(join(jsDir, 'dist', 'edgeguard.wasm'))), 'the packed module is the built one')
    t.diagnostic(`${pack.filename}: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files`)
  })
})

describe('tarballProblems', () => {
  // A fixed manifest of the same shape as js/package.json, so that these
  // cases do not change as the package grows.
  const manifest = {
    name: 'edgeguard',
    license: 'MIT',
    types: './src/index.d.ts',
    exports: {
      '.': { types: './src/index.d.ts', deno: './src/entry-deno.js', node: './src/entry-node.js', default: './src/entry-browser.js' },
      './core': { types: './src/core.d.ts', default: './src/core.js' },
      './adapters/*': './src/adapters/*.js',
      './dist/edgeguard.wasm': './dist/edgeguard.wasm',
      './package.json': './package.json',
    },
  }
  const good = [
    { path: 'package.json', size: 1 }, { path: 'README.md', size: 1 }, { path: 'LICENSE', size: 1 }, { path: 'dist/edgeguard.wasm', size: 10 << 20 },
    ...['index.d.ts', 'core.d.ts', 'core.js', 'adapters/pino.js', 'entry-node.js', 'entry-deno.js', 'entry-browser.js']
      .map((f) => ({ path: `src/${f}`, size: 1 })),
  ]
  it('accepts the package as declared', () => assert.deepEqual(tarballProblems(good, manifest), []))
  const cases = [
    ['a test file', [...good, { path: 'test/api.test.js', size: 1 }], {}, /test\/api\.test\.js: a test file/],
    ['a test beside the sources', [...good, { path: 'src/core.test.js', size: 1 }], {}, /src\/core\.test\.js: a test file/],
    ['a source map', [...good, { path: 'src/core.js.map', size: 1 }], {}, /core\.js\.map: not a file/],
    ['no module', good.filter((f) => !f.path.endsWith('.wasm')), {}, /edgeguard\.wasm is missing/],
    ['a placeholder module', good.map((f) => (f.path.endsWith('.wasm') ? { ...f, size: 12 } : f)), {}, /only 12 bytes/],
    ['an export target not packed', good.filter((f) => f.path !== 'src/entry-deno.js'), {}, /exports\["\."\] names \.\/src\/entry-deno\.js/],
    ['a pattern matching nothing', good.filter((f) => !f.path.startsWith('src/adapters/')), {}, /no packed file matches \.\/src\/adapters\/\*\.js/],
    ['a dependency', good, { dependencies: { express: '5' } }, /has dependencies/],
    ['an install script', good, { scripts: { postinstall: 'node x' } }, /postinstall script/],
    ['no exports', good, { exports: undefined }, /no exports map/],
    ['a declared license without its text', good.filter((f) => f.path !== 'LICENSE'), {}, /license MIT but no LICENSE/],
    ['types not packed', good.filter((f) => f.path !== 'src/index.d.ts'), {}, /types names \.\/src\/index\.d\.ts/],
  ]
  for (const [name, files, change, want] of cases) {
    it(`refuses ${name}`, () => {
      const problems = tarballProblems(files, { ...manifest, ...change })
      assert.ok(problems.some((p) => want.test(p)), problems.join('\n') || 'no problem reported')
    })
  }
})

describe('resolveExport', () => {
  const manifest = JSON.parse(readFileSync(join(jsDir, 'package.json'), 'utf8'))
  it('picks each runtime entry by the order the package lists its conditions', () => {
    assert.equal(resolveExport(manifest, 'edgeguard', ['workerd', 'worker', 'import']), entries.workerd)
    assert.equal(resolveExport(manifest, 'edgeguard', ['deno', 'node', 'import']), entries.deno)
    assert.equal(resolveExport(manifest, 'edgeguard', ['browser', 'import']), entries.chromium)
    assert.equal(resolveExport(manifest, 'edgeguard', ['import']), entries.chromium)
  })
  it('expands subpath patterns and refuses what is not exported', () => {
    assert.equal(resolveExport(manifest, 'edgeguard/adapters/pino', ['browser']), 'src/adapters/pino.js')
    assert.equal(resolveExport(manifest, 'edgeguard/express', ['node']), 'src/express.js')
    assert.throws(() => resolveExport(manifest, 'edgeguard/src/core.js', ['node']), /exports no \.\/src\/core\.js/)
    assert.throws(() => resolveExport(manifest, 'express', ['node']), /not a specifier of edgeguard/)
  })
})

/** The commands that run smoke/cli.mjs in the installed project. */
const cliRuntimes = {
  node: () => [process.execPath, ['cli.mjs']],
  deno: () => [binaryPath('deno'), ['run', '--node-modules-dir=manual', '--allow-read', 'cli.mjs']],
  bun: () => [binaryPath('bun'), ['cli.mjs']],
}

describe('smoke from the installed tarball', () => {
  for (const [runtime, command] of Object.entries(cliRuntimes)) {
    it(runtime, { skip: runtime === 'node' ? wasmMissing : missing(runtime), timeout: runTimeoutMs }, async () => {
      const [file, args] = command()
      const { stdout } = await run(file, args, {
        cwd: installed.project,
        timeout: runTimeoutMs,
        env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
        maxBuffer: 1 << 20,
      })
      const report = JSON.parse(stdout)
      assertReport(report, { runtime, subpaths: allSubpaths, wasmURL: installedURL('dist/edgeguard.wasm') })
      const wantResolved = {
        edgeguard: installedURL(entries[runtime]),
        ...Object.fromEntries(allSubpaths.map((s) => [s, installedURL(resolveExport(installed.manifest, s, [runtime, 'node', 'import']))])),
        'edgeguard/dist/edgeguard.wasm': installedURL('dist/edgeguard.wasm'),
      }
      assert.deepEqual(report.resolved, wantResolved)
    })
  }

  it('workerd', { skip: missing('workerd'), timeout: runTimeoutMs }, async () => {
    const { project, manifest } = installed
    const conditions = ['workerd', 'worker', 'import']
    const worker = join(project, 'worker.mjs')
    // One module per specifier, re-exporting the file the exports map
    // selects; its relative path climbs out of the module name's folders.
    const shims = {}
    const targets = []
    for (const specifier of ['edgeguard', ...allSubpaths]) {
      const target = resolveExport(manifest, specifier, conditions)
      targets.push(join(installed.pkgDir, target))
      const up = '../'.repeat(specifier.split('/').length - 1) || './'
      shims[specifier] = `export * from "${up}node_modules/edgeguard/${target}"`
    }
    assert.equal(resolveExport(manifest, 'edgeguard', conditions), entries.workerd)
    const configDir = join(project, 'workerd')
    const config = workerConfig({
      generatedBy: 'tests/package/package.test.mjs',
      configDir,
      workerDir: project,
      roots: [worker, ...targets],
      shims,
      // edgeguard/express imports node:http.
      workerFields: ['compatibilityFlags = ["nodejs_compat"]'],
    })
    const server = await serveWorkerd(configDir, config)
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/`, {
        method: 'POST',
        body: JSON.stringify({ version: manifest.version, subpaths: allSubpaths }),
        signal: AbortSignal.timeout(runTimeoutMs),
      })
      const report = await res.json()
      assert.equal(res.status, 200, `${report.error}\n${server.output()}`)
      assertReport(report, { runtime: 'workerd', subpaths: allSubpaths, wasmURL: null })
    } finally {
      server.stop()
    }
  })

  it('chromium', { skip: wasmMissing || (existsSync(chromiumPath) ? false : `needs ${chromiumPath}`), timeout: runTimeoutMs }, async () => {
    const { project, pkgDir, manifest } = installed
    const imports = Object.fromEntries(['edgeguard', ...browserSubpaths].map((s) => [s, `/node_modules/edgeguard/${resolveExport(manifest, s, ['browser', 'import'])}`]))
    const importMap = JSON.stringify({ imports })
    const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>edgeguard package smoke</title>
<script type="importmap">${importMap}</script>
<script type="application/json" id="subpaths">${JSON.stringify(browserSubpaths)}</script>
<script type="module" src="/page.mjs"></script>
</head>
<body><div id="out"></div></body>
</html>
`
    // Strict: no inline script but the import map (by its hash), no eval,
    // WebAssembly allowed, and every HTML sink takes TrustedHTML only, from
    // the policy named edgeguard.
    const csp = [
      "default-src 'none'",
      `script-src 'self' 'wasm-unsafe-eval' 'sha256-${createHash('sha256').update(importMap).digest('base64')}'`,
      "connect-src 'self'",
      "require-trusted-types-for 'script'",
      'trusted-types edgeguard',
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ')
    const routes = { '/': { text: page, type: '.html' } }
    for (const file of ['page.mjs', 'checks.mjs']) routes[`/${file}`] = { file: join(project, file) }
    for (const rel of listFiles(pkgDir)) routes[`/node_modules/edgeguard/${rel}`] = { file: join(pkgDir, rel) }

    let deliver
    const posted = new Promise((resolve) => { deliver = resolve })
    const server = await startPageServer(routes, { headers: { 'content-security-policy': csp }, onPost: deliver })
    let browser
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: runTimeoutMs })
      const tab = await browser.newPage()
      const pageErrors = []
      // A page that dies before it reports must fail the test, not hang it.
      let failed
      const failure = new Promise((resolve, reject) => { failed = reject })
      tab.on('pageerror', (err) => { pageErrors.push(String(err)); failed(err) })
      const consoleLines = []
      tab.on('console', (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`))
      const timer = setTimeout(() => failed(new Error(`the page did not report; console:\n${consoleLines.join('\n')}`)), runTimeoutMs - 5000)
      const origin = `http://127.0.0.1:${server.address().port}`
      await tab.goto(`${origin}/`, { waitUntil: 'load' })
      const report = await Promise.race([posted, failure]).finally(() => clearTimeout(timer))
      assert.deepEqual(pageErrors, [])
      assertReport(report, { runtime: 'chromium', subpaths: browserSubpaths, wasmURL: `${origin}/node_modules/edgeguard/dist/edgeguard.wasm` })
      for (const name of ['sanitizer returns TrustedHTML', 'Trusted Types refuse a string']) assert.ok(report.checks.includes(name), name)
      assert.deepEqual(report.resolved, Object.fromEntries(Object.entries(imports).map(([s, path]) => [s, origin + path])))
      // Only the deliberate string assignment; the module itself needs
      // nothing the policy does not allow.
      assert.deepEqual(report.violations, [{ directive: 'require-trusted-types-for', blocked: 'trusted-types-sink' }])
    } finally {
      await browser?.close()
      await closeServer(server)
    }
  })
})

/**
 * The installed package's JavaScript modules a program can import by name,
 * from its exports map (patterns expanded over the packed files), keyed by
 * specifier, with the declaration file tsc reads for each.
 */
function exportedModules () {
  const { manifest, pkgDir } = installed
  const packed = listFiles(pkgDir)
  const modules = {}
  for (const subpath of Object.keys(manifest.exports)) {
    const specifier = manifest.name + subpath.slice(1)
    let specifiers = [specifier]
    if (subpath.includes('*')) {
      // resolveExport maps the '*' onto itself: the target pattern.
      const [prefix, suffix] = resolveExport(manifest, specifier, ['node', 'import']).split('*')
      specifiers = packed.filter((f) => f.startsWith(prefix) && f.endsWith(suffix))
        .map((f) => specifier.replace('*', f.slice(prefix.length, f.length - suffix.length)))
    }
    for (const name of specifiers) {
      const js = resolveExport(manifest, name, ['node', 'import'])
      if (js.endsWith('.js')) modules[name] = { js, dts: resolveExport(manifest, name, ['types']) }
    }
  }
  return modules
}

describe('types-test.ts covers the API', { skip: wasmMissing }, () => {
  it('names every runtime export of every specifier, and every public method and getter', async () => {
    const text = readFileSync(join(here, 'types-test.ts'), 'utf8')
    const missing = []
    for (const [specifier, { js }] of Object.entries(exportedModules())) {
      const mod = await import(pathToFileURL(join(installed.pkgDir, js)).href)
      for (const [name, value] of Object.entries(mod)) {
        if (!new RegExp(`\\b${name}\\b`).test(text)) missing.push(`${specifier}: ${name}`)
        if (typeof value !== 'function' || !value.prototype) continue
        for (const member of Object.getOwnPropertyNames(value.prototype)) {
          if (member === 'constructor' || member.startsWith('_')) continue
          if (!new RegExp(`\\.${member}\\b`).test(text)) missing.push(`${specifier}: ${name}.${member}`)
        }
      }
    }
    assert.deepEqual(missing, [], 'types-test.ts must use these')
  })
  it('declares nothing a module does not export', async () => {
    const phantom = []
    for (const [specifier, { js, dts }] of Object.entries(exportedModules())) {
      const mod = await import(pathToFileURL(join(installed.pkgDir, js)).href)
      const declared = readFileSync(join(installed.pkgDir, dts), 'utf8').matchAll(/^export declare (?:function|class|const|let) (\w+)/gm)
      for (const [, name] of declared) if (!(name in mod)) phantom.push(`${specifier}: ${name} (${dts})`)
    }
    assert.deepEqual(phantom, [], 'declared but missing at run time')
  })
})

describe('types: tsc --strict against the installed declarations', () => {
  const tsc = join(here, 'node_modules', 'typescript', 'bin', 'tsc')
  const noTsc = wasmMissing || (existsSync(tsc) ? false : 'typescript is not installed in tests/package (scripts/setup.sh)')
  /** Runs tsc on one file of this folder inside the installed project. */
  async function typeCheck (file) {
    const { project } = installed
    copyFileSync(join(here, file), join(project, file))
    const config = JSON.parse(readFileSync(join(here, 'tsconfig.types.json'), 'utf8'))
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...config, files: [file] }))
    try {
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, timeout: runTimeoutMs, encoding: 'utf8' })
    } catch (err) {
      assert.fail(`tsc ${file} failed:\n${err.stdout}${err.stderr}`)
    }
  }

  it('types-test.ts: every export, valid and misused', { skip: noTsc, timeout: runTimeoutMs }, () => typeCheck('types-test.ts'))

  // winston and pino come from tests/logging (scripts/setup.sh installs
  // them); linked, their own dependencies resolve from there.
  const peers = join(here, '..', 'logging', 'node_modules')
  const noPeers = noTsc || (['winston', 'pino'].every((p) => existsSync(join(peers, p))) ? false : `needs winston and pino in ${peers}`)
  it('peer-types-test.ts: the log adapters fit winston\'s and pino\'s own types', { skip: noPeers, timeout: runTimeoutMs }, async () => {
    for (const peer of ['winston', 'pino']) {
      rmSync(join(installed.project, 'node_modules', peer), { force: true })
      symlinkSync(join(peers, peer), join(installed.project, 'node_modules', peer), 'dir')
    }
    await typeCheck('peer-types-test.ts')
  })
})
