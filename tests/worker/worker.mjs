// The Cloudflare Worker of tests/worker: app.mjs with its rate-limit state in
// Durable Objects (durableObjectStore over the LIMITER namespace, whose class
// is edgeguard/worker's RateLimitObject) and its secrets from bindings.
// Served by start.mjs.

import { load } from 'edgeguard'
import { context, durableObjectStore, guard } from 'edgeguard/worker'
import { buildApp } from './app.mjs'

export { RateLimitObject } from 'edgeguard/worker'

// The idiomatic form: load() and guard() at global scope. load() is lazy in
// workerd and guard() defers compiling to the first request, because
// workerd refuses to instantiate the module here.
const topLevel = guard(await load(), { headers: { contentSecurityPolicy: { preset: 'strict' } }, sanitize: { fields: ['text'] } },
  (request) => Response.json({ nonce: context(request).nonce, body: context(request).body }))

let app = null

export default {
  fetch (request, env, ctx) {
    if (new URL(request.url).pathname === '/global') return topLevel(request, env, ctx)
    // Built in the first request: the bindings (secrets, the Durable
    // Object namespace) only arrive with a request.
    app ??= load().then(async (eg) => {
      await eg.ready()
      return buildApp(eg, {
        jwtSecret: env.JWT_SECRET,
        csrfSecret: env.CSRF_SECRET,
        jwksURL: env.JWKS_URL,
        limiterStore: durableObjectStore(env.LIMITER),
      })
    })
    app.catch(() => { app = null })
    return app.then((a) => a.fetch(request, env, ctx))
  },
}
