// The smoke run in Cloudflare workerd. package.test.mjs lists this worker,
// checks.mjs, the installed package's files and one module per specifier
// ('edgeguard', 'edgeguard/express', …) that re-exports the file the
// package's "exports" select under workerd's conditions, so the imports here
// are those of any application. The engine is loaded inside the request:
// workerd refuses random bytes (Go's runtime start-up) at global scope.

import * as edgeguard from 'edgeguard'
import { runChecks } from './checks.mjs'

export default {
  async fetch (request) {
    const { version, subpaths } = await request.json()
    try {
      const report = await runChecks(edgeguard, { version, subpaths, importer: (specifier) => import(specifier) })
      // The workerd entry imports the module; it has no file URL to export.
      return Response.json({ wasmURL: edgeguard.wasmURL?.href ?? null, ...report })
    } catch (err) {
      return Response.json({ error: String(err?.stack ?? err) }, { status: 500 })
    }
  },
}
