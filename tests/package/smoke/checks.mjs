// The packaging smoke checks, shared by every runtime: Node, Deno and Bun run
// them through cli.mjs, workerd through worker.mjs, Chromium through page.mjs.
// package.test.mjs copies this folder into a project that installed the
// packed tarball, so every `import 'edgeguard…'` here reaches the installed
// copy, chosen by the runtime's own export conditions, never the source tree.
//
// Each check compares a real verdict with a value fixed here (helmet 8's
// defaults, express-validator's messages, RFC 7515 signatures made with
// WebCrypto), so a package that loads but answers wrongly fails.

/** express/adapters/core subpaths and the functions each must export. */
export const subpathExports = {
  'edgeguard/core': ['createEdgeguard', 'Edgeguard', 'EdgeguardError', 'Sanitizer'],
  'edgeguard/worker': ['guard', 'context', 'durableObjectStore', 'RateLimitObject'],
  'edgeguard/express': ['helmet', 'validate', 'requireJwt', 'authorize', 'csrf', 'rateLimit', 'sanitizeBody', 'errorHandler'],
  'edgeguard/adapters/winston': ['edgeguardFormat', 'logSecurityEvent'],
  'edgeguard/adapters/pino': ['pinoOptions', 'logSecurityEvent', 'interpolate'],
}

/** helmet 8's headers for `helmet()` (its defaults, checked against helmet in tests/helmet/). */
const helmetDefaults = {
  headers: {
    'Content-Security-Policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
  },
  remove: ['X-Powered-By'],
}

/**
 * Runs every check and returns `{checks, failures}`: the names of the checks
 * that ran and a message for each that failed. Never throws for a failed
 * check, so one report shows them all.
 * @param {Record<string, any>} edgeguard the namespace of `import('edgeguard')`
 * @param {object} o
 * @param {string} o.version the installed package.json's version
 * @param {string[]} o.subpaths keys of subpathExports this runtime can import
 * @param {(specifier: string) => Promise<Record<string, any>>} o.importer `(s) => import(s)` from the caller's module
 * @param {(eg: any, check: (name: string, fn: () => unknown) => Promise<void>) => Promise<void>} [o.extra]
 *   the runtime's own checks, on the same engine
 */
