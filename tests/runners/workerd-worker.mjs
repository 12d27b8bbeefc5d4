// The conformance worker for Cloudflare workerd (module syntax). workerd.mjs
// serves it with the package's "workerd" entry listed as the module named
// 'edgeguard' and the wasm as a `wasm = embed` module, then POSTs the parsed
// vector files here and gets `{records}` back.
//
// The engine is created inside the first request, never at global scope:
// workerd refuses random bytes there, and Go's runtime needs them to start.

import { load } from 'edgeguard'
import { runVectors } from './run-vectors.mjs'

/** @type {Promise<import('edgeguard').Edgeguard> | null} */
let engine = null

function engineOnce () {
  engine ??= load().then(async (eg) => {
    // load() is lazy in workerd; instantiate now so that a module that cannot
    // start fails here, as a load error, rather than as a record per vector.
    await eg.ready()
    return eg
  })
  // A failed start is not cached: the next request tries again.
  engine.catch(() => { engine = null })
  return engine
}

export default {
  async fetch (request) {
    if (request.method !== 'POST') {
      return new Response('POST the vector files as JSON: [{file, vectors}]\n', { status: 405 })
    }
    let eg
    try {
      eg = await engineOnce()
    } catch (err) {
      return Response.json({ error: `load failed: ${err?.stack ?? err}` }, { status: 500 })
    }
    const files = await request.json()
    return Response.json({ records: runVectors(eg, files) })
  },
}
