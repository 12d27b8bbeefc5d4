// The Chromium driver: a small static server on 127.0.0.1 serves js/ and a
// conformance page under a strict Content-Security-Policy; headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) opens the page,
// which runs the vectors through the package's browser entry and POSTs the
// records back. Writes nothing itself: run-host.mjs stores the records.

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { repoDir } from './files.mjs'
import { entryFor, packageDir, posixRelative } from './pkg.mjs'
import { HostError, onCleanup } from './proc.mjs'

export const chromiumPath = '/usr/bin/chromium'
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
]

/**
 * The policy every response carries. Scripts only from this origin, and
 * 'wasm-unsafe-eval' as the single concession WebAssembly needs; nothing
 * inline, no eval. connect-src lets the page fetch the wasm and the vectors.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

const runnersDir = fileURLToPath(new URL('.', import.meta.url))
const resultsTimeoutMs = 120_000

/**
 * Runs the vector files in Chromium and returns the records.
 * @param {import('./run-vectors.mjs').VectorFile[]} files
 * @param {(line: string) => void} log
 * @param {{csp?: string}} [opts] csp replaces contentSecurityPolicy (tests
 *   use it to prove that a policy without 'wasm-unsafe-eval' fails)
 */
export async function runInChromium (files, log, opts = {}) {
  const entry = entryFor(['browser', 'import'])
  log(`chromium: entry ${posixRelative(repoDir, entry)}`)
  let deliver
  const results = new Promise((resolve) => { deliver = resolve })
  const server = await startPageServer({
    '/': { file: join(runnersDir, 'browser', 'index.html') },
    '/page.mjs': { file: join(runnersDir, 'browser', 'page.mjs') },
    '/run-vectors.mjs': { file: join(runnersDir, 'run-vectors.mjs') },
    // The page imports the package by this fixed name; it re-exports the
    // entry package.json selects for browsers, wherever that is.
    '/edgeguard.mjs': { text: `export * from '/js/${posixRelative(packageDir, entry)}'\n`, type: '.mjs' },
    '/vectors.json': { text: JSON.stringify(files), type: '.json' },
  }, { headers: { 'content-security-policy': opts.csp ?? contentSecurityPolicy }, onPost: deliver })
  const removeServer = onCleanup(() => closeServer(server))
  let browser
  const removeBrowser = onCleanup(() => browser?.close())
  try {
    const t0 = performance.now()
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 })
    const t1 = performance.now()
    log(`chromium: ${browser.version()} started in ${(t1 - t0).toFixed(0)} ms`)
    const page = await browser.newPage()
    const pageErrors = []
    page.on('pageerror', (err) => pageErrors.push(String(err)))
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') log(`chromium console ${msg.type()}: ${msg.text()}`)
    })
    const { port } = server.address()
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 30_000 })
    const report = await withTimeout(results, resultsTimeoutMs, 'the page did not report results')
    if (report.error) throw new HostError(`page failed: ${report.error}`)
    if (pageErrors.length) throw new HostError(`page errors: ${pageErrors.join('; ')}`)
    if (report.violations?.length) throw new HostError(`CSP violations: ${report.violations.join('; ')}`)
    log(`chromium: load ${report.loadMs.toFixed(0)} ms, vectors ${report.vectorsMs.toFixed(0)} ms (in page)`)
    return report.records
  } finally {
    await browser?.close()
    removeBrowser()
    await closeServer(server)
    removeServer()
  }
}

/**
 * @typedef {object} Route
 * @property {string} [file] absolute path of the file to serve
 * @property {string} [text] body to serve instead of a file
 * @property {string} [type] extension that selects the MIME type of `text`
 * @property {Record<string, string>} [headers] extra headers for this route
 */

/**
 * Starts a page server on 127.0.0.1, on a free port. GET serves `routes`,
 * then the package's files under /js/; with `onPost`, POST /results hands the
 * parsed body to it. Every response carries `headers` (the conformance page's
 * CSP) and nosniff, so a wrong MIME type fails the way it would in production.
 * Shared with the browser XSS suite (tests/browser-xss/browser.mjs).
 * @param {Record<string, Route>} routes
 * @param {{headers?: Record<string, string>, onPost?: (body: unknown) => void}} [opts]
 * @returns {Promise<import('node:http').Server>}
 */
export function startPageServer (routes, { headers = {}, onPost } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname
    const route = routes[path]
    const send = (status, body, type = '.txt') => {
      res.writeHead(status, {
        ...headers,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        ...route?.headers,
        'content-type': mimeTypes[type] ?? 'text/plain; charset=utf-8',
      })
      res.end(body)
    }
    try {
      if (onPost && req.method === 'POST' && path === '/results') {
        const chunks = []
        for await (const chunk of req) chunks.push(chunk)
        onPost(JSON.parse(Buffer.concat(chunks).toString('utf8')))
        return send(204, '')
      }
      if (req.method !== 'GET') return send(405, 'method not allowed')
      if (route?.text !== undefined) return send(200, route.text, route.type)
      const file = route?.file ?? packageFile(path)
      if (!file) return send(404, 'not found')
      return send(200, await readFile(file), extname(file))
    } catch (err) {
      if (err.code === 'ENOENT' || err.code === 'EISDIR') return send(404, 'not found')
      send(500, String(err))
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

// Maps /js/<path> to a file inside js/, refusing anything that escapes it.
function packageFile (urlPath) {
  if (!urlPath.startsWith('/js/')) return null
  const file = resolve(packageDir, '.' + decodeURIComponent(urlPath.slice('/js'.length)))
  return file.startsWith(packageDir + sep) ? file : null
}

/** Stops a page server, dropping open connections. */
export function closeServer (server) {
  server.closeAllConnections?.()
  return new Promise((resolve) => server.close(() => resolve()))
}

function withTimeout (promise, ms, message) {
  let timer
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new HostError(`${message} within ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
