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

const results = cases.map((c) => ({...c, ...run(c.options)}))
writeFileSync(new URL("./expected.json", import.meta.url),
	JSON.stringify({generator: "tests/helmet/generate.mjs", helmet: version, node: process.version, cases: results}, null, 1) + "\n")
console.log(`helmet ${version}: ${results.length} cases, ${results.filter((r) => r.error).length} errors`)
