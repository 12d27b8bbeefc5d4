// The Chromium half of `make bench`: serves a page on 127.0.0.1 that runs
// edgeguard (the npm package's browser entry) and DOMPurify on Chromium's
// native DOM over the fixtures (chromium-page.mjs), drives Debian's
// /usr/bin/chromium through playwright-core, and prints the page's JSON.
//
//   node bench/node/chromium.mjs
//
// The page is cross-origin isolated (COOP + COEP) so that performance.now()
// has 5 µs resolution rather than 100 µs.

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const chromiumPath = '/usr/bin/chromium'
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']
const root = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = ['comment-1k', 'doc-100k', 'dirty-100k']
// Only these trees are served: the package, the bench scripts, the
// fixtures and DOMPurify's ESM build.
const servable = ['js/src/', 'js/dist/', 'bench/node/', 'bench/testdata/', 'bench/node_modules/dompurify/dist/']
const types = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' }
const page = '<!doctype html><meta charset="utf-8"><title>edgeguard bench</title><script type="module" src="/bench/node/chromium-page.mjs"></script>'
const timeoutMs = 10 * 60_000
const log = (...a) => console.error('bench/chromium:', ...a)

let deliver
const results = new Promise((resolve) => { deliver = resolve })

const server = createServer(async (req, res) => {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' }
  const path = new URL(req.url, 'http://x').pathname
  if (req.method === 'POST' && path === '/results') {
    let body = ''
    for await (const chunk of req) body += chunk
    res.writeHead(204, headers).end()
    deliver(body)
    return
  }
  if (path === '/favicon.ico') return res.writeHead(204, headers).end()
  if (path === '/') return res.writeHead(200, { ...headers, 'content-type': types['.html'] }).end(page)
  if (path === '/fixtures') return res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(fixtures))
  const rel = normalize(path.slice(1))
  if (!servable.some((p) => rel.startsWith(p)) || rel.includes('..')) return res.writeHead(404, headers).end()
  try {
    const body = await readFile(join(root, rel))
    res.writeHead(200, { ...headers, 'content-type': types[extname(rel)] ?? 'application/octet-stream' }).end(body)
  } catch {
    res.writeHead(404, headers).end()
  }
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/`

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 })
let out
try {
  const ctx = await browser.newContext()
  const tab = await ctx.newPage()
  tab.on('console', (msg) => { if (msg.type() === 'error') log('console:', msg.text()) })
  tab.on('pageerror', (err) => log('page error:', err.message))
  log(`${browser.version()} on ${url}`)
  await tab.goto(url)
  let timer
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, timeoutMs, JSON.stringify({ error: `no results after ${timeoutMs / 1000} s` }))
  })
  out = JSON.parse(await Promise.race([results, timeout]))
  clearTimeout(timer)
  out.browser = browser.version()
} finally {
  await browser.close()
  server.close()
}
if (out.error) {
  log(out.error)
  process.exitCode = 1
}
console.log(JSON.stringify(out, null, 2))
