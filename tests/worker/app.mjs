// The app every runtime serves (workerd, Deno.serve, Bun.serve, and Node
// calling it directly): one guarded handler per route, as a reader would
// write it, behind a small router. Settings come from the runtime (bindings
// in workerd, the environment elsewhere), so the secrets are fresh per run.

import { context, guard } from 'edgeguard/worker'

/** The policy of /limited: small, so that a test reaches 429 quickly. */
export const LIMIT = { name: 'api', quota: 3, windowS: 60 }
/** /comment's body limit. */
export const MAX_COMMENT_BYTES = 1024
export const REALM = 'edgeguard-test'

/**
 * @param {import('edgeguard').Edgeguard} eg
 * @param {object} s
 * @param {string} s.jwtSecret base64url HS256 secret
 * @param {string} s.csrfSecret
 * @param {string} [s.jwksURL] the identity provider's JWK Set (ES256)
 * @param {import('edgeguard').RateLimitStore} [s.limiterStore] default: memory
 */
export function buildApp (eg, s) {
  const logged = []
  const log = (line) => logged.push(line)
  const headers = { contentSecurityPolicy: { preset: 'strict' } }
  const jwt = { algorithms: ['HS256'], secret: s.jwtSecret, audience: 'api', realm: REALM }
  const json = (req, pick) => Response.json(pick(context(req)))
  const protect = { log, csrf: { secrets: [s.csrfSecret], sessionId: (req) => req.headers.get('x-session') ?? undefined } }

  const routes = {
    // No guard: the baseline of bench.mjs.
    'GET /plain': { fetch: () => new Response('<p>hi</p>', { headers: { 'content-type': 'text/html' } }) },
    'GET /page': guard(eg, { headers, log }, (req) =>
      new Response(`<script nonce="${context(req).nonce}">1</script>`, { headers: { 'content-type': 'text/html' } })),
    'POST /signup': guard(eg, {
      log,
      validate: {
        email: { in: ['body'], isEmail: true, normalizeEmail: true },
        age: { in: ['body'], isInt: { options: { min: 13 } }, toInt: true },
      },
    }, (req) => json(req, (c) => c.validated)),
    'GET /search': guard(eg, { log, validate: { q: { in: ['query'], isLength: { options: { min: 2, max: 20 } }, trim: true } } },
      (req) => json(req, (c) => c.validated)),
    'GET /me': guard(eg, { log, jwt }, (req) => json(req, (c) => c.auth)),
    'GET /admin': guard(eg, { log, jwt, authorize: { scope: ['admin'] } }, (req) => json(req, (c) => ({ admin: c.auth.sub }))),
    // An object handler, as a Worker's default export is written.
    'GET /form': guard(eg, protect, { fetch: (req) => json(req, (c) => ({ token: c.csrfToken() })) }),
    'POST /transfer': guard(eg, protect, () => Response.json({ done: true })),
    'GET /limited': guard(eg, { log, rateLimit: { policy: LIMIT, store: s.limiterStore } }, () => new Response('ok')),
    'POST /comment': guard(eg, { log, sanitize: { fields: ['text', 'tags'] }, maxBodyBytes: MAX_COMMENT_BYTES },
      (req) => json(req, (c) => c.body)),
    'GET /boom': guard(eg, { log }, () => {
      throw new Error('database password is hunter2')
    }),
    'GET /gone': guard(eg, { log }, () => {
      throw Object.assign(new Error('That item was removed.'), { status: 410, expose: true })
    }),
    // A response whose headers are immutable (as fetch() and Response.redirect give).
    'GET /redirect': guard(eg, { log }, () => Response.redirect('https://example.com/', 302)),
  }
  if (s.jwksURL) {
    const jwks = eg.createRemoteJWKSet(s.jwksURL)
    routes['GET /remote'] = guard(eg, { log, jwt: { algorithms: ['ES256'], jwks } },
      (req) => json(req, (c) => c.auth))
  }

  return {
    fetch (request, ...rest) {
      const { pathname } = new URL(request.url)
      // The security events logged so far, then forgotten.
      if (pathname === '/logs') return Response.json(logged.splice(0))
      const route = routes[`${request.method} ${pathname}`]
      return route ? (typeof route === 'function' ? route(request, ...rest) : route.fetch(request, ...rest)) : new Response('not found', { status: 404 })
    },
  }
}
