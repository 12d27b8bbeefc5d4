// Tests that a driver's deadline kills its children, grandchildren included.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const proc = fileURLToPath(new URL('./proc.mjs', import.meta.url))

// A process is gone once it no longer exists or is a zombie waiting to be
// reaped by init (it no longer runs).
function running (pid) {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

// The driver under test: starts `sh`, which starts a `sleep` of its own, and
// prints both process ids; then waits far longer than the deadline.
const driver = `
import { runWithDeadline, spawnTracked } from ${JSON.stringify(proc)}
await runWithDeadline('test', 300, async () => {
  const child = spawnTracked('sh', ['-c', 'sleep 30 & echo $$ $!; wait'], { stdio: ['ignore', 'pipe', 'inherit'] })
  child.stdout.pipe(process.stdout)
  await new Promise(() => {})
})
`

describe('runWithDeadline', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('exits 124 and kills the whole process group', () => {
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', driver], { encoding: 'utf8', timeout: 20_000 })
    assert.equal(res.status, 124, res.stderr)
    assert.match(res.stderr, /test: timed out after 0\.3 s/)
    const pids = res.stdout.trim().split(/\s+/).map(Number)
    assert.equal(pids.length, 2, `pids: ${res.stdout}`)
    for (const pid of pids) assert.equal(running(pid), false, `process ${pid} survived`)
  })
  it('exits 1 and reports the error when main throws', () => {
    const script = `import { runWithDeadline } from ${JSON.stringify(proc)}
await runWithDeadline('test', 10000, async () => { throw new Error('boom') })`
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
    assert.equal(res.status, 1)
    assert.match(res.stderr, /test: Error: boom/)
  })
})
