// edgeguard/worker served by Deno.serve and Bun.serve (serve.mjs): the same
// app as in workerd, with the memory store and the client address each
// runtime reports. One quick pass per runtime; skipped with a message when
// the runtime is not installed in tests/node_modules.

import { after, describe, test } from 'node:test'
import * as check from './checks.mjs'
import { runtimePath, startServe } from './start.mjs'

for (const runtime of ['deno', 'bun']) {
  const skip = runtimePath(runtime) ? false : `${runtime} is not installed in tests/node_modules (run scripts/setup.sh)`
  describe(runtime, { skip }, () => {
    const secrets = check.makeSecrets()
    let server
    after(() => server?.stop())
    test('headers, validate, JWT, csrf, rate limit, sanitize, errors over HTTP', { timeout: 30_000 }, async () => {
      server = await startServe(runtime, secrets.settings)
      try {
        await check.checkHeaders(server.url)
        await check.checkValidate(server.url)
        await check.checkJwt(server.url, secrets)
        await check.checkCsrf(server.url)
        await check.checkRateLimit(server.url)
        await check.checkSanitize(server.url)
        await check.checkErrors(server.url)
        await check.checkHostile(server.url)
      } catch (err) {
        err.message += `\n${server.output()}`
        throw err
      }
    })
  })
}