export async function runChecks (edgeguard, { version, subpaths, importer, extra }) {
  const checks = []
  const failures = []
  /** Records one check; `fn` returns [actual, expected] or throws. */
  const check = async (name, fn) => {
    checks.push(name)
    try {
      const [actual, expected] = await fn()
      const a = canonical(actual)
      const e = canonical(expected)
      if (a !== e) failures.push(`${name}: got ${a}, want ${e}`)
    } catch (err) {
      failures.push(`${name}: threw ${err?.stack ?? err}`)
    }
  }
  /** The error code `fn` throws (an EdgeguardError), or a description of what it did instead. */
  const codeOf = async (fn) => {
    try {
      await fn()
      return 'no error'
    } catch (err) {
      return err instanceof edgeguard.EdgeguardError ? err.code : `not an EdgeguardError: ${err}`
    }
  }

  const eg = await edgeguard.load()
  await check('version', () => [eg.version, { abi: 1, version }])

  // HTML: bluemonday's UGC policy (sanitize-html's nofollow on links); the
  // javascript: link loses its element, keeps its text.
  await check('sanitize ugc', () => [
    eg.sanitize('<b onclick=x()>hi</b><script>x</script><a href="javascript:alert(1)">l</a><a href="http://x">x</a>', 'ugc'),
    '<b>hi</b>l<a href="http://x" rel="nofollow">x</a>',
  ])
  await check('sanitize strict', () => [eg.sanitize('<b>hi</b>', 'strict'), 'hi'])
  await check('escape html', () => [eg.escape('<a href="x">&\'', 'html'), '&lt;a href=&#34;x&#34;&gt;&amp;&#39;'])
  await check('bad preset', async () => [await codeOf(() => eg.sanitize('x', 'nope')), 'bad_config'])

  // Input: express-validator's checkSchema, its default message and matchedData.
  const schema = { email: { in: ['body'], isEmail: true }, age: { in: ['body'], isInt: { options: { min: 18 } }, toInt: true } }
  await check('validate invalid', () => [
    eg.validate(schema, { body: { email: 'nope', age: '12' } }).errors.map((e) => [e.path, e.msg, e.code]),
    [['email', 'Invalid value', 'is_email'], ['age', 'Invalid value', 'is_int']],
  ])
  await check('validate valid', () => [
    eg.validate(schema, { body: { email: 'a@b.co', age: '21', extra: 1 } }),
    { ok: true, errors: [], data: { email: 'a@b.co', age: 21 } },
  ])

  await checkJwt(eg, check, codeOf)

  // Headers: helmet() and a strict CSP with its per-response nonce.
  await check('helmet defaults', () => [eg.securityHeaders({}), helmetDefaults])
  await check('strict csp nonce', () => {
    const set = eg.securityHeaders({ contentSecurityPolicy: { preset: 'strict' } })
    const csp = set.headers['Content-Security-Policy']
    return [
      [/^[A-Za-z0-9+/]{22}==$/.test(set.nonce), csp.includes(`script-src 'nonce-${set.nonce}' 'strict-dynamic'`), csp.includes("base-uri 'none'")],
      [true, true, true],
    ]
  })

  await checkCsrf(eg, check)

  for (const specifier of subpaths) {
    await check(`import ${specifier}`, async () => {
      const mod = await importer(specifier)
      const want = subpathExports[specifier]
      return [want.filter((name) => typeof mod[name] === 'function'), want]
    })
  }
  if (subpaths.includes('edgeguard/core')) {
    // One copy of core: the subpath and the entry share classes, so an
    // engine from load() is an instance of edgeguard/core's Edgeguard.
    await check('core is the entry\'s core', async () => {
      const core = await importer('edgeguard/core')
      return [[core.createEdgeguard === edgeguard.createEdgeguard, eg instanceof core.Edgeguard], [true, true]]
    })
  }
  if (subpaths.includes('edgeguard/adapters/winston')) {
    await check('winston format redacts', async () => {
      const { edgeguardFormat } = await importer('edgeguard/adapters/winston')
      return [
        edgeguardFormat(eg).transform({ level: 'info', message: 'login password=hunter2 ok', user: 'a\nb' }),
        { level: 'info', message: 'login password=[REDACTED] ok', user: 'a\\u000ab' },
      ]
    })
  }
  if (subpaths.includes('edgeguard/express')) {
    await check('express helmet sets headers', async () => {
      const { helmet } = await importer('edgeguard/express')
      const set = {}
      const removed = []
      const res = {
        locals: {},
        setHeader: (name, value) => { set[name.toLowerCase()] = value },
        removeHeader: (name) => removed.push(name.toLowerCase()),
      }
      let nextArg = 'not called'
      helmet(eg)({ method: 'GET', url: '/', headers: {} }, res, (err) => { nextArg = err })
      return [
        [nextArg, set['x-content-type-options'], set['x-frame-options'], removed.includes('x-powered-by')],
        [undefined, 'nosniff', 'SAMEORIGIN', true],
      ]
    })
  }
  if (subpaths.includes('edgeguard/worker')) {
    await check('worker guard rate-limits', async () => {
      const { guard, context } = await importer('edgeguard/worker')
      const events = []
      const handler = guard(eg, { rateLimit: { policy: { quota: 1, windowS: 60 }, key: () => 'k' }, log: (line) => events.push(JSON.parse(line).event) },
        (request) => new Response(`allowed: ${context(request).rateLimit.allowed}`))
      const first = await handler(new Request('https://a.example/x'))
      const second = await handler(new Request('https://a.example/x'))
      return [
        [first.status, await first.text(), first.headers.get('x-frame-options'), second.status, second.headers.get('retry-after'), events],
        [200, 'allowed: true', 'SAMEORIGIN', 429, '60', ['excess_rate_limit_exceeded']],
      ]
    })
  }
  await extra?.(eg, check)
  eg.close()
  return { checks, failures }
}

