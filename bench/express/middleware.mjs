// The middleware of bench.mjs's route one at a time, in this process and
// without HTTP: CPU time per request of each edgeguard middleware and of
// the peer it replaces, on a stand-in request and response. It separates
// what the middleware cost from what Express and Node's HTTP server cost
// around them (bench.mjs measures the whole).
//
//   node middleware.mjs     (bench/run.sh runs it after bench.mjs)
//
// Each contender runs BENCH_MW_N requests (default 5000) per sample after
// as many for warm-up; the median of 5 samples, in CPU µs per request
// (process.cpuUsage: steadier than wall time on a shared machine).

import { createPublicKey, createSecretKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { load } from 'edgeguard'
import { helmet as egHelmet, requireJwt, validate } from 'edgeguard/express'
import helmet from 'helmet'
import { expressjwt } from 'express-jwt'
import { checkSchema, matchedData, validationResult } from 'express-validator'
import { audience, claims, issuer, publicPem, secret, token } from './tokens.mjs'

const N = Number(process.env.BENCH_MW_N ?? 5000)
const SAMPLES = 5
const form = JSON.parse(readFileSync(new URL('../../validate/testdata/signup.json', import.meta.url), 'utf8'))
const eg = await load(process.env.EDGEGUARD_WASM ? pathToFileURL(process.env.EDGEGUARD_WASM) : undefined)

const tokenClaims = claims(3600)
const tokens = { HS256: token('HS256', tokenClaims), RS256: token('RS256', tokenClaims) }
const checks = { issuer, audience }

// What Express hands a middleware: a request object of its own class (so
// edgeguard reads only the five locations, as from a real one) and a
// response that records headers.
class Request {}
function request(alg) {
  return Object.assign(new Request(), {
    method: 'POST', url: '/signup', params: {}, query: {}, body: { ...form.valid.body },
    headers: { host: '127.0.0.1', 'content-type': 'application/json', 'content-length': '263', authorization: `Bearer ${tokens[alg]}`, 'user-agent': 'wrk' },
  })
}
function response() {
  const headers = {}
  return {
    locals: {},
    setHeader: (n, v) => { headers[n.toLowerCase()] = v },
    removeHeader: (n) => { delete headers[n.toLowerCase()] },
    getHeader: (n) => headers[n.toLowerCase()],
    set(n, v) { headers[n.toLowerCase()] = v; return this },
    status() { return this },
    send() { throw new Error('a middleware refused the benchmark request') },
  }
}

// Runs a chain to its end; a refusal or an error rejects, so that a
// contender that stops early cannot look fast.
function runChain(chain, req, res) {
  return new Promise((resolve, reject) => {
    let i = 0
    const next = (err) => {
      if (err) return reject(err)
      if (i === chain.length) return resolve()
      try {
        chain[i++](req, res, next)?.catch?.(reject)
      } catch (e) {
        reject(e)
      }
    }
    next()
  })
}

const validated = (req, res, next) => {
  const result = validationResult(req)
  if (!result.isEmpty()) return next(new Error('express-validator refused the benchmark request'))
  req.validated = matchedData(req)
  next()
}
const contenders = [
  ['helmet (defaults)', 'HS256', [egHelmet(eg)], [helmet()]],
  ['requireJwt / expressjwt, HS256', 'HS256',
    [requireJwt(eg, { algorithms: ['HS256'], secret: new Uint8Array(secret), ...checks })],
    [expressjwt({ secret, algorithms: ['HS256'], ...checks })]],
  ['requireJwt / expressjwt, RS256', 'RS256',
    [requireJwt(eg, { algorithms: ['RS256'], key: publicPem, ...checks })],
    [expressjwt({ secret: publicPem, algorithms: ['RS256'], ...checks })]],
  // The peer with keys imported once (jsonwebtoken re-imports a Buffer or a
  // PEM on every call): the configuration that is fastest for it.
  ['requireJwt / expressjwt with a KeyObject, HS256', 'HS256',
    [requireJwt(eg, { algorithms: ['HS256'], secret: new Uint8Array(secret), ...checks })],
    [expressjwt({ secret: createSecretKey(secret), algorithms: ['HS256'], ...checks })]],
  ['requireJwt / expressjwt with a KeyObject, RS256', 'RS256',
    [requireJwt(eg, { algorithms: ['RS256'], key: publicPem, ...checks })],
    [expressjwt({ secret: createPublicKey(publicPem), algorithms: ['RS256'], ...checks })]],
  ['validate / checkSchema + matchedData', 'HS256', [validate(eg, form.schema)], [...checkSchema(form.schema), validated]],
]

async function cpuPerRequest(chain, alg) {
  const once = async () => {
    const u0 = process.cpuUsage()
    for (let k = 0; k < N; k++) await runChain(chain, request(alg), response())
    const u = process.cpuUsage(u0)
    return (u.user + u.system) / N
  }
  await once() // warm-up
  const samples = []
  for (let s = 0; s < SAMPLES; s++) samples.push(await once())
  return samples.sort((a, b) => a - b)[SAMPLES >> 1]
}

console.log(`Node ${process.version}; CPU µs per request, median of ${SAMPLES} × ${N} requests, in process (no HTTP)`)
console.log('')
console.log('| middleware | edgeguard | peer (helmet 8.3.0, express-jwt 8.5.1, express-validator 7.3.2) | peer ÷ edgeguard |')
console.log('|---|---|---|---|')
const cost = {} // name → [edgeguard, peer]
for (const [name, alg, ours, theirs] of contenders) {
  cost[name] = [await cpuPerRequest(ours, alg), await cpuPerRequest(theirs, alg)]
  const [a, b] = cost[name]
  console.log(`| ${name} | ${a.toFixed(1)} µs | ${b.toFixed(1)} µs | ${(b / a).toFixed(2)}× |`)
}
for (const jwt of ['', ' with a KeyObject']) {
  for (const alg of ['HS256', 'RS256']) {
    const parts = ['helmet (defaults)', `requireJwt / expressjwt${jwt}, ${alg}`, 'validate / checkSchema + matchedData']
    const [a, b] = [0, 1].map((side) => parts.reduce((sum, p) => sum + cost[p][side], 0))
    console.log(`| the route's three${jwt}, ${alg} | ${a.toFixed(1)} µs | ${b.toFixed(1)} µs | ${(b / a).toFixed(2)}× |`)
  }
}
eg.close()
