// Child-process hygiene for the drivers: every child runs in its own process
// group and is killed, with everything it started, when the driver exits for
// any reason (success, error, signal or the hard deadline). A conformance run
// must never leave a workerd or a browser behind on a shared machine.

import { spawn } from 'node:child_process'
import { constants } from 'node:os'

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set()
/** @type {Set<() => unknown>} */
const cleanups = new Set()

/**
 * Spawns `cmd` in a new process group and tracks it until it exits.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [opts]
 */
export function spawnTracked (cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true })
  children.add(child)
  child.on('exit', () => children.delete(child))
  // Without an error listener a failed spawn (ENOENT) would crash the
  // process instead of reaching the caller's promise.
  child.on('error', () => children.delete(child))
  return child
}

/**
 * Kills `child`'s whole process group with SIGKILL. Safe to call twice and
 * on a child that already exited.
 * @param {import('node:child_process').ChildProcess} child
 */
export function killTree (child) {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
  children.delete(child)
}

/**
 * Registers an asynchronous cleanup (closing a browser, a server) to run
 * before the driver exits on error, signal or deadline. Returns a function
 * that unregisters it.
 * @param {() => unknown} fn
 */
export function onCleanup (fn) {
  cleanups.add(fn)
  return () => cleanups.delete(fn)
}

/** Kills every tracked child; synchronous, so it also works in 'exit'. */
export function killAll () {
  for (const child of [...children]) killTree(child)
}

let exiting = false

/**
 * Kills every child, runs the registered cleanups (given at most 5 s in all)
 * and exits with `code`. Children die first so that none can write a file a
 * cleanup has just removed.
 * @param {number} code
 */
export async function shutdown (code) {
  if (exiting) return
  exiting = true
  killAll()
  const fns = [...cleanups]
  cleanups.clear()
  await Promise.race([
    Promise.allSettled(fns.map(async (fn) => fn())),
    new Promise((resolve) => setTimeout(resolve, 5000).unref()),
  ])
  killAll()
  process.exit(code)
}

process.on('exit', killAll)
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.error(`interrupted by ${signal}`)
    shutdown(code)
  })
}

/**
 * A failure of the host under test (it exited non-zero, the page reported an
 * error, …), as opposed to a bug in the driver: reported by its message
 * alone, since the driver's stack says nothing about it.
 */
export class HostError extends Error {
  name = 'HostError'
}

/**
 * Runs `main` under a hard deadline: when `ms` pass first, it reports the
 * timeout, cleans up and exits 124 (the code of timeout(1)). Any error from
 * `main` is printed (a HostError without its stack) and exits 1. Always exits through shutdown so that no
 * child outlives the driver.
 * @param {string} what name for messages
 * @param {number} ms
 * @param {() => Promise<void>} main
 */
export async function runWithDeadline (what, ms, main) {
  const timer = setTimeout(() => {
    console.error(`${what}: timed out after ${ms / 1000} s`)
    shutdown(124)
  }, ms)
  try {
    await main()
    clearTimeout(timer)
    await shutdown(0)
  } catch (err) {
    clearTimeout(timer)
    console.error(`${what}: ${err instanceof HostError ? err.message : err?.stack ?? err}`)
    await shutdown(1)
  }
}

/**
 * Collects a readable stream's text up to `limit` characters, for error
 * messages that quote a child's output without flooding the log.
 * @param {import('node:stream').Readable | null} stream
 * @param {number} [limit]
 */
export function captureText (stream, limit = 64 * 1024) {
  const box = { text: '' }
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk) => {
    if (box.text.length < limit) box.text += chunk.slice(0, limit - box.text.length)
  })
  return box
}

/**
 * Waits for `child` to exit; resolves with its exit code (or 128+signal),
 * rejects when it could not be started.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number>}
 */
export function exited (child) {
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)))
  })
}

