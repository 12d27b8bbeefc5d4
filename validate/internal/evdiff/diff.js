// diff.js CASES OURS: runs CASES through express-validator and compares with OURS (see main.go).
const { checkSchema, validationResult, matchedData, oneOf, checkExact } = require('express-validator');
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const ours = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
function toChainCond(c) { const { field, in: loc, ...rules } = c; const locs = loc ? (Array.isArray(loc) ? loc : [loc]) : ['body','cookies','headers','params','query']; return checkSchema({ [field]: { in: locs, ...rules } })[0]; }
function convert(schema) { const out = {}; for (const [f, cfg] of Object.entries(schema)) { const c = {}; for (const [k, v] of Object.entries(cfg)) c[k] = (v && typeof v === 'object' && v.if) ? { ...v, if: toChainCond(v.if) } : v; out[f] = c; } return out; }
function strip(e, evErr) { const { code, params, ...rest } = e; if (rest.value === '[REDACTED]' && evErr) rest.value = evErr.value;
  if (rest.fields && evErr && evErr.fields) rest.fields = rest.fields.map((f, i) => f.value === '[REDACTED]' ? { ...f, value: evErr.fields[i].value } : f);
  if (rest.nestedErrors) rest.nestedErrors = rest.nestedErrors.map((x, i) => Array.isArray(x) ? x.map((y, j) => strip(y, evErr && evErr.nestedErrors[i] && evErr.nestedErrors[i][j])) : strip(x, evErr && evErr.nestedErrors[i]));
  return rest; }
(async () => {
  let same = 0, diff = 0;
  for (const tc of cases) {
    let schema = tc.schema, wrapper = null;
    if (schema.schema && typeof schema.schema === 'object') { wrapper = schema; schema = schema.schema; }
    const r = tc.request;
    const req = { body: r.body === undefined ? {} : r.body, query: r.query || {}, params: r.params || {}, headers: r.headers || {}, cookies: r.cookies || {} };
    const chains = checkSchema(convert(schema));
    if (wrapper && wrapper.unknown === 'reject') await checkExact(chains).run(req); else await chains.run(req);
    if (wrapper && wrapper.oneOf) for (const g of wrapper.oneOf) await oneOf(g.groups.map(gr => checkSchema(convert(gr))), { message: g.message, errorType: g.errorType }).run(req);
    const errs = validationResult(req).array();
    const got = JSON.stringify({ errors: errs, data: matchedData(req) });
    const o = ours[tc.name];
    const want = JSON.stringify({ errors: o.errors.map((e, i) => strip(e, errs[i])), data: o.data });
    if (got === want) same++; else { diff++; console.log('DIFF', tc.name); console.log('  ev  ', got); console.log('  ours', want); }
  }
  console.log('same', same, 'diff', diff);
  process.exitCode = diff ? 1 : 0;
})();
