import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { entryFor, moduleGraph } from './pkg.mjs'

const root = mkdtempSync(join(tmpdir(), 'eg-pkg-'))
after(() => rmSync(root, { recursive: true, force: true }))

function files (dir, map) {
  for (const [name, text] of Object.entries(map)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
}

describe('entryFor', () => {
  const dir = join(root, 'entry')
  files(dir, {
    'package.json': JSON.stringify({
      exports: {
        '.': {
          types: './index.d.ts',
          workerd: './w.js',
          node: { import: './n.mjs', require: './n.cjs' },
          browser: './b.js',
          default: './d.js',
        },
      },
    }),
  })
  const cases = [
    [['workerd', 'worker', 'import'], 'w.js'],
    [['node', 'import'], 'n.mjs'],
    [['browser', 'import'], 'b.js'],
    [['deno'], 'd.js'],
  ]
  for (const [conditions, want] of cases) {
    it(conditions.join(','), () => assert.equal(entryFor(conditions, dir), join(dir, want)))
  }
  it('fails clearly without a matching export', () => {
    const bare = join(root, 'bare')
    files(bare, { 'package.json': JSON.stringify({ exports: { '.': { node: './n.js' } } }) })
    assert.throws(() => entryFor(['browser'], bare), /no "\." export for conditions browser/)
  })
})

describe('moduleGraph', () => {
  it('follows every relative import form once, skipping bare and missing ones', () => {
    const dir = join(root, 'graph')
    files(dir, {
      'src/entry.js': [
        "import wasm from '../dist/m.wasm'",
        "import {\n  a,\n  b as c,\n} from './a.js'",
        "export { x } from \"./b.js\"",
        "export * from './a.js'",
        "import './side.js'",
        "const lazy = () => import('./lazy.js')",
        "import { z } from 'bare-package'",
        "// see import x from './not-there.js'",
      ].join('\n'),
      'src/a.js': "import { y } from './entry.js'\n",
      'src/b.js': 'export const x = 1\n',
      'src/side.js': '',
      'src/lazy.js': '',
      'dist/m.wasm': '\0asm',
    })
    assert.deepEqual(
      moduleGraph([join(dir, 'src/entry.js')]).map((f) => f.slice(dir.length + 1)),
      ['src/entry.js', 'dist/m.wasm', 'src/a.js', 'src/b.js', 'src/side.js', 'src/lazy.js'],
    )
  })
})
