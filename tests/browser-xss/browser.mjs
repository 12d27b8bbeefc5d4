// The Chromium side of the browser tests in this folder: a static server on
// 127.0.0.1 with per-route headers, and a headless Chromium (Debian's
// /usr/bin/chromium via playwright-core, the same one the conformance
// runner uses) that cannot reach anything but this machine.

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../runners/chromium.mjs'
import { entryFor, packageDir, posixRelative } from '../runners/pkg.mjs'

export { chromiumPath }

/** This folder's page/ directory. */
export const pageDir = fileURLToPath(new URL('./page/', import.meta.url))

/** The built module the page loads; tests skip without it. */
export const wasmPath = join(packageDir, 'dist', 'edgeguard.wasm')

// Payloads in the control run (and DOMPurify's corpus) point images, links
// and frames at hosts on the Internet. A proxy that does not exist, with the
// resolver refusing every name, makes each such load fail at once; loopback
// bypasses the proxy, so the test server stays reachable.
const offlineArgs = ['--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

/**
 * @typedef {object} Route
 * @property {string} [file] absolute path of the file to serve
 * @property {string} [text] body to serve instead of a file
 * @property {string} [type] extension that selects the MIME type of `text`
 * @property {Record<string, string>} [headers] extra response headers (CSP)
 */

/**
 * Starts a server on a free port of 127.0.0.1. GET serves `routes`, then the
 * package's files under /js/, and /edgeguard.mjs re-exports the package's
 * browser entry (the one its package.json selects). Returns the server and
 * its origin.
 * @param {Record<string, Route>} routes
 */
export async function startServer (routes) {
  const entry = entryFor(['browser', 'import'])
  const all = {
    '/edgeguard.mjs': { text: `export * from '/js/${posixRelative(packageDir, entry)}'\n`, type: '.mjs' },
    ...routes,
  }
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname
    const route = all[path]
    const send = (status, body, type) => {
      res.writeHead(status, {
        'content-type': mimeTypes[type] ?? 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        ...route?.headers,
      })
      res.end(body)
    }
    try {
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
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return { server, origin: `http://127.0.0.1:${server.address().port}` }
}

/** Stops a server started by startServer, dropping open connections. */
export function stopServer (server) {
  server.closeAllConnections?.()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Launches headless Chromium with no way off this machine. */
export function launchChromium () {
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...offlineArgs], timeout: 60_000 })
}

/** A route serving a file of page/. */
export function pageFile (name, headers) {
  return { file: join(pageDir, name), headers }
}

// Maps /js/<path> to a file inside js/, refusing anything that escapes it.
function packageFile (urlPath) {
  if (!urlPath.startsWith('/js/')) return null
  const file = resolve(packageDir, '.' + decodeURIComponent(urlPath.slice('/js'.length)))
  return file.startsWith(packageDir + sep) ? file : null
}
