// Entry for Bun (condition "bun", listed before "node" because Bun matches
// both). Bun's node:wasi cannot initialize a reactor, which is why the shim
// is ours; reading files works as in Node, so the loader is Node's.

export * from './entry-node.js'
