// Differential fixture for csp.Evaluate: runs google/csp-evaluator 1.1.6 on
// many policies and writes evaluator_expected.json. Not needed to run the
// tests (the JSON is committed); to regenerate:
//
//   mkdir /tmp/cspe && cd /tmp/cspe && npm init -y && npm install csp_evaluator@1.1.6 typescript@5
//   mkdir src && cp -r node_modules/csp_evaluator/{allowlist_bypasses,checks,lighthouse,*.ts} src/ && rm src/*_test.ts src/*/*_test.ts
//   npx tsc --outDir out --module commonjs --target es2020 --skipLibCheck --resolveJsonModule src/*.ts src/*/*.ts
//   CSPE=/tmp/cspe/out CORPUS=<repo>/../shared/corpora/csp-evaluator node <repo>/csp/testdata/generate_evaluator_fixture.mjs
//
// Policies: every policy of the corpus, hand-written ones, and 300 random
// combinations of directives and sources (seeded, so reproducible); for each,
// the parse result and three evaluations; plus Lighthouse's evaluations of
// 150 random groups of policies.
import {createRequire} from "node:module"
import {readFileSync, writeFileSync} from "node:fs"
const require = createRequire(import.meta.url)
const out = process.env.CSPE
const {CspParser} = require(`${out}/parser.js`)
const {CspEvaluator, DEFAULT_CHECKS, STRICTCSP_CHECKS} = require(`${out}/evaluator.js`)
const {Version} = require(`${out}/csp.js`)
const {Type, Severity} = require(`${out}/finding.js`)

const policies = new Set()
for (const c of JSON.parse(readFileSync(`${process.env.CORPUS}/parser_cases.json`, "utf8"))) policies.add(c.policy)
for (const c of JSON.parse(readFileSync(`${process.env.CORPUS}/cases.json`, "utf8"))) for (const p of [c.csp].flat()) policies.add(p)
for (const p of [
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  "default-src 'self';base-uri 'none';object-src 'none';script-src 'nonce-rAnd0mNonceValue123456' 'strict-dynamic' https: 'unsafe-inline' 'wasm-unsafe-eval';script-src-attr 'none';require-trusted-types-for 'script'",
  "script-src 'nonce-abc' 'unsafe-inline'; script-src-elem 'self' https://ajax.googleapis.com/ajax/libs/; object-src https://vk.com/swf/video.swf",
  "default-src *; script-src * 'unsafe-eval' http://127.0.0.1:8080 https://[::1]/x 10.0.0.1; report-uri http://r.example/",
  "script-src 'sha256-abc' 'strict-dynamic'; report-to csp; trusted-types a b 'allow-duplicates' 'none' 'foo'",
  "SCRIPT-SRC 'SELF' HTTPS: data: ; Object-Src 'NONE'; referrer no-referrer; reflected-xss block; disown-opener; prefetch-src 'self'",
  "script-src www.googletagmanager.com 'unsafe-eval'; plugin-types application/pdf; object-src *",
  "script-src *.google.com/jsapi *.googleapis.com/ajax/ *.yandex.st; base-uri https:",
  "script-src: 'self'; default-src 'none' script-src 'self'; style-src nonce-x sha256-y self",
  "script-src 'nonce-rAnd0mNonceValue123456' 'strict-dynamic' 'wasm-unsafe-eval' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; report-to csp",
  "", ";;;", "default-src", "script-src 'nonce-short' 'nonce-with$bad' 'nonce-'",
]) policies.add(p)

// Seeded xorshift, so the random policies are reproducible.
let seed = 0x2545f491
const rnd = (n) => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed % n }
const names = ["default-src", "script-src", "script-src-elem", "script-src-attr", "object-src", "base-uri", "style-src", "img-src",
  "require-trusted-types-for", "trusted-types", "report-uri", "report-to", "plugin-types", "frame-ancestors", "foo-src", "worker-src", "referrer"]
const values = ["'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "'wasm-unsafe-eval'",
  "'nonce-aaaaaaaaaa'", "'nonce-abc'", "'sha256-aaaa'", "'script'", "'allow-duplicates'", "'bogus'", "self", "nonce-x", "*", "https:", "http:", "data:",
  "blob:", "https://*", "*.google.com", "www.google.com", "ajax.googleapis.com/ajax/libs/", "vk.com", "https://example.com/a.js", "example.org",
  "http://insecure.example", "127.0.0.1", "[::1]", "8.8.8.8:53", "script-src", "application/x-shockwave-flash", "'SELF'", "HTTPS:"]
for (let i = 0; i < 300; i++) {
  const ds = []
  for (let d = 0, nd = 1 + rnd(4); d < nd; d++) {
    const vs = [names[rnd(names.length)]]
    for (let v = 0, nv = rnd(5); v < nv; v++) vs.push(values[rnd(values.length)])
    ds.push(vs.join(" "))
  }
  policies.add(ds.join("; "))
}

// A finding is [type, severity, directive, value or null, index into descriptions]
// (descriptions repeat a lot; this keeps the file small).
const descriptions = []
const descIndex = new Map()
const finding = (f) => {
  if (!descIndex.has(f.description)) { descIndex.set(f.description, descriptions.length); descriptions.push(f.description) }
  return [Type[f.type], Severity[f.severity], f.directive, f.value ?? null, descIndex.get(f.description)]
}
const cases = []
for (const policy of policies) {
  const entry = {policy}
  for (const [key, run] of [
    ["default", () => new CspEvaluator(new CspParser(policy).csp, Version.CSP3).evaluate()],
    ["strict", () => new CspEvaluator(new CspParser(policy).csp, Version.CSP3).evaluate(STRICTCSP_CHECKS, DEFAULT_CHECKS)],
    ["csp1", () => new CspEvaluator(new CspParser(policy).csp, Version.CSP1).evaluate()],
  ]) {
    try { entry[key] = run().map(finding) } catch (e) { entry[key] = {error: String(e.message ?? e)} }
  }
  cases.push(entry)
}
// Parse results, and Lighthouse's three evaluations on seeded groups of 1-3 policies.
for (const entry of cases) entry.parsed = Object.entries(new CspParser(entry.policy).csp.directives)
const {evaluateForFailure, evaluateForWarnings, evaluateForSyntaxErrors} = require(`${out}/lighthouse/lighthouse_checks.js`)
const all = [...policies]
const lighthouse = []
for (let i = 0; i < 150; i++) {
  const group = []
  for (let j = 0, n = 1 + rnd(3); j < n; j++) group.push(all[rnd(all.length)])
  const parsed = () => group.map((p) => new CspParser(p).csp)
  lighthouse.push({policies: group, failures: evaluateForFailure(parsed()).map(finding),
    warnings: evaluateForWarnings(parsed()).map(finding), syntax: evaluateForSyntaxErrors(parsed()).map((fs) => fs.map(finding))})
}
writeFileSync(new URL("./evaluator_expected.json", import.meta.url),
  JSON.stringify({generator: "csp/testdata/generate_evaluator_fixture.mjs", csp_evaluator: "1.1.6", descriptions, cases, lighthouse}) + "\n")
console.log(`${cases.length} policies`)
