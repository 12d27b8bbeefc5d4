// The Chromium side of the browser tests in this folder: a static server on
// 127.0.0.1 with per-route headers, and a headless Chromium (Debian's
// /usr/bin/chromium via playwright-core, the same one the conformance
// runner uses) that cannot reach anything but this machine.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath, closeServer, startPageServer } from '../runners/chromium.mjs'
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

/**
 * Starts a server on a free port of 127.0.0.1 (the conformance runner's page
 * server): GET serves `routes`, each with its own headers (CSP), then the
 * package's files under /js/, and /edgeguard.mjs re-exports the package's
 * browser entry (the one its package.json selects). Returns the server and
 * its origin.
 * @param {Record<string, import('../runners/chromium.mjs').Route>} routes
 */
export async function startServer (routes) {
  const entry = entryFor(['browser', 'import'])
  const server = await startPageServer({
    '/edgeguard.mjs': { text: `export * from '/js/${posixRelative(packageDir, entry)}'\n`, type: '.mjs' },
    ...routes,
  })
  return { server, origin: `http://127.0.0.1:${server.address().port}` }
}

/** Stops a server started by startServer, dropping open connections. */
export const stopServer = closeServer

/** Launches headless Chromium with no way off this machine. */
export function launchChromium () {
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...offlineArgs], timeout: 60_000 })
}

/** A route serving a file of page/. */
export function pageFile (name, headers) {
  return { file: join(pageDir, name), headers }
}
