// Runs the real helmet on every case of cases.json and writes expected.json:
// for each case, the headers helmet's middleware sets (in order) and removes,
// or the error helmet throws when the middleware is created.
//
//   cd tests/helmet && npm install && node generate.mjs
//
// JSON cannot hold helmet's contentSecurityPolicy.dangerouslyDisableDefaultSrc
// symbol; the cases write it as {"dangerouslyDisableDefaultSrc": true}.
import {readFileSync, writeFileSync} from "node:fs"
import helmet, {contentSecurityPolicy} from "helmet"

const {cases} = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8"))
const version = JSON.parse(readFileSync(new URL("./node_modules/helmet/package.json", import.meta.url), "utf8")).version

function toHelmetOptions(options) {
	const copy = structuredClone(options)
	const directives = copy.contentSecurityPolicy?.directives
	if (directives && typeof directives === "object") {
		for (const [name, value] of Object.entries(directives)) {
			if (value && typeof value === "object" && !Array.isArray(value) && value.dangerouslyDisableDefaultSrc === true) {
				directives[name] = contentSecurityPolicy.dangerouslyDisableDefaultSrc
			}
		}
	}
	return copy
}

function run(options) {
	const warnings = []
	const warn = console.warn
	console.warn = (msg) => warnings.push(String(msg))
	try {
		const middleware = helmet(toHelmetOptions(options))
		const headers = []
		const remove = []
		const res = {
			setHeader(name, value) { headers.push([name, String(value)]) },
			removeHeader(name) { remove.push(name) },
		}
		let nextErr = null
		middleware({}, res, (err) => { nextErr = err ?? null })
		if (nextErr) return {error: {name: nextErr.name, message: nextErr.message}, warnings}
		return {headers, remove, warnings}
	} catch (err) {
		return {error: {name: err.name, message: err.message}, warnings}
	} finally {
		console.warn = warn
	}
}

// Seeded random option sets on top of the hand-written cases: each picks a
// few options, with values drawn from pools of valid and invalid ones.
let seed = 0x9e3779b9
const rnd = (n) => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed % n }
const pick = (xs) => xs[rnd(xs.length)]
const pools = {
	contentSecurityPolicy: [true, false, {}, {reportOnly: true}, {useDefaults: false}, "directives"],
	crossOriginEmbedderPolicy: [true, false, {}, {policy: "credentialless"}, {policy: "unsafe-none"}, {policy: "bad"}],
	crossOriginOpenerPolicy: [true, false, {policy: "same-origin-allow-popups"}, {policy: "noopener-allow-popups"}, {policy: "x"}],
	crossOriginResourcePolicy: [true, false, {policy: "cross-origin"}, {policy: "same-site"}, {policy: null}],
	originAgentCluster: [true, false, {}],
	referrerPolicy: [true, false, {policy: "origin"}, {policy: ["no-referrer", "unsafe-url"]}, {policy: []}, {policy: ["origin", "origin"]}, {policy: "nope"}],
	strictTransportSecurity: [true, false, {maxAge: 0}, {maxAge: 86400.5, preload: true}, {includeSubDomains: false}, {maxAge: -3}, {maxage: 1}],
	hsts: [false, {maxAge: 123}],
	xContentTypeOptions: [true, false, {}], noSniff: [false],
	xDnsPrefetchControl: [true, false, {allow: true}, {allow: 0}], dnsPrefetchControl: [{allow: true}],
	xDownloadOptions: [true, false], ieNoOpen: [false],
	xFrameOptions: [true, false, {action: "deny"}, {action: "SAMEORIGIN"}, {action: "same-origin"}, {action: "allow-from"}], frameguard: [{action: "deny"}, false],
	xPermittedCrossDomainPolicies: [true, false, {permittedPolicies: "by-content-type"}, {permittedPolicies: "nope"}], permittedCrossDomainPolicies: [false],
	xPoweredBy: [true, false], hidePoweredBy: [false],
	xXssProtection: [true, false, {}], xssFilter: [false],
}
const directiveNames = ["defaultSrc", "default-src", "scriptSrc", "script-src", "styleSrc", "imgSrc", "objectSrc", "baseUri", "frameAncestors",
	"upgradeInsecureRequests", "reportUri", "workerSrc", "bad_name", "Upper", "trailing-"]
const directiveValues = [null, "'self'", ["'self'", "https://cdn.example"], [], "", ["'none'"], ["self"], ["'nonce-abc'"], ["nonce-abc"], ["a;b"],
	["a,b"], ["'unsafe-inline'", "data:"], ["'strict-dynamic'", "https:"], false, 0, {dangerouslyDisableDefaultSrc: true}]
const random = []
for (let i = 0; i < 200; i++) {
	const options = {}
	const keys = Object.keys(pools)
	for (let k = 0, n = 1 + rnd(5); k < n; k++) {
		const key = pick(keys)
		let value = pick(pools[key])
		if (value === "directives") {
			const directives = {}
			for (let d = 0, nd = rnd(4); d < nd; d++) directives[pick(directiveNames)] = structuredClone(pick(directiveValues))
			value = {useDefaults: rnd(3) !== 0, directives}
		}
		options[key] = structuredClone(value)
	}
	random.push({name: `random/${i + 1}`, options})
}

const results = [...cases, ...random].map((c) => ({...c, ...run(c.options)}))
writeFileSync(new URL("./expected.json", import.meta.url),
	JSON.stringify({generator: "tests/helmet/generate.mjs", helmet: version, node: process.version, cases: results}, null, 1) + "\n")
console.log(`helmet ${version}: ${results.length} cases, ${results.filter((r) => r.error).length} errors`)
