// Runs one case (cases.mjs) through the real express-validator and through
// edgeguard, in the shapes the differential test compares.
//
// express-validator runs without Express: its chains' run(req) on a plain
// request object, which is what its middlewares do inside Express. The
// wrapper keys map onto its own middlewares in the order an application
// would mount them: checkSchema(schema), then oneOf(...) per group, then
// checkExact() when unknown is "reject".

import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { checkSchema, checkExact, matchedData, oneOf, validationResult } = require('express-validator')

const ALL_LOCATIONS = ['body', 'cookies', 'headers', 'params', 'query']

// edgeguard writes express-validator's `if: body('f').rules` as
// {field, in, ...rules} (JSON has no chains); build the chain back.
function conditionChain({ field, in: locations, ...rules }) {
  const locs = locations ? (Array.isArray(locations) ? locations : [locations]) : ALL_LOCATIONS
  return checkSchema({ [field]: { in: locs, ...rules } })[0]
}

/** The schema as checkSchema takes it: `if` conditions become chains. */
export function toCheckSchema(schema) {
  const out = {}
  for (const [field, cfg] of Object.entries(schema)) {
    const c = {}
    for (const [k, v] of Object.entries(cfg)) {
      c[k] = v && typeof v === 'object' && v.if ? { ...v, if: conditionChain(v.if) } : v
    }
    out[field] = c
  }
  return out
}

/**
 * Compiles a case's schema and options into express-validator middlewares
 * once (as an application does at start-up).
 * @returns {(req: object) => Promise<void>} runs them all on a request
 */
export function compileExpressValidator(schema, options = {}) {
  const chains = checkSchema(toCheckSchema(schema))
  const groups = (options.oneOf ?? []).map((g) =>
    oneOf(g.groups.map((group) => checkSchema(toCheckSchema(group))), { message: g.message, errorType: g.errorType }))
  const exact = options.unknown === 'reject'
    ? checkExact([], { locations: options.unknownLocations, message: options.unknownMessage })
    : null
  return async (req) => {
    await chains.run(req)
    for (const g of groups) await g.run(req)
    if (exact) await exact.run(req)
  }
}

/** A fresh request object as Express would hand it to the middlewares. */
export function expressRequest(request) {
  const r = structuredClone(request)
  return { body: r.body === undefined ? {} : r.body, query: r.query ?? {}, params: r.params ?? {}, headers: r.headers ?? {}, cookies: r.cookies ?? {} }
}

/** `{errors, data}`: validationResult(req).array() and matchedData(req). */
export async function runExpressValidator(c) {
  const req = expressRequest(c.request)
  await compileExpressValidator(c.schema, c.options)(req)
  return { errors: validationResult(req).array(), data: matchedData(req) }
}

/**
 * edgeguard's `{errors, data}` for a case, with redaction turned off and its
 * additions (code, params, ok) removed, so that it is comparable with
 * express-validator's.
 */
export function runEdgeguard(eg, c) {
  const r = eg.validate(c.schema, expressRequest(c.request), { ...c.options, showSecrets: true })
  return { errors: r.errors.map(withoutAdditions), data: r.data }
}

function withoutAdditions(e) {
  const { code, params, ...rest } = e
  if (rest.nestedErrors) {
    rest.nestedErrors = rest.nestedErrors.map((n) => (Array.isArray(n) ? n.map(withoutAdditions) : withoutAdditions(n)))
  }
  return rest
}
