// The smoke run for runtimes that execute a file: Node, Deno and Bun. It is
// copied into the project that installed the tarball and started there
// (`node cli.mjs`, `deno run --node-modules-dir=manual --allow-read cli.mjs`,
// `bun cli.mjs`); the bare 'edgeguard' resolves through that project's
// node_modules with the runtime's own export conditions. Prints one JSON
// report on stdout: where each specifier resolved, where the module file is,
// the checks that ran and the failures.

import * as edgeguard from 'edgeguard'
import { readFileSync } from 'node:fs'
import { runChecks, subpathExports } from './checks.mjs'

const manifest = JSON.parse(readFileSync(new URL('./node_modules/edgeguard/package.json', import.meta.url), 'utf8'))
const specifiers = ['edgeguard', ...Object.keys(subpathExports), 'edgeguard/dist/edgeguard.wasm']
const resolved = Object.fromEntries(specifiers.map((s) => [s, String(import.meta.resolve(s))]))

const report = await runChecks(edgeguard, {
  version: manifest.version,
  subpaths: Object.keys(subpathExports),
  importer: (specifier) => import(specifier),
})
console.log(JSON.stringify({ resolved, wasmURL: edgeguard.wasmURL?.href ?? null, ...report }))
