// A Cloudflare Worker that rate-limits with edgeguard's GCRA, holding the
// state in a Durable Object: the worker routes each request to the Durable
// Object named by its key (`?key=`), which decides with `eg.rateLimiter`
// over a DurableObjectStore (its transactional storage). One object per key
// serializes that key's decisions, so the limit is exact under concurrency.
//
// Served by start.mjs; driven by js/test/ratelimit-workerd.test.js.

import { load } from 'edgeguard'
import { DurableObjectStore } from 'edgeguard/core'
import { POLICY } from './policy.mjs'

let engine = null

// Created in the first request, never at global scope: workerd refuses
// random bytes there, and Go's runtime needs them to start.
function engineOnce () {
  engine ??= load().then(async (eg) => {
    await eg.ready()
    return eg
  })
  engine.catch(() => { engine = null })
  return engine
}

/** The Durable Object: one per rate-limit key. */
export class Limiter {
  #limiter = null

  constructor (ctx) {
    this.ctx = ctx
  }

  async fetch (request) {
    const eg = await engineOnce()
    this.#limiter ??= eg.rateLimiter(POLICY, { store: new DurableObjectStore(this.ctx.storage) })
    const key = new URL(request.url).searchParams.get('key')
    const d = await this.#limiter.limit(key, { requestId: request.headers.get('x-request-id') ?? undefined })
    const headers = new Headers(d.headers)
    if (d.allowed) return Response.json({ allowed: true, remaining: d.policies[0].remaining }, { headers })
    headers.set('content-type', 'application/problem+json')
    return new Response(JSON.stringify(d.problem), { status: 429, headers })
  }
}

export default {
  async fetch (request, env) {
    const key = new URL(request.url).searchParams.get('key')
    if (!key) return new Response('give ?key=\n', { status: 400 })
    try {
      return await env.LIMITER.get(env.LIMITER.idFromName(key)).fetch(request)
    } catch (err) {
      // Fail closed, with no internals in the body.
      console.error(err?.stack ?? err)
      return Response.json({ type: 'about:blank', title: 'Service Unavailable', status: 503 }, { status: 503 })
    }
  },
}