/** JWT: HS256 in the module, ES256 with a WebCrypto key, and the refusals. */
async function checkJwt (eg, check, codeOf) {
  const now = 1800000000
  const secret = new Uint8Array(32).map((_, i) => i + 1)
  const claims = { sub: 'u1', iss: 'https://idp.example', aud: 'api', exp: 2000000000, iat: 1700000000 }
  const hmac = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const hs = await signJwt({ alg: 'HS256', typ: 'JWT' }, claims, (data) => crypto.subtle.sign('HMAC', hmac, data))
  const options = { algorithms: ['HS256'], secret, issuer: 'https://idp.example', audience: 'api', now }
  await check('jwt HS256 verifies', async () => [
    await eg.verifyJwt(hs, options),
    { header: { alg: 'HS256', typ: 'JWT' }, claims },
  ])
  // Flip one bit of the signature's first character (it stays canonical base64url).
  const tampered = hs.slice(0, hs.lastIndexOf('.') + 1) + flip(hs[hs.lastIndexOf('.') + 1]) + hs.slice(hs.lastIndexOf('.') + 2)
  await check('jwt HS256 tampered', async () => [await codeOf(() => eg.verifyJwt(tampered, options)), 'signature'])
  await check('jwt HS256 expired', async () => [await codeOf(() => eg.verifyJwt(hs, { ...options, now: 2000000100 })), 'expired'])
  await check('jwt wrong audience', async () => [await codeOf(() => eg.verifyJwt(hs, { ...options, audience: 'other' })), 'audience'])
  // The same claims with {"alg":"none"} and no signature: never accepted.
  const unsigned = `${b64url(JSON.stringify({ alg: 'none' }))}.${hs.split('.')[1]}.`
  await check('jwt alg none', async () => [await codeOf(() => eg.verifyJwt(unsigned, options)), 'alg_not_allowed'])

  const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' }
  const [key, other] = await Promise.all([1, 2].map(() => crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])))
  const jwk = { ...(await crypto.subtle.exportKey('jwk', key.publicKey)), kid: 'k1' }
  const otherJwk = { ...(await crypto.subtle.exportKey('jwk', other.publicKey)), kid: 'k1' }
  for (const j of [jwk, otherJwk]) { delete j.key_ops; delete j.ext }
  const es = await signJwt({ alg: 'ES256', kid: 'k1' }, { sub: 'u2', exp: 2000000000 },
    (data) => crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, data))
  await check('jwt ES256 verifies', async () => [
    await eg.verifyJwt(es, { algorithms: ['ES256'], jwks: { keys: [jwk] }, now }),
    { header: { alg: 'ES256', kid: 'k1' }, claims: { sub: 'u2', exp: 2000000000 } },
  ])
  await check('jwt ES256 other key', async () => [
    await codeOf(() => eg.verifyJwt(es, { algorithms: ['ES256'], jwks: { keys: [otherJwk] }, now })),
    'signature',
  ])
}

/** CSRF: Fetch Metadata verdicts and a double-submit token round trip. */
async function checkCsrf (eg, check) {
  const csrf = eg.csrf()
  const request = (method, site) => ({ method, url: 'https://a.example/x', headers: { host: 'a.example', 'sec-fetch-site': site, origin: site === 'same-origin' ? 'https://a.example' : 'https://evil.example' } })
  const verdict = (r) => { const v = csrf.check(r); return [v.allowed, v.blocked, v.reason ?? null] }
  await check('csrf cross-site POST', () => [verdict(request('POST', 'cross-site')), [false, true, 'cross_origin_sec_fetch_site']])
  await check('csrf same-origin POST', () => [verdict(request('POST', 'same-origin')), [true, false, null]])
  await check('csrf cross-site GET', () => [verdict(request('GET', 'cross-site')), [true, false, null]])
  csrf.close()

  const tokens = eg.csrf({ secrets: ['0123456789abcdef0123456789abcdef'] })
  await check('csrf token round trip', () => {
    const { token, setCookie } = tokens.generate('sess-1')
    const other = tokens.generate('sess-1').token
    return [
      [
        setCookie.startsWith(`__Host-psifi.x-csrf-token=${token}; Path=/; Secure; HttpOnly; SameSite=Strict`),
        tokens.verify('sess-1', token, token).ok,
        tokens.verify('sess-2', token, token).code,
        tokens.verify('sess-1', token, other).code,
        tokens.verify('sess-1', token, undefined).code,
      ],
      [true, true, 'csrf_token_invalid', 'csrf_token_mismatch', 'csrf_token_missing'],
    ]
  })
  tokens.close()
}

const encoder = new TextEncoder()

/** base64url without padding of text or bytes. */
export function b64url (data) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A compact JWS: `sign` gets the signing input's bytes and returns the signature. */
async function signJwt (header, claims, sign) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  return `${input}.${b64url(await sign(encoder.encode(input)))}`
}

/** Another base64url character whose first bit differs (A↔g, …). */
function flip (c) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return alphabet[alphabet.indexOf(c) ^ 32]
}

/** JSON with sorted object keys, so comparisons ignore member order. */
function canonical (value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v)) ?? 'undefined'
}
