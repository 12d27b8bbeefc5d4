// One side of the Express benchmark, in its own process: the issue-4 sign-up
// form (validate/testdata/signup.json) as a JSON POST route behind security
// headers and a Bearer token, once per algorithm:
//
//   POST /hs256, POST /rs256 → 200 {"sub", ...validated fields}
//
//   node server.mjs edgeguard   helmet(eg) + requireJwt(eg) + validate(eg)
//   node server.mjs peer        helmet() + expressjwt() + checkSchema()
//   node server.mjs peer-keyobject   the same, keys imported once as KeyObjects
//
// Both sides get the same keys, issuer and audience (BENCH_KEYS, JSON from
// bench.mjs), the same schema and the same middleware order, and answer the
// same: bench.mjs compares their answers before it measures. The server
// prints "listening <port>" once it accepts connections on 127.0.0.1.
// EDGEGUARD_WASM names the module to load (bench/run.sh sets it).

import { createPublicKey, createSecretKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import express from 'express'

const side = process.argv[2]
const keys = JSON.parse(process.env.BENCH_KEYS)
const form = JSON.parse(readFileSync(new URL('../../validate/testdata/signup.json', import.meta.url), 'utf8'))
const claims = { issuer: keys.issuer, audience: keys.audience }
const secret = Buffer.from(keys.secret, 'base64url')

const sides = {
  async edgeguard(app) {
    const { load } = await import('edgeguard')
    const { errorHandler, helmet, requireJwt, validate } = await import('edgeguard/express')
    // EDGEGUARD_WASM: the module bench/run.sh measures (default: the package's).
    const eg = await load(process.env.EDGEGUARD_WASM ? pathToFileURL(process.env.EDGEGUARD_WASM) : undefined)
    const route = (jwtOptions) => [requireJwt(eg, { ...jwtOptions, ...claims }), validate(eg, form.schema)]
    app.use(helmet(eg))
    app.use(express.json())
    app.post('/hs256', route({ algorithms: ['HS256'], secret: new Uint8Array(secret) }), answer)
    app.post('/rs256', route({ algorithms: ['RS256'], key: keys.publicPem }), answer)
    app.use(errorHandler(eg, { log: () => {} }))
  },

  peer: (app) => peer(app, secret, keys.publicPem),
  // jsonwebtoken imports a Buffer secret or PEM text again on every
  // verification; KeyObjects made once at start-up skip that.
  'peer-keyobject': (app) => peer(app, createSecretKey(secret), createPublicKey(keys.publicPem)),
}

/** helmet, express-jwt and express-validator, with the JWT keys given. */
async function peer(app, hmacKey, rsaKey) {
  const { default: helmet } = await import('helmet')
  const { expressjwt } = await import('express-jwt')
  const { checkSchema, matchedData, validationResult } = await import('express-validator')
  const checked = [...checkSchema(form.schema), (req, res, next) => {
    const result = validationResult(req)
    if (!result.isEmpty()) return res.status(400).json({ errors: result.array() })
    req.validated = matchedData(req)
    next()
  }]
  app.use(helmet())
  app.use(express.json())
  app.post('/hs256', expressjwt({ secret: hmacKey, algorithms: ['HS256'], ...claims }), checked, answer)
  app.post('/rs256', expressjwt({ secret: rsaKey, algorithms: ['RS256'], ...claims }), checked, answer)
  // express-jwt throws UnauthorizedError (status 401); express-validator
  // leaves the 400 to the route, done above.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => res.status(err.status ?? 500).json({ code: err.code ?? 'error' }))
}

function answer(req, res) {
  res.json({ sub: req.auth.sub, ...req.validated })
}

if (!Object.hasOwn(sides, side)) {
  console.error(`usage: node server.mjs ${Object.keys(sides).join('|')}`)
  process.exit(2)
}
const app = express()
await sides[side](app)
const server = createServer(app)
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
// bench.mjs ends a server with SIGTERM; exiting normally lets --cpu-prof
// write its profile.
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections())
