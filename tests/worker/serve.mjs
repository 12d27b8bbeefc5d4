// app.mjs served by Deno.serve or Bun.serve (whichever runs this file), on
// 127.0.0.1 with a kernel-chosen port, printed as "listening PORT". The
// settings come as JSON in EDGEGUARD_TEST. Rate limits use the default
// memory store and the client address the runtime reports.

import { load } from 'edgeguard'
import { buildApp } from './app.mjs'

const env = globalThis.Deno ? Deno.env.toObject() : process.env
const app = buildApp(await load(), JSON.parse(env.EDGEGUARD_TEST))

if (globalThis.Deno) {
  Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening ${port}`) }, app.fetch)
} else {
  const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch })
  console.log(`listening ${server.port}`)
}
