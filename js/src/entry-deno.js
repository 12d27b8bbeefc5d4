// Entry for Deno (condition "deno", listed before "node" because Deno matches
// both). Deno's node:fs and node:url work, so the loader is Node's; it needs
// --allow-read for the package's own module file.

export * from './entry-node.js'
